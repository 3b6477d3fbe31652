import type { ScannedFile } from '../types.js';
import { bm25 } from './bm25.js';
import { termsOf } from './terms.js';

/** What a file is about, lexically: its path's segments and the names it declares. */
function fileTerms(file: ScannedFile): string[] {
  const names = file.facts?.symbols.map((symbol) => symbol.name).join(' ') ?? '';
  return termsOf(`${file.path} ${names}`);
}

/** Each file's lexical relevance to a question in [0, 1] (BM25 over path and symbol names). */
export function relevanceTo(files: ScannedFile[], question: string): Map<string, number> {
  return bm25(new Map(files.map((file) => [file.path, fileTerms(file)])), termsOf(question));
}
