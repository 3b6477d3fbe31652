import type { Node } from '@vscode/tree-sitter-wasm';
import { childrenOf, fieldText, type Declaration } from './declaration.js';
import type { LanguageReader } from './language.js';

const IMPORT_QUERY = '(import_declaration) @spec';

const TYPE_KINDS: Record<string, Declaration['kind']> = {
  class_declaration: 'class',
  record_declaration: 'class',
  interface_declaration: 'interface',
  annotation_type_declaration: 'interface',
  enum_declaration: 'enum',
};
const MEMBER_TYPES = new Set(['method_declaration', 'constructor_declaration']);
const BODY_TYPES = new Set(['class_body', 'interface_body', 'enum_body', 'enum_body_declarations', 'annotation_type_body']);

function isPublic(node: Node): boolean {
  const modifiers = childrenOf(node).find((child) => child.type === 'modifiers');
  return modifiers !== undefined && /(?:^|\s)public(?:\s|$)/.test(modifiers.text);
}

/** `import static a.B.c;` → `a.B.c`; `import a.b.*;` → `a.b.*`. */
function specifierOf(declaration: Node): string {
  return declaration.text.replace(/^import\s+(?:static\s+)?|\s|;$/g, '');
}

/** Members of a type body; interface members are public without saying so. Nested types recurse. */
function membersOf(body: Node | null, parent: string, inInterface: boolean): Declaration[] {
  return childrenOf(body).flatMap((member): Declaration[] => {
    if (member.type === 'enum_body_declarations') return membersOf(member, parent, inInterface);
    if (MEMBER_TYPES.has(member.type)) {
      const name = fieldText(member, 'name');
      const exported = inInterface || isPublic(member);
      return [{ name, kind: 'method', exported, parent, span: member, cut: member.childForFieldName('body') }];
    }
    return typeDeclaration(member, parent, inInterface);
  });
}

function typeDeclaration(node: Node, parent: string | undefined, inInterface: boolean): Declaration[] {
  const kind = TYPE_KINDS[node.type];
  if (!kind) return [];
  const name = fieldText(node, 'name');
  const body = childrenOf(node).find((child) => BODY_TYPES.has(child.type)) ?? null;
  const declaration: Declaration = { name, kind, exported: inInterface || isPublic(node), span: node, cut: body };
  if (parent !== undefined) declaration.parent = parent;
  return [declaration, ...membersOf(body, name, kind === 'interface')];
}

export const javaReader: LanguageReader = {
  grammar: 'java',
  importQuery: IMPORT_QUERY,
  importWords: /import/,
  importsOf: (declarations) => declarations.map(specifierOf),
  declarationsOf: (root) => childrenOf(root).flatMap((node) => typeDeclaration(node, undefined, false)),
};
