import type { Node } from '@vscode/tree-sitter-wasm';
import { childrenOf, fieldText, type Declaration } from './declaration.js';
import type { LanguageReader } from './language.js';

// Whole statements: a `from` import needs both its module and its names.
const IMPORT_QUERY = '[(import_statement) (import_from_statement)] @spec';

/** Module-level and class-level privacy by convention; dunders (`__init__`) are public protocol. */
function isPublic(name: string): boolean {
  return !name.startsWith('_') || (name.startsWith('__') && name.endsWith('__') && name.length > 4);
}

function importedModule(name: Node): string {
  return name.type === 'aliased_import' ? fieldText(name, 'name') : name.text;
}

/** `import a.b` → `a.b`; `from .x import y` → `.x`; `from . import y` → `.y` (a bare `.` says nothing). */
function specifiersOf(statement: Node): string[] {
  const names = statement.childrenForFieldName('name').filter((name): name is Node => name !== null);
  if (statement.type === 'import_statement') return names.map(importedModule);
  const module = fieldText(statement, 'module_name');
  if (/^\.+$/.test(module)) return names.map((name) => module + importedModule(name));
  return module ? [module] : [];
}

/** `def` or `class`, unwrapped from its decorators. */
function definitionOf(statement: Node): { definition: Node; span: Node } | undefined {
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  if (definition?.type !== 'function_definition' && definition?.type !== 'class_definition') return undefined;
  return { definition, span: statement };
}

function methodsOf(body: Node | null, parent: string, exported: boolean): Declaration[] {
  return childrenOf(body).flatMap((statement): Declaration[] => {
    const found = definitionOf(statement);
    if (found?.definition.type !== 'function_definition') return [];
    const name = fieldText(found.definition, 'name');
    const { definition, span } = found;
    return [{ name, kind: 'method', exported: exported && isPublic(name), parent, span, head: definition, cut: definition.childForFieldName('body') }];
  });
}

/** `NAME = …` / `name: T = …` at module level: a constant when upper-case, else a variable. */
function assignmentOf(statement: Node): Declaration[] {
  const assignment = statement.firstNamedChild;
  const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  if (!assignment || target?.type !== 'identifier') return [];
  const name = target.text;
  const value = assignment.childForFieldName('right');
  const multiline = value !== null && value.startPosition.row !== value.endPosition.row;
  const kind = /^[A-Z][A-Z0-9_]*$/.test(name) ? 'constant' : 'variable';
  return [{ name, kind, exported: isPublic(name), span: statement, cut: multiline ? value : null }];
}

function declarationsOf(root: Node): Declaration[] {
  return childrenOf(root).flatMap((statement): Declaration[] => {
    if (statement.type === 'expression_statement') return assignmentOf(statement);
    const found = definitionOf(statement);
    if (!found) return [];
    const { definition, span } = found;
    const name = fieldText(definition, 'name');
    const exported = isPublic(name);
    const body = definition.childForFieldName('body');
    if (definition.type === 'function_definition') return [{ name, kind: 'function', exported, span, head: definition, cut: body }];
    return [{ name, kind: 'class', exported, span, head: definition, cut: body }, ...methodsOf(body, name, exported)];
  });
}

export const pythonReader: LanguageReader = {
  grammar: 'python',
  importQuery: IMPORT_QUERY,
  importWords: /import/,
  importsOf: (statements) => statements.flatMap(specifiersOf),
  declarationsOf,
};
