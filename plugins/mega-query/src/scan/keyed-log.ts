import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDirectorySync } from '@loomkit/kernel/early';

/** Values by key, persisted as one append-only JSONL log. */
export interface KeyedLog<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** Writes what was set since the last flush; a log that cannot be written is only a slower next run. */
  flush(): Promise<void>;
}

export interface KeyedLogOptions<T> {
  dir: string;
  file: string;
  /** Lines written under another version are ignored. */
  version: string;
  /** Whether a parsed line (without its `h` and `v`) is a well-formed value. */
  isValue: (value: Record<string, unknown>) => value is Record<string, unknown> & T;
  /** Entries kept when the log is compacted. */
  maxEntries: number;
}

function parseLine<T>(line: string, options: KeyedLogOptions<T>): [string, T] | undefined {
  try {
    const value = JSON.parse(line) as { h?: unknown; v?: unknown } | null;
    if (value === null || typeof value.h !== 'string' || value.v !== options.version) return undefined;
    const { h, v: _v, ...entry } = value as Record<string, unknown> & { h: string };
    return options.isValue(entry) ? [h, entry] : undefined;
  } catch {
    // A line torn by a kill mid-write: skipped, the entry is recomputed.
    return undefined;
  }
}

/**
 * A JSONL log under `dir`: read once, appended in one write per flush, compacted (temp file +
 * rename) when it holds twice what it needs to. The last line for a key wins.
 */
export async function openKeyedLog<T extends object>(options: KeyedLogOptions<T>): Promise<KeyedLog<T>> {
  const path = join(options.dir, options.file);
  const entries = new Map<string, T>();
  let logLines = 0;
  // Lines no run will use: of another version (an upgrade), torn, or not entries.
  let stale = 0;
  let endsCleanly = true;
  try {
    const content = await readFile(path, 'utf8');
    endsCleanly = content.length === 0 || content.endsWith('\n');
    for (const line of content.split('\n')) {
      if (line === '') continue;
      logLines++;
      const parsed = parseLine(line, options);
      if (parsed === undefined) {
        stale++;
        continue;
      }
      entries.delete(parsed[0]);
      entries.set(parsed[0], parsed[1]);
    }
  } catch {
    // No log yet (or unreadable): start empty.
  }
  let pending: Array<[string, T]> = [];

  const lineOf = (key: string, entry: T): string => `${JSON.stringify({ h: key, v: options.version, ...entry })}\n`;
  const compact = async (): Promise<void> => {
    const kept = [...entries].slice(-options.maxEntries);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, kept.map(([key, entry]) => lineOf(key, entry)).join(''));
    await rename(temporary, path);
    logLines = kept.length;
    stale = 0;
    endsCleanly = true;
  };

  return {
    get: (key) => entries.get(key),
    set(key, entry) {
      entries.delete(key);
      entries.set(key, entry);
      pending.push([key, entry]);
    },
    async flush() {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      try {
        makeDirectorySync(options.dir);
        // Stale lines are dropped at the first write: after an upgrade they would be parsed on every
        // run, and the rule of twice what it holds never fires when the new version rewrites all.
        if (stale > 0 || (logLines + batch.length > 2 * Math.min(entries.size, options.maxEntries) && logLines + batch.length > 1_000)) {
          await compact();
          return;
        }
        // After a torn last line, start on a fresh one so the first new entry is not glued to it.
        await appendFile(path, (endsCleanly ? '' : '\n') + batch.map(([key, entry]) => lineOf(key, entry)).join(''));
        logLines += batch.length;
        endsCleanly = true;
      } catch {
        // Best effort: an unwritable cache folder costs time on the next run, never this run.
      }
    },
  };
}
