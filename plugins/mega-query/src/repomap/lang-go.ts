import type { Node } from '@vscode/tree-sitter-wasm';
import { childrenOf, fieldText, type Declaration } from './declaration.js';
import type { LanguageReader } from './language.js';

const IMPORT_QUERY = '(import_spec path: (_) @spec)';

const isExported = (name: string): boolean => /^\p{Lu}/u.test(name);

const TYPE_KINDS: Record<string, Declaration['kind']> = { struct_type: 'struct', interface_type: 'interface' };

/** `(s *Server)` → `Server`: the receiver's base type names the method's parent. */
function receiverType(method: Node): string {
  const receiver = fieldText(method, 'receiver');
  return /([\p{L}_][\p{L}\p{N}_]*)\s*(?:\[[^\]]*\])?\s*\)\s*$/u.exec(receiver)?.[1] ?? '';
}

/** `type X struct {…}` and friends: one symbol per spec of a (possibly grouped) declaration. */
function typesOf(declaration: Node): Declaration[] {
  const specs = childrenOf(declaration).filter((spec) => spec.type === 'type_spec' || spec.type === 'type_alias');
  return specs.map((spec) => {
    const name = fieldText(spec, 'name');
    const type = spec.childForFieldName('type');
    const kind = (spec.type === 'type_spec' && type && TYPE_KINDS[type.type]) || 'type';
    const span = specs.length === 1 ? declaration : spec;
    // A struct's fields and an interface's methods are its body; keep the head.
    const cut = kind === 'type' ? null : type && (childrenOf(type)[0] ?? null);
    return { name, kind, exported: isExported(name), span, cut };
  });
}

/** `const (…)` / `var x int`: one symbol per declared name. */
function valuesOf(declaration: Node): Declaration[] {
  const kind = declaration.type === 'const_declaration' ? 'constant' : 'variable';
  const specs = childrenOf(declaration).filter((spec) => spec.type === 'const_spec' || spec.type === 'var_spec');
  return specs.flatMap((spec) =>
    spec.childrenForFieldName('name').flatMap((name): Declaration[] =>
      name ? [{ name: name.text, kind, exported: isExported(name.text), span: specs.length === 1 ? declaration : spec }] : [],
    ),
  );
}

function declarationsOf(root: Node): Declaration[] {
  return childrenOf(root).flatMap((node): Declaration[] => {
    const name = fieldText(node, 'name');
    const cut = node.childForFieldName('body');
    switch (node.type) {
      case 'function_declaration':
        return [{ name, kind: 'function', exported: isExported(name), span: node, cut }];
      case 'method_declaration':
        return [{ name, kind: 'method', exported: isExported(name), parent: receiverType(node), span: node, cut }];
      case 'type_declaration':
        return typesOf(node);
      case 'const_declaration':
      case 'var_declaration':
        return valuesOf(node);
      default:
        return [];
    }
  });
}

export const goReader: LanguageReader = {
  grammar: 'go',
  importQuery: IMPORT_QUERY,
  importWords: /import/,
  importsOf: (paths) => paths.map((path) => path.text.slice(1, -1)),
  declarationsOf,
};
