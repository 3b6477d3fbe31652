import { statSync } from 'node:fs';
import type { ScanCache, StateCodec } from '../store/cache.js';
import { fromColumns, toColumns, type Columns } from '../store/columns.js';
import { readCompleteLines } from '../store/lines.js';
import { addSums } from '../query/index.js';
import { usagePart } from '../query/part.js';
import type { CallRecord } from '../schema.js';
import { progressReporter } from '../store/progress.js';
import { CALL_RECORD_VERSION, type OnProgress, type Scan, type SessionInfo, type UsageRow } from '../types.js';

const HOUR = 3_600_000;
const NEWLINE = 0x0a;

/** Loom's calls folded per hour × session × command × project × model: a year of calls stays a few MB. */
export interface LoomState {
  rows: UsageRow[];
  /** Rows by bucket key, built only when new calls are read: a report over a saved state never needs it. */
  index?: Map<string, UsageRow>;
  skipped: number;
}

const TEXT = ['source', 'project', 'session', 'command', 'model'] as const;
const NUMBERS_OF_ROW = ['t', 'input', 'output', 'cacheWrite', 'cacheRead', 'costUsd', 'savedUsd', 'calls', 'errors', 'retries', 'latencyMs'] as const;

const bucketKey = (hour: number, session: string, command: string | null, project: string, model: string) => `${hour}\u0000${session}\u0000${command ?? ''}\u0000${project}\u0000${model}`;

export const loomCodec: StateCodec<LoomState> = {
  encode: (state) => ({ skipped: state.skipped, rows: toColumns(state.rows, TEXT, NUMBERS_OF_ROW) }),
  decode(stored) {
    const { skipped, rows } = stored as { skipped: number; rows: Columns };
    return { rows: fromColumns<UsageRow>(rows), skipped };
  },
};

function foldRecord(state: LoomState, record: CallRecord): void {
  const hour = Math.floor(record.t / HOUR) * HOUR;
  const session = record.session ?? '-';
  const index = (state.index ??= new Map(state.rows.map((row) => [bucketKey(row.t, row.session, row.command, row.project, row.model), row])));
  const key = bucketKey(hour, session, record.command, record.project, record.model);
  let row = index.get(key);
  if (!row) {
    row = { t: hour, source: 'loom', project: record.project, session, command: record.command, model: record.model, input: 0, output: 0, cacheWrite: 0, cacheRead: 0, costUsd: 0, savedUsd: 0, calls: 0, errors: 0, retries: 0, latencyMs: 0 };
    index.set(key, row);
    state.rows.push(row);
  }
  addSums(row, record, 1, record.error === null ? 0 : 1);
}

/** Reads the call log's new lines into the cached buckets; a bad line is skipped and counted. */
export function scanLoom(file: string, cache: ScanCache<LoomState>, onProgress?: OnProgress): Scan {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return { parts: [], sessions: new Map(), skippedLines: 0, files: 0, bytesRead: 0 };
  let part = cache.get(file);
  let bytesRead = 0;
  if (!part || part.size !== stat.size || part.mtimeMs !== stat.mtimeMs) {
    const fresh = !part || stat.size < part.offset;
    const state: LoomState = fresh ? { rows: [], skipped: 0 } : part!.state;
    const from = fresh ? 0 : part!.offset;
    const progress = progressReporter('loom', stat.size - from, onProgress);
    let done = 0;
    progress(0, true);
    const read = readCompleteLines(file, from, stat.size, (chunk, start, end) => {
      progress((done += end - start));
      let lineStart = start;
      while (lineStart < end) {
        const lineEnd = chunk.indexOf(NEWLINE, lineStart);
        const parsed = safeRecord(chunk.toString('utf8', lineStart, lineEnd));
        if (parsed) foldRecord(state, parsed);
        else state.skipped++;
        lineStart = lineEnd + 1;
      }
    });
    bytesRead = read.bytesRead;
    progress(stat.size - from, true);
    part = { size: stat.size, mtimeMs: stat.mtimeMs, offset: read.offset, state };
    cache.set(file, part);
  }
  const rows = part.state.rows;
  const sessions = new Map<string, SessionInfo>();
  for (const row of rows) {
    if (!sessions.has(row.session)) sessions.set(row.session, { id: row.session, source: 'loom', project: row.project, title: null, firstPrompt: null, file: null });
  }
  return { parts: [usagePart('loom', rows)], sessions, skippedLines: part.state.skipped + (part.offset < part.size ? 1 : 0), files: 1, bytesRead };
}

const NUMBERS = ['t', 'input', 'output', 'cacheWrite', 'cacheRead', 'costUsd', 'savedUsd', 'latencyMs', 'retries'] as const;

/** The record's shape checked by hand: a year of calls is 10^6 lines, and a schema parse per line costs seconds. */
export function safeRecord(text: string): CallRecord | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || value.v !== CALL_RECORD_VERSION || typeof value.model !== 'string' || typeof value.project !== 'string') return undefined;
  for (const key of NUMBERS) if (typeof value[key] !== 'number') return undefined;
  return value as unknown as CallRecord;
}
