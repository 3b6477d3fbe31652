import type { Node } from '@vscode/tree-sitter-wasm';
import { childrenOf, fieldText, type Declaration } from './declaration.js';
import type { LanguageReader } from './language.js';

// `use` trees, and `mod x;` declarations (a body-less mod names a file).
const IMPORT_QUERY = `
(use_declaration argument: (_) @spec)
(mod_item !body) @spec
`;

const KINDS: Record<string, Declaration['kind']> = {
  function_item: 'function',
  function_signature_item: 'function',
  struct_item: 'struct',
  union_item: 'struct',
  enum_item: 'enum',
  trait_item: 'trait',
  type_item: 'type',
  const_item: 'constant',
  static_item: 'constant',
  mod_item: 'module',
  macro_definition: 'function',
};

/** Plain `pub` only: `pub(crate)` and `pub(super)` stay inside the crate. */
function isPub(item: Node): boolean {
  return childrenOf(item).some((child) => child.type === 'visibility_modifier' && child.text === 'pub');
}

/** `use a::{b, c::d as e, f::*}` → `a::b`, `a::c::d`, `a::f`: every path the tree names. */
function usePaths(node: Node, prefix: string): string[] {
  switch (node.type) {
    case 'use_as_clause':
      return usePaths(node.childForFieldName('path') ?? node, prefix);
    case 'use_wildcard': {
      const path = node.firstNamedChild;
      return path ? usePaths(path, prefix) : [prefix.replace(/::$/, '')];
    }
    case 'use_list':
      return childrenOf(node).flatMap((item) => usePaths(item, prefix));
    case 'scoped_use_list': {
      const path = fieldText(node, 'path');
      const list = node.childForFieldName('list');
      return list ? usePaths(list, path ? `${prefix}${path}::` : prefix) : [];
    }
    case 'self': // `a::{self, b}` names `a` itself
      return [prefix.replace(/::$/, '')];
    default:
      return [prefix + node.text.replace(/\s+/g, '')];
  }
}

function specifiersOf(spec: Node): string[] {
  if (spec.type === 'mod_item') return [`mod ${fieldText(spec, 'name')}`];
  return usePaths(spec, '').filter((path) => path !== '');
}

/** `impl<T> Trait for Type<T>` → `Type`: the bare type name parents the methods. */
function implTarget(impl: Node): string {
  const type = impl.childForFieldName('type');
  const base = type?.childForFieldName('type') ?? type;
  return base?.text.replace(/^.*::/, '') ?? '';
}

function methodsOf(container: Node, parent: string, inherited: boolean): Declaration[] {
  return childrenOf(container.childForFieldName('body'))
    .filter((item) => item.type === 'function_item' || item.type === 'function_signature_item')
    .map((item) => ({
      name: fieldText(item, 'name'),
      kind: 'method' as const,
      exported: inherited || isPub(item),
      parent,
      span: item,
      cut: item.childForFieldName('body'),
    }));
}

function declarationsOf(root: Node): Declaration[] {
  return childrenOf(root).flatMap((item): Declaration[] => {
    if (item.type === 'impl_item') {
      const parent = implTarget(item);
      // Methods of a trait impl are as visible as the trait: public wherever the type is.
      const methods = methodsOf(item, parent, item.childForFieldName('trait') !== null);
      const exported = methods.some((method) => method.exported);
      return [{ name: parent, kind: 'impl', exported, span: item, cut: item.childForFieldName('body') }, ...methods];
    }
    const kind = KINDS[item.type];
    if (!kind) return [];
    const name = fieldText(item, 'name');
    const exported = isPub(item);
    const body = item.childForFieldName('body');
    const declaration: Declaration = { name, kind, exported, span: item, cut: kind === 'constant' ? null : body };
    if (item.type === 'macro_definition') declaration.cut = childrenOf(item)[1] ?? null;
    if (kind === 'trait') return [declaration, ...methodsOf(item, name, exported)];
    return [declaration];
  });
}

export const rustReader: LanguageReader = {
  grammar: 'rust',
  importQuery: IMPORT_QUERY,
  importWords: /use|mod/,
  importsOf: (specs) => specs.flatMap(specifiersOf),
  declarationsOf,
};
