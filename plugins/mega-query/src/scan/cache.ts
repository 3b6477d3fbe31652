import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileFacts } from '../types.js';

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

export interface FileCache {
  get(hash: string): CachedDerived | undefined;
  set(hash: string, entry: CachedDerived): void;
  /** Writes what was set since the last flush; a cache that cannot be written is only a slower next run. */
  flush(): Promise<void>;
}

export interface FileCacheOptions {
  /** Entries written under another version are ignored: bump it when what is derived changes (e.g. the facts extractor). */
  version?: string;
}

/** Bumped when CachedDerived changes shape. */
const FORMAT = 1;
const FILE = 'files.jsonl';
/** Entries kept when the log is compacted: about 30 MB of JSONL with facts for large repositories. */
const MAX_ENTRIES = 100_000;

interface Line extends CachedDerived {
  h: string;
  v: string;
}

function parseLine(line: string, version: string): Line | undefined {
  try {
    const value = JSON.parse(line) as Partial<Line> | null;
    if (typeof value?.h !== 'string' || value.v !== version || typeof value.tokens !== 'number' || typeof value.lines !== 'number' || typeof value.todos !== 'number' || typeof value.redaction !== 'string') return undefined;
    return value as Line;
  } catch {
    // A line torn by a kill mid-write: skipped, the file is recomputed.
    return undefined;
  }
}

/**
 * A content-addressed cache of derived file data: one append-only JSONL log under `dir`, read
 * once, appended in one write per flush, compacted when it holds twice what it needs to.
 */
export async function createFileCache(dir: string, options: FileCacheOptions = {}): Promise<FileCache> {
  const version = `${FORMAT}:${options.version ?? ''}`;
  const path = join(dir, FILE);
  const entries = new Map<string, CachedDerived>();
  let logLines = 0;
  let endsCleanly = true;
  try {
    const content = await readFile(path, 'utf8');
    endsCleanly = content.length === 0 || content.endsWith('\n');
    for (const line of content.split('\n')) {
      if (line === '') continue;
      logLines++;
      const parsed = parseLine(line, version);
      if (parsed === undefined) continue;
      const { h, v: _v, ...entry } = parsed;
      entries.delete(h);
      entries.set(h, entry);
    }
  } catch {
    // No cache yet (or unreadable): start empty.
  }
  let pending: Array<[string, CachedDerived]> = [];

  const lineOf = (hash: string, entry: CachedDerived): string => `${JSON.stringify({ h: hash, v: version, ...entry })}\n`;
  const compact = async (): Promise<void> => {
    const kept = [...entries].slice(-MAX_ENTRIES);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, kept.map(([hash, entry]) => lineOf(hash, entry)).join(''));
    await rename(temporary, path);
    logLines = kept.length;
    endsCleanly = true;
  };

  return {
    get: (hash) => entries.get(hash),
    set(hash, entry) {
      entries.delete(hash);
      entries.set(hash, entry);
      pending.push([hash, entry]);
    },
    async flush() {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      try {
        await mkdir(dir, { recursive: true });
        if (logLines + batch.length > 2 * Math.min(entries.size, MAX_ENTRIES) && logLines + batch.length > 1_000) {
          await compact();
          return;
        }
        // After a torn last line, start on a fresh one so the first new entry is not glued to it.
        await appendFile(path, (endsCleanly ? '' : '\n') + batch.map(([hash, entry]) => lineOf(hash, entry)).join(''));
        logLines += batch.length;
        endsCleanly = true;
      } catch {
        // Best effort: an unwritable cache folder costs time on the next run, never this run.
      }
    },
  };
}
