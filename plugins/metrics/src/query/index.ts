import type { Scan, SessionInfo, Sums, UsageRow } from '../types.js';
import { dayKey, hourKey, monthKey, weekKey } from './time.js';

export const REPORTS = ['daily', 'weekly', 'monthly', 'hourly', 'session', 'command', 'model', 'project', 'blocks'] as const;
export type ReportKind = (typeof REPORTS)[number];
export const SOURCES = ['loom', 'claude-code', 'all'] as const;
export type SourceFilter = (typeof SOURCES)[number];

export interface Filters {
  since?: number;
  until?: number;
  /** Case-insensitive part of the project's name or path. */
  project?: string;
  /** Case-insensitive part of the model id, e.g. `sonnet`. */
  model?: string;
}

export interface Totals extends Sums {
  totalTokens: number;
  /** Cache reads over all input-side tokens. */
  cacheHitRatio: number;
}

export interface ModelTotals extends Totals {
  model: string;
}

export interface ReportRow extends Totals {
  key: string;
  /** What to show: the date, or a session's title / first prompt, or the command. */
  label: string;
  project?: string;
  models: string[];
  firstAt: number;
  lastAt: number;
  breakdown?: ModelTotals[];
}

export interface Report {
  kind: ReportKind;
  rows: ReportRow[];
  totals: Totals;
  skippedLines: number;
  unpricedModels: string[];
}

const HOUR = 3_600_000;
const QUARTER_HOUR = 900_000;
const BLOCK = 5 * HOUR;
const TIME_KINDS: ReadonlySet<ReportKind> = new Set(['daily', 'weekly', 'monthly', 'hourly', 'blocks']);

export function emptyTotals(): Totals {
  return { input: 0, output: 0, cacheWrite: 0, cacheRead: 0, totalTokens: 0, costUsd: 0, savedUsd: 0, calls: 0, errors: 0, retries: 0, latencyMs: 0, cacheHitRatio: 0 };
}

/** Adds `row`'s tokens, cost and timings, and `calls` / `errors` (a row's own, or one call's). */
export function addSums(target: Sums, row: Omit<Sums, 'calls' | 'errors'>, calls: number, errors: number): void {
  target.input += row.input;
  target.output += row.output;
  target.cacheWrite += row.cacheWrite;
  target.cacheRead += row.cacheRead;
  target.costUsd += row.costUsd;
  target.savedUsd += row.savedUsd;
  target.calls += calls;
  target.errors += errors;
  target.retries += row.retries;
  target.latencyMs += row.latencyMs;
}

export function addRow(totals: Totals, row: UsageRow): void {
  addSums(totals, row, row.calls, row.errors);
  totals.totalTokens += row.input + row.output + row.cacheWrite + row.cacheRead;
}

function finish<T extends Totals>(totals: T): T {
  const inputSide = totals.input + totals.cacheWrite + totals.cacheRead;
  totals.cacheHitRatio = inputSide === 0 ? 0 : totals.cacheRead / inputSide;
  return totals;
}

export function filterRows(rows: UsageRow[], filters: Filters): UsageRow[] {
  const project = filters.project?.toLowerCase();
  const model = filters.model?.toLowerCase();
  return rows.filter(
    (row) =>
      (filters.since === undefined || row.t >= filters.since) &&
      (filters.until === undefined || row.t <= filters.until) &&
      (project === undefined || row.project.toLowerCase().includes(project)) &&
      (model === undefined || row.model.toLowerCase().includes(model)),
  );
}

export interface ReportOptions {
  breakdown?: boolean;
  unpriced?: Iterable<string>;
}

interface Group {
  row: ReportRow;
  /** Per-model totals with --breakdown; otherwise only which models appear. */
  models: Map<string, ModelTotals | null>;
}

/** Rows grouped by the report's key; the one function behind every table, CSV, JSON and chart. */
export function report(scan: Scan, kind: ReportKind, filters: Filters = {}, options: ReportOptions = {}): Report {
  return reports(scan, [{ kind, ...options }], filters)[0]!;
}

/**
 * Several groupings of the same filtered rows in one pass (the dashboard draws five): the
 * rows are filtered and totalled once, and each row is added once per grouping.
 */
export function reports(scan: Scan, views: Array<{ kind: ReportKind } & ReportOptions>, filters: Filters = {}): Report[] {
  const rows = filterRows(scan.rows, filters);
  const totals = emptyTotals();
  const plans = views.map((view) => ({ view, keyOf: keyFunction(view.kind, rows), groups: new Map<string, Group>() }));
  for (const row of rows) {
    addRow(totals, row);
    for (const { view, keyOf, groups } of plans) {
      const key = keyOf(row);
      let group = groups.get(key);
      if (!group) {
        group = { row: { ...emptyTotals(), key, label: label(view.kind, key, row, scan.sessions), models: [], firstAt: row.t, lastAt: row.t }, models: new Map() };
        if (view.kind === 'session') group.row.project = row.project;
        groups.set(key, group);
      }
      addRow(group.row, row);
      if (row.t < group.row.firstAt) group.row.firstAt = row.t;
      if ((row.lastT ?? row.t) > group.row.lastAt) group.row.lastAt = row.lastT ?? row.t;
      if (view.breakdown) {
        let model = group.models.get(row.model);
        if (!model) group.models.set(row.model, (model = { ...emptyTotals(), model: row.model }));
        addRow(model, row);
      } else if (!group.models.has(row.model)) group.models.set(row.model, null);
    }
  }
  finish(totals);
  return plans.map(({ view, groups }) => {
    const out = [...groups.values()].map(({ row, models }) => {
      row.models = [...models.keys()].sort();
      if (view.breakdown) row.breakdown = [...models.values()].map((model) => finish(model!)).sort((a, b) => b.costUsd - a.costUsd);
      return finish(row);
    });
    out.sort(TIME_KINDS.has(view.kind) ? (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : (a, b) => b.costUsd - a.costUsd || (a.key < b.key ? -1 : 1));
    return { kind: view.kind, rows: out, totals: { ...totals }, skippedLines: scan.skippedLines, unpricedModels: [...(view.unpriced ?? [])].sort() };
  });
}

/**
 * Every time zone's offset is a multiple of 15 minutes, so a local date or hour is the same
 * for a whole quarter-hour: computed once per quarter, not once per row.
 */
function perQuarterHour(format: (t: number) => string): (row: UsageRow) => string {
  const known = new Map<number, string>();
  return (row) => {
    const quarter = Math.floor(row.t / QUARTER_HOUR);
    let key = known.get(quarter);
    if (key === undefined) known.set(quarter, (key = format(row.t)));
    return key;
  };
}

function keyFunction(kind: ReportKind, rows: UsageRow[]): (row: UsageRow) => string {
  switch (kind) {
    case 'daily':
      return perQuarterHour(dayKey);
    case 'weekly':
      return perQuarterHour(weekKey);
    case 'monthly':
      return perQuarterHour(monthKey);
    case 'hourly':
      return perQuarterHour(hourKey);
    case 'session':
      return (row) => `${row.source}:${row.session}`;
    case 'command':
      return (row) => row.command ?? (row.source === 'claude-code' ? '(claude code)' : '(none)');
    case 'model':
      return (row) => row.model;
    case 'project':
      return (row) => row.project;
    case 'blocks':
      return blockKeys(rows);
  }
}

/**
 * Claude's 5-hour usage windows, as ccusage draws them: a block starts at the hour of its
 * first call and holds every call until 5 hours later; a gap of 5 hours also ends it.
 */
function blockKeys(rows: UsageRow[]): (row: UsageRow) => string {
  // A folded row's last time counts for the gap rule: calls inside it are never 5 hours apart.
  const times = [...new Set(rows.flatMap((row) => (row.lastT === undefined ? [row.t] : [row.t, row.lastT])))].sort((a, b) => a - b);
  const blockOf = new Map<number, string>();
  let start = -Infinity;
  let last = -Infinity;
  for (const t of times) {
    if (t >= start + BLOCK || t - last >= BLOCK) start = Math.floor(t / HOUR) * HOUR;
    blockOf.set(t, new Date(start).toISOString());
    last = t;
  }
  return (row) => blockOf.get(row.t)!;
}

function label(kind: ReportKind, key: string, row: UsageRow, sessions: Map<string, SessionInfo>): string {
  if (kind !== 'session') return key;
  const info = sessions.get(row.session);
  return info?.title ?? info?.firstPrompt ?? row.session;
}
