// A project's `.loom/sessions/` folder as `session list` reads it: the logs on disk, the index
// of their summaries, the active id. Imports neither zod nor the kernel, so the early answer of
// `session list` (../early) reads it the way the store does, with the same code. Files are read
// only when regular (a FIFO or a device in their place must not hang a list).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRegularFileSync, statSyncSafe } from '@loomkit/kernel/early';
import { isId } from './id-format.js';
import type { SummaryFold } from './records.js';
import type { SessionSummary } from './types.js';

export const SESSIONS_DIR = 'sessions';
export const INDEX_FILE = 'index.json';
export const ACTIVE_FILE = 'active';
export const ARCHIVE_DIR = 'archive';
export const LOG_EXT = '.jsonl';
/** An index larger than this is read as missing (and rebuilt): thousands of sessions fit. */
export const MAX_INDEX_BYTES = 64 * 1024 * 1024;

/** What the project index keeps per log: the summary fold and how far into the log it has read. */
export interface IndexEntry extends SummaryFold {
  archived: boolean;
  /** Size and mtime of the log when last looked at: unchanged means the entry is current. */
  size: number;
  mtimeMs: number;
  /** Offset just past the last complete line folded. */
  bytes: number;
}

/** A log on disk: a live one hides an archived one of the same id. */
export interface LogFile {
  id: string;
  path: string;
  archived: boolean;
  size: number;
  mtimeMs: number;
}

const STRINGS = ['id', 'name', 'createdAt', 'updatedAt', 'projectRoot'] as const;
const NUMBERS = ['turns', 'costUsd', 'skippedLines', 'lastSeq', 'size', 'mtimeMs', 'bytes'] as const;
const BOOLEANS = ['ended', 'archived'] as const;

/** The entry in `value` if it has every field of the right type (extra fields are dropped), else undefined. */
function indexEntry(value: unknown): IndexEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  if (!STRINGS.every((key) => typeof raw[key] === 'string')) return undefined;
  if (!NUMBERS.every((key) => typeof raw[key] === 'number')) return undefined;
  if (!BOOLEANS.every((key) => typeof raw[key] === 'boolean')) return undefined;
  if (raw.forkedFrom !== null && typeof raw.forkedFrom !== 'string') return undefined;
  const entry = {} as Record<string, unknown>;
  for (const key of [...STRINGS, ...NUMBERS, ...BOOLEANS, 'forkedFrom']) entry[key] = raw[key];
  return entry as unknown as IndexEntry;
}

/** The index of `dir` by id, or undefined when it is missing, not JSON or not the index's shape (then it is rebuilt). */
export function readIndex(dir: string): Map<string, IndexEntry> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readRegularFileSync(join(dir, INDEX_FILE), MAX_INDEX_BYTES).toString('utf8'));
  } catch {
    return undefined;
  }
  const { v, sessions } = (parsed ?? {}) as { v?: unknown; sessions?: unknown };
  if (v !== 1 || !Array.isArray(sessions)) return undefined;
  const entries = new Map<string, IndexEntry>();
  for (const value of sessions) {
    const entry = indexEntry(value);
    if (!entry) return undefined;
    entries.set(entry.id, entry);
  }
  return entries;
}

/** Every log in `dir` and its archive, live ones first; a folder that cannot be read, a log gone while looked at or not a regular file is skipped. */
export function listLogs(dir: string): LogFile[] {
  const logs = new Map<string, LogFile>();
  for (const archived of [false, true]) {
    const folder = archived ? join(dir, ARCHIVE_DIR) : dir;
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const file of names) {
      if (!file.endsWith(LOG_EXT)) continue;
      const id = file.slice(0, -LOG_EXT.length);
      if (!isId(id) || logs.has(id)) continue;
      const path = join(folder, file);
      try {
        const stat = statSyncSafe(path);
        if (!stat.isFile()) continue;
        logs.set(id, { id, path, archived, size: stat.size, mtimeMs: stat.mtimeMs });
      } catch {
        // archived or purged while we looked
      }
    }
  }
  return [...logs.values()];
}

/** True when `entry` describes `log` as it is now (same place, size and mtime): nothing to fold. */
export const isCurrent = (entry: IndexEntry, log: LogFile): boolean =>
  entry.archived === log.archived && entry.size === log.size && entry.mtimeMs === log.mtimeMs;

/**
 * The index's entries when it describes exactly the logs on disk, else undefined (a log grew,
 * appeared, moved or went): what `session list` can print without folding a line. A project
 * without a sessions folder has none.
 */
export function currentEntries(dir: string): IndexEntry[] | undefined {
  if (!existsSync(dir)) return [];
  const index = readIndex(dir);
  if (!index) return undefined;
  const logs = listLogs(dir);
  if (logs.length !== index.size) return undefined;
  const entries: IndexEntry[] = [];
  for (const log of logs) {
    const entry = index.get(log.id);
    if (!entry || !isCurrent(entry, log)) return undefined;
    entries.push(entry);
  }
  return entries;
}

/** The id in the `active` file, if any (whether its log still exists is the caller's question). */
export function readActiveId(dir: string): string | undefined {
  try {
    return readRegularFileSync(join(dir, ACTIVE_FILE)).toString('utf8').trim();
  } catch {
    return undefined;
  }
}

export function summaryOf(fold: SummaryFold, archived: boolean): SessionSummary {
  return {
    id: fold.id,
    name: fold.name,
    projectRoot: fold.projectRoot,
    createdAt: fold.createdAt,
    updatedAt: fold.updatedAt || fold.createdAt,
    turns: fold.turns,
    costUsd: round(fold.costUsd),
    ended: fold.ended,
    archived,
  };
}

const round = (usd: number): number => Math.round(usd * 1e8) / 1e8;

/** `session list`'s order: most recently updated first, then by id; archived ones only when asked. */
export function listed(summaries: SessionSummary[], includeArchived: boolean | undefined): SessionSummary[] {
  return summaries
    .filter((summary) => includeArchived || !summary.archived)
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id.localeCompare(b.id)));
}
