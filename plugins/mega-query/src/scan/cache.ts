import { isPackageManifest } from '../repomap/package-manifest.js';
import type { FileFacts } from '../types.js';
import { openKeyedLog, type KeyedLog } from './keyed-log.js';
import { languageOf } from './language.js';

/** What a file's content yields apart from secrets and injection (those depend on the rules in force). */
export interface CachedDerived {
  encoding: 'utf-8' | 'latin1';
  lines: number;
  todos: number;
  /** Tokens of the redacted text. */
  tokens: number;
  /** Digest of the redactions the text had when this was computed ('' for none): see scan.ts. */
  redaction: string;
  facts?: FileFacts;
}

export type FileCache = KeyedLog<CachedDerived>;

export interface FileCacheOptions {
  /** Entries written under another version are ignored: bump it when what is derived changes (e.g. the facts extractor). */
  version?: string;
}

/** Bumped when CachedDerived or its key changes (2: facts without words, which words.jsonl holds; 3: keyed by derivedKey). */
const FORMAT = 3;
/** Entries kept when the log is compacted: about 30 MB of JSONL with facts for large repositories. */
const MAX_ENTRIES = 100_000;

const isDerived = (value: Record<string, unknown>): value is Record<string, unknown> & CachedDerived =>
  typeof value.tokens === 'number' && typeof value.lines === 'number' && typeof value.todos === 'number' && typeof value.redaction === 'string';

/**
 * The key of a file's derived data: its bytes and what of its path decides its facts (the
 * language its name gives and whether it is a package manifest). The same bytes at a path read
 * another way are measured again, not handed the facts another reader made.
 */
export const derivedKey = (hash: string, path: string): string => `${hash}:${languageOf(path)}${isPackageManifest(path) ? ':manifest' : ''}`;

/** A content-addressed cache of derived file data (keyed by derivedKey): `files.jsonl` under `dir`. */
export async function createFileCache(dir: string, options: FileCacheOptions = {}): Promise<FileCache> {
  return openKeyedLog<CachedDerived>({ dir, file: 'files.jsonl', version: `${FORMAT}:${options.version ?? ''}`, isValue: isDerived, maxEntries: MAX_ENTRIES });
}
