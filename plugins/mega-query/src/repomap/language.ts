import type { Node, QueryCapture } from '@vscode/tree-sitter-wasm';
import type { Declaration } from './declaration.js';

/** How to read one language: which grammar, what to query for imports, how to walk declarations. */
export interface LanguageReader {
  grammar: string;
  /** A tree-sitter query; captures named `spec` are import specifiers (other captures are ignored). */
  importQuery: string;
  /**
   * Words every import the query can capture must contain (its keyword, or the name it calls):
   * a text that parses without errors and has none of them has no imports, and the query, which
   * visits the whole tree, is not run.
   */
  importWords: RegExp;
  /** Turns the query's `spec` captures into specifiers as written. */
  importsOf(specs: Node[]): string[];
  /**
   * Optional: what `importsOf` gives from the query, for a tree without errors, found without
   * running the query (which visits every node): from the words each import is written with.
   */
  importsByToken?(root: Node, text: string): string[];
  /** Top-level declarations, and methods of the classes among them. */
  declarationsOf(root: Node): Declaration[];
}

/** The `spec` captures of an import query. */
export function specCaptures(captures: QueryCapture[]): Node[] {
  return captures.filter((capture) => capture.name === 'spec').map((capture) => capture.node);
}
