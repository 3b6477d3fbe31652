import type { Node } from '@vscode/tree-sitter-wasm';
import type { SymbolInfo, SymbolKind } from '../types.js';

/** What a language walker found; `symbolOf` turns it into the contract's SymbolInfo. */
export interface Declaration {
  name: string;
  kind: SymbolKind;
  exported: boolean;
  parent?: string;
  /** The node whose lines the symbol spans (an `export` or decorators included). */
  span: Node;
  /** Where the head starts when not at the span, e.g. past Python decorators. */
  head?: Node;
  /** Where the head stops, e.g. the body; absent: the whole span is the head. */
  cut?: Node | null;
}

const SIGNATURE_MAX = 200;
const ANNOTATIONS = new Set(['decorator', 'annotation', 'marker_annotation']);
// Punctuation that opens a body the head no longer shows, or ends a statement.
const TRAILING_OPENER = /\s*[{:=;]\s*$/;

/** Decorators and annotations read as noise in a one-line head: the ranges to leave out. */
function annotationsOf(node: Node): Node[] {
  const found: Node[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (ANNOTATIONS.has(child.type)) found.push(child);
    else if (child.type === 'modifiers') found.push(...annotationsOf(child));
  }
  return found;
}

function headText(source: string, head: Node, end: number): string {
  let text = '';
  let from = head.startIndex;
  for (const annotation of annotationsOf(head)) {
    if (annotation.startIndex >= end) break;
    text += source.slice(from, annotation.startIndex);
    from = annotation.endIndex;
  }
  text += source.slice(from, end);
  const line = text.replace(/\s+/g, ' ').trim().replace(TRAILING_OPENER, '');
  return line.length > SIGNATURE_MAX ? `${line.slice(0, SIGNATURE_MAX - 1)}…` : line;
}

export function symbolOf(source: string, declaration: Declaration): SymbolInfo {
  const { span, head = span, cut } = declaration;
  const symbol: SymbolInfo = {
    name: declaration.name,
    kind: declaration.kind,
    signature: headText(source, head, cut ? cut.startIndex : span.endIndex),
    startLine: span.startPosition.row + 1,
    endLine: span.endPosition.row + 1,
    exported: declaration.exported,
  };
  if (declaration.parent !== undefined) symbol.parent = declaration.parent;
  return symbol;
}

/** A field's text, or '' when the node has no such field. */
export function fieldText(node: Node, field: string): string {
  return node.childForFieldName(field)?.text ?? '';
}

/** Named children without the nulls the runtime's typings allow. */
export function childrenOf(node: Node | null | undefined): Node[] {
  return node ? node.namedChildren.filter((child): child is Node => child !== null) : [];
}
