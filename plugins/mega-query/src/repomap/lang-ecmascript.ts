import type { Node } from '@vscode/tree-sitter-wasm';
import { childrenOf, fieldText, type Declaration } from './declaration.js';
import type { LanguageReader } from './language.js';

const IMPORT_PATTERNS = `
(import_statement source: (string (string_fragment) @spec))
(export_statement source: (string (string_fragment) @spec))
(call_expression function: (identifier) @fn arguments: (arguments . (string (string_fragment) @spec)) (#eq? @fn "require"))
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @spec)))
`;
// `import fs = require('fs')` exists in TypeScript only.
const TS_IMPORT_PATTERNS = `${IMPORT_PATTERNS}(import_require_clause source: (string (string_fragment) @spec))`;

const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);
const CLASS_TYPES = new Set(['class_declaration', 'abstract_class_declaration', 'class']);
const METHOD_TYPES = new Set(['method_definition', 'abstract_method_signature', 'method_signature']);
const SIMPLE_KINDS: Record<string, Declaration['kind']> = {
  function_declaration: 'function',
  generator_function_declaration: 'function',
  function_signature: 'function',
  interface_declaration: 'interface',
  type_alias_declaration: 'type',
  enum_declaration: 'enum',
  internal_module: 'module',
  module: 'module',
};

/** `declare module 'x'` is named by a string: the name is what it holds. */
function nameOf(node: Node): string {
  const name = node.childForFieldName('name');
  return name?.type === 'string' ? name.text.slice(1, -1) : (name?.text ?? '');
}

function isPrivateMember(member: Node): boolean {
  if (fieldText(member, 'name').startsWith('#')) return true;
  return childrenOf(member).some((child) => child.type === 'accessibility_modifier' && child.text !== 'public');
}

function methodsOf(body: Node | null, parent: string, exported: boolean): Declaration[] {
  return childrenOf(body)
    .filter((member) => METHOD_TYPES.has(member.type))
    .map((member) => ({
      name: fieldText(member, 'name'),
      kind: 'method' as const,
      exported: exported && !isPrivateMember(member),
      parent,
      span: member,
      cut: member.childForFieldName('body'),
    }));
}

/** `const a = …, b = …`: one symbol per declarator; a function value makes it a function. */
function variablesOf(statement: Node, outer: Node, exported: boolean): Declaration[] {
  const declarators = childrenOf(statement).filter((child) => child.type === 'variable_declarator');
  const constant = statement.firstChild?.text === 'const';
  return declarators.flatMap((declarator): Declaration[] => {
    const name = declarator.childForFieldName('name');
    if (name?.type !== 'identifier') return []; // destructuring declares no one symbol worth mapping
    const value = declarator.childForFieldName('value');
    const span = declarators.length === 1 ? outer : declarator;
    if (value && FUNCTION_VALUES.has(value.type)) {
      return [{ name: name.text, kind: 'function', exported, span, cut: value.childForFieldName('body') }];
    }
    // A one-line value is part of what the constant means; a multi-line one is a body.
    const multiline = value !== null && value.startPosition.row !== value.endPosition.row;
    return [{ name: name.text, kind: constant ? 'constant' : 'variable', exported, span, cut: multiline ? value : null }];
  });
}

function declare(node: Node, span: Node, exported: boolean, name = nameOf(node)): Declaration[] {
  if (node.type === 'ambient_declaration') {
    const inner = node.firstNamedChild;
    return inner ? declare(inner, span, exported) : [];
  }
  if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') return variablesOf(node, span, exported);
  if (CLASS_TYPES.has(node.type)) {
    const body = node.childForFieldName('body');
    return [{ name, kind: 'class', exported, span, cut: body }, ...methodsOf(body, name, exported)];
  }
  if (FUNCTION_VALUES.has(node.type)) return [{ name, kind: 'function', exported, span, cut: node.childForFieldName('body') }];
  const kind = SIMPLE_KINDS[node.type];
  if (!kind) return [];
  const cut = kind === 'type' ? null : node.childForFieldName('body');
  return [{ name, kind, exported, span, cut }];
}

/** `module.exports = { a, b }`, `module.exports = a`, `exports.a = …`: the names CommonJS exports. */
function commonJsExports(assignment: Node): string[] {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'member_expression' || !right) return [];
  const target = left.text.replace(/\s+/g, '');
  if (target === 'module.exports') {
    if (right.type === 'identifier') return [right.text];
    if (right.type !== 'object') return [];
    return childrenOf(right).map((entry) => (entry.type === 'pair' ? fieldText(entry, 'value') : entry.text));
  }
  const member = /^(?:module\.)?exports\.([\w$]+)$/.exec(target);
  return member?.[1] ? [member[1]] : [];
}

function exportStatement(statement: Node, exportedNames: Set<string>): Declaration[] {
  const declaration = statement.childForFieldName('declaration');
  if (declaration) return declare(declaration, statement, true);
  const value = statement.childForFieldName('value');
  if (value?.type === 'identifier') exportedNames.add(value.text);
  else if (value) return declare(value, statement, true, value.childForFieldName('name')?.text ?? 'default');
  // `export { a, b as c }` of local names (not a re-export `from` elsewhere).
  if (!statement.childForFieldName('source')) {
    for (const clause of childrenOf(statement).filter((child) => child.type === 'export_clause')) {
      for (const specifier of childrenOf(clause)) exportedNames.add(fieldText(specifier, 'name'));
    }
  }
  return [];
}

function expressionStatement(statement: Node, exportedNames: Set<string>): Declaration[] {
  const expression = statement.firstNamedChild;
  if (expression?.type === 'internal_module') return declare(expression, statement, false);
  if (expression?.type !== 'assignment_expression') return [];
  const names = commonJsExports(expression);
  for (const name of names) exportedNames.add(name);
  const right = expression.childForFieldName('right');
  const [name] = names;
  if (right && FUNCTION_VALUES.has(right.type) && name !== undefined && names.length === 1) {
    return [{ name, kind: 'function', exported: true, span: statement, cut: right.childForFieldName('body') }];
  }
  return [];
}

function declarationsOf(root: Node): Declaration[] {
  const exportedNames = new Set<string>();
  const found = childrenOf(root).flatMap((statement) => {
    if (statement.type === 'export_statement') return exportStatement(statement, exportedNames);
    if (statement.type === 'expression_statement') return expressionStatement(statement, exportedNames);
    return declare(statement, statement, false);
  });
  // Names exported by a later `export { … }` or CommonJS assignment; their methods follow the class.
  const exportedClasses = new Set<string>();
  for (const declaration of found) {
    if (declaration.kind !== 'method' && exportedNames.has(declaration.name)) {
      declaration.exported = true;
      if (declaration.kind === 'class') exportedClasses.add(declaration.name);
    }
    if (declaration.kind === 'method' && declaration.parent !== undefined && exportedClasses.has(declaration.parent)) {
      declaration.exported = !isPrivateMember(declaration.span);
    }
  }
  return found;
}

function importsOf(specs: Node[]): string[] {
  return specs.map((spec) => spec.text);
}

export function ecmascriptReader(grammar: 'typescript' | 'tsx' | 'javascript'): LanguageReader {
  return { grammar, importQuery: grammar === 'javascript' ? IMPORT_PATTERNS : TS_IMPORT_PATTERNS, importsOf, declarationsOf };
}
