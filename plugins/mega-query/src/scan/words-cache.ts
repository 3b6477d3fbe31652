import { isTermBag, type TermBag } from '../repomap/term-bag.js';
import { openKeyedLog, type KeyedLog } from './keyed-log.js';

/** The term counts of one redacted text, as a term bag; `null` when it has none (oversized text). */
export interface CachedWords {
  words: TermBag | null;
}

export type WordsCache = KeyedLog<CachedWords>;

/** Bumped when CachedWords changes shape (2: a term bag, not an object). */
const FORMAT = 2;
const MAX_ENTRIES = 100_000;

const isWords = (value: Record<string, unknown>): value is Record<string, unknown> & CachedWords => value.words === null || isTermBag(value.words);

/**
 * Term counts by content hash and redaction digest (`words.jsonl` under `dir`), apart from the
 * other derived data: they are most of its bytes and only a question reads them, so a scan
 * without one neither computes nor parses them. `version` is the facts extractor's.
 */
export async function createWordsCache(dir: string, version: string): Promise<WordsCache> {
  return openKeyedLog<CachedWords>({ dir, file: 'words.jsonl', version: `${FORMAT}:${version}`, isValue: isWords, maxEntries: MAX_ENTRIES });
}

/** The words are of the redacted text: the same bytes with other redactions count other terms. */
export const wordsKey = (hash: string, redaction: string): string => (redaction === '' ? hash : `${hash}:${redaction}`);
