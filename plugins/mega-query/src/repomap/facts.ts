import type { Node, Query } from '@vscode/tree-sitter-wasm';
import type { FileFacts } from '../types.js';
import { symbolOf } from './declaration.js';
import { loadGrammar } from './grammars.js';
import { ecmascriptReader } from './lang-ecmascript.js';
import { goReader } from './lang-go.js';
import { javaReader } from './lang-java.js';
import { pythonReader } from './lang-python.js';
import { rustReader } from './lang-rust.js';
import { termBag, type TermBag } from './term-bag.js';
import { termsOf } from './terms.js';
import { specCaptures, type LanguageReader } from './language.js';
import { isPackageManifest, packageManifestFacts } from './package-manifest.js';

/** Above this, a file is data or generated more often than code, and parsing it costs the most. */
export const MAX_FACTS_CHARS = 512 * 1024;
/**
 * A safety net, not a budget: the import query runs in milliseconds on real code but goes
 * quadratic on some error trees (tens of thousands of unclosed brackets take tens of seconds).
 * Past this the file is kept with no imports rather than stall the whole scan.
 */
const IMPORT_QUERY_TIMEOUT_MICROS = 3_000_000;

const READERS = new Map<string, LanguageReader>([
  ['typescript', ecmascriptReader('typescript')],
  ['tsx', ecmascriptReader('tsx')],
  ['javascript', ecmascriptReader('javascript')],
  ['python', pythonReader],
  ['go', goReader],
  ['rust', rustReader],
  ['java', javaReader],
]);

/** Bump when what extractFacts returns for the same text changes: cached facts of another version are redone. */
export const FACTS_VERSION = '4';

const noFacts = (): FileFacts => ({ symbols: [], imports: [] });

/**
 * Symbols and import specifiers of a source file, and the counts of its search terms. Unknown
 * languages give no symbols; oversized text gives empty facts; syntax errors give what the
 * partial tree holds — never a throw.
 */
export async function extractFacts(text: string, language: string, path = ''): Promise<FileFacts> {
  const facts = await structureOf(text, language, path);
  const words = wordCounts(text);
  if (words !== undefined) facts.words = words;
  return facts;
}

/**
 * Each search term of the text with its count (none for oversized text). Apart from the
 * structure because only a question needs it: the scan computes and caches it separately.
 */
export function wordCounts(text: string): TermBag | undefined {
  return text.length > MAX_FACTS_CHARS ? undefined : termBag(termsOf(text));
}

/** The import specifiers of a parsed text, as written, in order. */
function importSpecifiers(reader: LanguageReader, root: Node, text: string, imports: Query): string[] {
  const queried = () => reader.importsOf(specCaptures(imports.captures(root, { timeoutMicros: IMPORT_QUERY_TIMEOUT_MICROS })));
  // A tree with errors may hold a keyword tree-sitter inserted (MISSING): the text need not
  // contain it, so only the query finds what hangs off it.
  if (root.hasError) return queried();
  if (reader.importsByToken) return reader.importsByToken(root, text);
  return reader.importWords.test(text) ? queried() : [];
}

/** Symbols and imports alone: extractFacts without the words. */
export async function structureOf(text: string, language: string, path = ''): Promise<FileFacts> {
  if (isPackageManifest(path)) return packageManifestFacts(text);
  const reader = READERS.get(language);
  if (!reader || text.length > MAX_FACTS_CHARS) return noFacts();
  const { parser, imports } = await loadGrammar(reader.grammar, reader.importQuery);
  const tree = parser.parse(text);
  if (!tree) return noFacts();
  try {
    const root = tree.rootNode;
    const symbols = reader.declarationsOf(root).map((declaration) => symbolOf(text, declaration));
    return { symbols, imports: [...new Set(importSpecifiers(reader, root, text, imports))] };
  } finally {
    tree.delete();
  }
}
