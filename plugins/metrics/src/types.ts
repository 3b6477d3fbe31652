/** The shapes that cross stages (sources → store → query → render), and the call log's version; nothing else lives here. */

export type Source = 'loom' | 'claude-code';

/** Token counts in the llm package's names. */
export interface Tokens {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

/** What adds up across rows, reports and totals. */
export interface Sums extends Tokens {
  costUsd: number;
  /** What cache reads saved against paying full input price for them. */
  savedUsd: number;
  calls: number;
  errors: number;
  retries: number;
  latencyMs: number;
}

/**
 * One unit the query stage groups: Claude Code responses folded into one quarter hour of one
 * (transcript, model), or Loom's calls folded into one hour of one (session, command, project, model).
 */
export interface UsageRow extends Sums {
  /** Epoch ms: the first response's time in a folded Claude Code group, or the start of the hour for folded Loom calls. */
  t: number;
  /** The last response's time in a folded group (a quarter hour at most after `t`); absent means `t`. */
  lastT?: number;
  source: Source;
  project: string;
  session: string;
  command: string | null;
  model: string;
}

/** What a session is called on screen: its title, else its first prompt, else its id. */
export interface SessionInfo {
  id: string;
  source: Source;
  project: string;
  title: string | null;
  firstPrompt: string | null;
  file: string | null;
}

/** The sums a usage part holds per row, in this order. */
export const SUM_FIELDS = ['input', 'output', 'cacheWrite', 'cacheRead', 'costUsd', 'savedUsd', 'calls', 'errors', 'retries', 'latencyMs'] as const;

/**
 * Usage rows of one source as columns, which the query stage folds without making an object
 * per row: 10^5 row objects, and the boxed numbers their sums became, had the garbage
 * collector take as long as the report. Text columns index `text` (-1: none).
 */
export type UsagePart = { source: Source; length: number; text: string[]; t: ArrayLike<number>; lastT: ArrayLike<number>; project: ArrayLike<number>; session: ArrayLike<number>; command: ArrayLike<number>; model: ArrayLike<number> } & Record<(typeof SUM_FIELDS)[number], ArrayLike<number>>;

/**
 * What a scan changed in one source's saved rows (`after.source`'s; a scan's other sources
 * say nothing), from the saved state it started at (`from`; undefined when any row may have
 * changed) to the one it saved (`to`): the rows it changed as they were (`before`) and as
 * they are (`after`, new ones too), and the sessions of the files it read (whose titles it
 * may have found).
 */
export interface ScanChanges {
  from: number | undefined;
  to: number | undefined;
  before: UsagePart;
  after: UsagePart;
  sessions: string[];
}

export interface Scan {
  parts: UsagePart[];
  /** Set by a source that keeps its rows between runs (Claude Code's ledger). */
  changes?: ScanChanges;
  /** The rows of the sources other than `source`, without making `source`'s (a report patched from a kept one reads none of them); absent: `parts` filtered. */
  othersThan?(source: Source): UsagePart[];
  sessions: Map<string, SessionInfo>;
  /** Lines skipped as malformed or torn, per source. */
  skippedLines: number;
  files: number;
  /** Bytes read in this scan (0 when everything came from the cache). */
  bytesRead: number;
  /** Threads that read Claude Code transcripts in this scan (more than one only for a big cold read). */
  threads?: number;
}

/** How far a scan has read a source: bytes of the new data it found waiting. */
export interface ScanProgress {
  source: Source;
  bytesRead: number;
  bytesTotal: number;
}

export type OnProgress = (progress: ScanProgress) => void;

/** The `v` of a call log line (here, not in schema.ts, so readers of the log need no zod). */
export const CALL_RECORD_VERSION = 1;
