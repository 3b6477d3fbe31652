import { RECORD_VERSION, sessionRecordSchema, type CheckpointRecord, type SessionRecord, type TurnRecord } from '../schema.js';
import { summaryOf } from './project-index.js';
import type { SessionState } from './types.js';

type Raw = Record<string, unknown>;

const ZERO_TOKENS = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };

/**
 * Upgrades from each record version to the next, applied in order on read; the log on disk
 * is never rewritten. v0 is what was written before records carried `v`: turns had no git
 * state, files or cache token counts, and `tokens` was `{ input, output }`.
 */
const MIGRATIONS: Record<number, (record: Raw) => Raw> = {
  0: (record) => {
    if (record.type !== 'turn') return { ...record, v: 1 };
    const tokens = (record.tokens ?? {}) as Raw;
    return {
      ...record,
      v: 1,
      command: record.command ?? null,
      model: record.model ?? null,
      tokens: { ...ZERO_TOKENS, ...tokens },
      costUsd: record.costUsd ?? 0,
      durationMs: record.durationMs ?? 0,
      git: record.git ?? { branch: null, head: null },
      files: record.files ?? [],
    };
  },
};

export function migrate(record: Raw): Raw {
  let current = record;
  let version = typeof current.v === 'number' ? current.v : 0;
  while (version < RECORD_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) break;
    current = step(current);
    version = typeof current.v === 'number' ? current.v : version + 1;
  }
  return current;
}

const isNum = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isStr = (value: unknown): value is string => typeof value === 'string';
const isNullStr = (value: unknown): boolean => value === null || typeof value === 'string';

/**
 * The common case, checked by hand: a current-version turn. A 10,000-turn log is read in
 * a few milliseconds this way; anything else goes through the zod schema.
 */
function isCurrentTurn(r: Raw): boolean {
  if (r.v !== RECORD_VERSION || r.type !== 'turn') return false;
  const tokens = r.tokens as Raw | null;
  const git = r.git as Raw | null;
  return (
    Number.isInteger(r.seq) && (r.seq as number) >= 0 && isStr(r.at) &&
    (r.kind === 'command' || r.kind === 'conversation' || r.kind === 'summary') &&
    isNullStr(r.command) && isStr(r.input) && isStr(r.output) && isNullStr(r.model) &&
    typeof tokens === 'object' && tokens !== null && isNum(tokens.input) && isNum(tokens.output) && isNum(tokens.cacheWrite) && isNum(tokens.cacheRead) &&
    isNum(r.costUsd) && isNum(r.durationMs) &&
    typeof git === 'object' && git !== null && isNullStr(git.branch) && isNullStr(git.head) &&
    Array.isArray(r.files) && r.files.every(isStr) &&
    (r.summarises === undefined || (Array.isArray(r.summarises) && r.summarises.every(isNum)))
  );
}

/** One line of a log → a current record, or undefined when it is not one (torn, corrupt, unknown). */
export function parseLine(line: string): SessionRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = migrate(value as Raw);
  if (isCurrentTurn(record)) return record as TurnRecord;
  const parsed = sessionRecordSchema.safeParse(record);
  return parsed.success ? parsed.data : undefined;
}

export function serialize(records: SessionRecord[]): string {
  let text = '';
  for (const record of records) text += `${JSON.stringify(record)}\n`;
  return text;
}

/**
 * Calls `line` for each complete line of a log's bytes (decoded one line at a time: V8
 * decodes many small UTF-8 strings far faster than one of many megabytes) and says
 * whether the bytes end in a torn line (no newline after it).
 */
export function forEachLine(bytes: Buffer, line: (text: string) => void): { torn: boolean; completeBytes: number } {
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (end < 0) break;
    if (end > start) line(bytes.toString('utf8', start, end));
    start = end + 1;
  }
  return { torn: start < bytes.length, completeBytes: start };
}

/** What the index keeps; folded incrementally from the bytes appended since the last look. */
export interface SummaryFold {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  projectRoot: string;
  forkedFrom: string | null;
  turns: number;
  costUsd: number;
  ended: boolean;
  skippedLines: number;
  /** The last turn's seq (-1 before any), so appends need not read the log to number a turn. */
  lastSeq: number;
}

export function emptyFold(id: string, projectRoot: string): SummaryFold {
  return { id, name: id, createdAt: '', updatedAt: '', projectRoot, forkedFrom: null, turns: 0, costUsd: 0, ended: false, skippedLines: 0, lastSeq: -1 };
}

export function foldSummary(fold: SummaryFold, record: SessionRecord): void {
  switch (record.type) {
    case 'session':
      fold.name = record.name;
      fold.createdAt = record.createdAt;
      fold.updatedAt ||= record.createdAt;
      fold.forkedFrom = record.forkedFrom;
      // projectRoot stays where the log is now: a moved project keeps its sessions.
      return;
    case 'turn':
      if (record.kind !== 'summary') fold.turns++;
      fold.costUsd += record.costUsd;
      fold.updatedAt = later(fold.updatedAt, record.at);
      fold.ended = false;
      fold.lastSeq = Math.max(fold.lastSeq, record.seq);
      return;
    case 'end':
      fold.ended = true;
      fold.updatedAt = later(fold.updatedAt, record.at);
      return;
    case 'rename':
      fold.name = record.name;
      fold.updatedAt = later(fold.updatedAt, record.at);
      return;
    default:
      fold.updatedAt = later(fold.updatedAt, record.at);
      // Anything recorded after an end re-opens the session.
      fold.ended = false;
  }
}

const later = (a: string, b: string): string => (a > b ? a : b);

/**
 * A session's state folded from its log, fed the log's bytes in order: the whole log
 * once, then whatever was appended since, so a session read twice in one command is
 * parsed once. Records handed out are frozen, since later reads share them.
 */
export class StateFolder {
  readonly fold: SummaryFold;
  /** Offset just past the last complete line fed. */
  bytes = 0;
  private readonly turnRecords: TurnRecord[] = [];
  private readonly checkpoints: CheckpointRecord[] = [];
  private readonly pins = new Map<string, string>();
  private readonly seen = new Set<number>();
  private skipped = 0;
  private torn = false;

  constructor(id: string, projectRoot: string) {
    this.fold = emptyFold(id, projectRoot);
  }

  /** Feeds the bytes from `this.bytes` to the current end of the log. */
  feed(bytes: Buffer): this {
    const { torn, completeBytes } = forEachLine(bytes, (line) => {
      const record = parseLine(line);
      if (!record) {
        if (line.trim().length > 0) this.skipped++;
        return;
      }
      Object.freeze(record);
      if (record.type === 'turn') {
        // A seq seen twice can only come from a hand-edited or doubly imported log: first wins.
        if (this.seen.has(record.seq)) return;
        this.seen.add(record.seq);
        this.turnRecords.push(record);
      } else if (record.type === 'checkpoint') this.checkpoints.push(record);
      else if (record.type === 'pin') this.pins.set(record.id, record.text);
      else if (record.type === 'unpin') this.pins.delete(record.id);
      foldSummary(this.fold, record);
    });
    this.bytes += completeBytes;
    this.torn = torn;
    return this;
  }

  snapshot(archived: boolean): SessionState & { lastSeq: number } {
    return {
      ...summaryOf(this.fold, archived),
      forkedFrom: this.fold.forkedFrom,
      turnRecords: [...this.turnRecords],
      checkpoints: [...this.checkpoints],
      pins: [...this.pins].map(([pinId, pinText]) => ({ id: pinId, text: pinText })),
      skippedLines: this.skipped + (this.torn ? 1 : 0),
      lastSeq: this.fold.lastSeq,
    };
  }
}

/** A whole log folded into the session's state. */
export function foldState(id: string, projectRoot: string, bytes: Buffer, archived: boolean): SessionState & { lastSeq: number } {
  return new StateFolder(id, projectRoot).feed(bytes).snapshot(archived);
}
