import type { Node } from '@vscode/tree-sitter-wasm';
import { childrenOf, fieldText, type Declaration } from './declaration.js';
import type { LanguageReader } from './language.js';

const IMPORT_PATTERNS = `
(import_statement source: (string (string_fragment) @spec))
(export_statement source: (string (string_fragment) @spec))
(call_expression function: (identifier) @fn arguments: (arguments . (comment)* . (string (string_fragment) @spec)) (#eq? @fn "require"))
(call_expression function: (import) arguments: (arguments . (comment)* . (string (string_fragment) @spec)))
`;
// A comment may come first: `import(/* webpackChunkName: "admin" */ './admin')`.
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
function variablesOf(statement: Node, outer: Node, exportedStatement: boolean): Declaration[] {
  const declarators = childrenOf(statement).filter((child) => child.type === 'variable_declarator');
  const constant = statement.firstChild?.text === 'const';
  return declarators.flatMap((declarator): Declaration[] => {
    let exported = exportedStatement;
    const name = declarator.childForFieldName('name');
    if (name?.type !== 'identifier') return []; // destructuring declares no one symbol worth mapping
    let value = declarator.childForFieldName('value');
    const span = declarators.length === 1 ? outer : declarator;
    // `var app = exports = module.exports = {}`: the variable is the module's export.
    if (value?.type === 'assignment_expression') {
      const chain = assignmentChain(value);
      if (chain.targets.some((target) => exportTarget(target) === '')) exported = true;
      value = chain.value;
    }
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

/** `module.exports`, `exports`, or `module.exports.x` / `exports.x` → what they export ('' for the whole module). */
function exportTarget(target: string): string | undefined {
  if (target === 'module.exports' || target === 'exports') return '';
  return /^(?:module\.)?exports\.([\w$]+)$/.exec(target)?.[1];
}

/**
 * `a = b = value`: every target of a chained assignment (`res.type = res.contentType = function …`)
 * and the value they all receive.
 */
function assignmentChain(assignment: Node): { targets: string[]; value: Node | null } {
  const targets: string[] = [];
  let node: Node | null = assignment;
  while (node?.type === 'assignment_expression') {
    const left = node.childForFieldName('left');
    if (left) targets.push(left.text.replace(/\s+/g, ''));
    node = node.childForFieldName('right');
  }
  return { targets, value: node };
}

/** A value worth a symbol: its kind and where its head stops. */
function valueKind(value: Node): { kind: Declaration['kind']; cut: Node | null } {
  if (FUNCTION_VALUES.has(value.type)) return { kind: 'function', cut: value.childForFieldName('body') };
  if (CLASS_TYPES.has(value.type)) return { kind: 'class', cut: value.childForFieldName('body') };
  return { kind: 'variable', cut: value.startPosition.row === value.endPosition.row ? null : value };
}

/** `module.exports = { a, b: f, c() {} }`: shorthand names are exports of local names; the rest are symbols here. */
function exportedObject(object: Node, exportedNames: Set<string>): Declaration[] {
  return childrenOf(object).flatMap((entry): Declaration[] => {
    if (entry.type === 'shorthand_property_identifier') exportedNames.add(entry.text);
    if (entry.type === 'method_definition') return [{ name: fieldText(entry, 'name'), kind: 'function', exported: true, span: entry, cut: entry.childForFieldName('body') }];
    if (entry.type !== 'pair') return [];
    const key = entry.childForFieldName('key');
    const value = entry.childForFieldName('value');
    if (!key || !value || !/^(?:property_identifier|string)$/.test(key.type)) return [];
    const name = key.type === 'string' ? key.text.slice(1, -1) : key.text;
    if (value.type === 'identifier') {
      exportedNames.add(value.text);
      return [];
    }
    return [{ name, exported: true, span: entry, ...valueKind(value) }];
  });
}

/**
 * Definitions written as assignments, the way CommonJS code declares its API:
 * `exports.x = …`, `module.exports = …`, `res.send = function …`, `Foo.prototype.bar = …`.
 * A member of another object becomes a method of it (`res.send` → method `send` of `res`).
 */
function assignedDeclarations(assignment: Node, statement: Node, exportedNames: Set<string>): Declaration[] {
  const { targets, value } = assignmentChain(assignment);
  if (!value) return [];
  const found: Declaration[] = [];
  for (const target of targets) {
    const exported = exportTarget(target);
    if (exported === '') {
      if (value.type === 'identifier') exportedNames.add(value.text);
      else if (value.type === 'object') found.push(...exportedObject(value, exportedNames));
      else if (FUNCTION_VALUES.has(value.type) || CLASS_TYPES.has(value.type)) {
        const name = value.childForFieldName('name')?.text;
        if (name) found.push({ name, exported: true, span: statement, ...valueKind(value) });
      }
      continue;
    }
    if (exported !== undefined) {
      if (value.type === 'identifier') exportedNames.add(value.text);
      found.push({ name: exported, exported: true, span: statement, ...valueKind(value) });
      continue;
    }
    // `obj.name = …` or `Obj.prototype.name = …`; deeper paths and computed members are not declarations.
    const member = /^([\w$]+)(?:\.prototype)?\.([\w$]+)$/.exec(target);
    if (!member?.[1] || !member[2]) continue;
    const { kind, cut } = valueKind(value);
    found.push({ name: member[2], kind: kind === 'function' ? 'method' : kind, exported: false, parent: member[1], span: statement, cut });
  }
  return found;
}

/** `Object.defineProperty(obj, 'name', …)`, `defineGetter(req, 'name', function …)`: a named member of obj. */
function definedProperty(call: Node, statement: Node): Declaration[] {
  const [object, key, value] = childrenOf(call.childForFieldName('arguments'));
  if (object?.type !== 'identifier' || key?.type !== 'string' || !value) return [];
  const valueIsFunction = FUNCTION_VALUES.has(value.type);
  if (!valueIsFunction && !/defineProperty$/.test(fieldText(call, 'function'))) return [];
  return [{ name: key.text.slice(1, -1), kind: 'method', exported: false, parent: object.text, span: statement, cut: valueIsFunction ? value.childForFieldName('body') : null }];
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
  if (expression?.type === 'call_expression') return definedProperty(expression, statement);
  if (expression?.type !== 'assignment_expression') return [];
  return assignedDeclarations(expression, statement, exportedNames);
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
  const exportedOwners = new Set<string>();
  for (const declaration of found) {
    if (declaration.kind === 'method') continue;
    if (exportedNames.has(declaration.name)) declaration.exported = true;
    if (declaration.exported) exportedOwners.add(declaration.name);
    if (declaration.exported && declaration.kind === 'class') exportedClasses.add(declaration.name);
  }
  for (const declaration of found) {
    if (declaration.kind !== 'method' || declaration.parent === undefined) continue;
    if (exportedClasses.has(declaration.parent)) declaration.exported = !isPrivateMember(declaration.span);
    // `module.exports = res`, then `res.send = function …`: a member assigned to an exported object is exported.
    else if (declaration.span.type === 'expression_statement' && exportedOwners.has(declaration.parent)) declaration.exported = true;
  }
  return found;
}

function importsOf(specs: Node[]): string[] {
  return specs.map((spec) => spec.text);
}

// Every import the query captures hangs off one of these tokens, written as is (see importWords).
const IMPORT_TOKENS = /\b(?:import|export|require)\b/g;

/** What the query captures of a string literal: its fragments, one per run between escapes. */
function fragmentsOf(string: Node | null | undefined): string[] {
  return string?.type === 'string' ? childrenOf(string).flatMap((child) => (child.type === 'string_fragment' ? [child.text] : [])) : [];
}

/** The query's `arguments: (arguments . (comment)* . (string …))`: the call's first argument, when a string. */
function firstArgument(call: Node): string[] {
  const args = call.childForFieldName('arguments');
  return args?.type === 'arguments' ? fragmentsOf(childrenOf(args).find((child) => child.type !== 'comment')) : [];
}

/** The specifiers hanging off one `import`, `export` or `require` token, as the query captures them. */
function importsAtToken(token: Node): string[] {
  const parent = token.parent;
  if (!parent) return [];
  switch (parent.type) {
    case 'import_statement':
    case 'export_statement':
    case 'import_require_clause':
      return fragmentsOf(parent.childForFieldName('source'));
    case 'call_expression':
      // `require(…)` is a call of the identifier, `import(…)` of the (import) node.
      return (token.type === 'identifier' || token.type === 'import') && parent.firstChild?.equals(token) ? firstArgument(parent) : [];
    default:
      return [];
  }
}

/**
 * What the import query captures in a tree without errors, found from each `import`, `export`
 * and `require` in the text: only the nodes at those words are visited, where the query visits
 * every node of the tree (most of the time it took).
 */
function importsByToken(root: Node, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT_TOKENS)) {
    const start = match.index;
    const end = start + match[0].length;
    let token = root.descendantForIndex(start, end);
    // Part of a longer name, a string or a comment: not the token.
    if (!token || token.startIndex !== start || token.endIndex !== end) continue;
    // The (import) node of `import(…)` wraps its keyword.
    while (token.parent && token.parent.startIndex === start && token.parent.endIndex === end) token = token.parent;
    found.push(...importsAtToken(token));
  }
  return found;
}

export function ecmascriptReader(grammar: 'typescript' | 'tsx' | 'javascript'): LanguageReader {
  // A keyword cannot be written with escapes, and an escaped `require` is not the name `#eq?` matches.
  return { grammar, importQuery: grammar === 'javascript' ? IMPORT_PATTERNS : TS_IMPORT_PATTERNS, importWords: /import|export|require/, importsOf, importsByToken, declarationsOf };
}
