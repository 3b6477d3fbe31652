import { SUM_FIELDS, type Scan, type Sums, type UsagePart } from '../types.js';
import { dayKey, hourKey, monthKey, periodSpan, weekKey } from './time.js';

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

export interface ReportOptions {
  breakdown?: boolean;
  unpriced?: Iterable<string>;
}

/** Rows grouped by the report's key; the one function behind every table, CSV, JSON and chart. */
export function report(scan: Scan, kind: ReportKind, filters: Filters = {}, options: ReportOptions = {}): Report {
  return reports(scan, [{ kind, ...options }], filters)[0]!;
}

/**
 * Several groupings of the same filtered rows in one pass (the dashboard draws five): each
 * row is tested against the filters once and folded into every grouping's sums.
 */
export function reports(scan: Scan, views: Array<{ kind: ReportKind } & ReportOptions>, filters: Filters = {}): Report[] {
  const grouping = new Grouping(views);
  grouping.fold(scan, scan.parts, filters);
  return grouping.present(scan);
}

/** A group's sums in SUM_FIELDS order, then its first and last time. */
const FIRST = SUM_FIELDS.length;
const LAST = FIRST + 1;
const WIDTH = LAST + 1;
/**
 * Dollars are summed as whole nano-dollars: integer sums are exact in any order, so a report
 * patched with a scan's changes (kept.ts) equals one folded afresh to the last bit.
 */
const NANO = 1e9;

/** Groups' sums side by side in one growable Float64Array: adding a row allocates nothing. */
class GroupSums {
  data = new Float64Array(WIDTH * 256);
  length = 0;

  add(): number {
    if ((this.length + 1) * WIDTH > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length * WIDTH + FIRST] = Infinity;
    this.data[this.length * WIDTH + LAST] = -Infinity;
    return this.length++;
  }

  /** Adds row `at` of `part` to `group`; `sign` -1 takes it out again (its times, counted when it went in, stay). */
  fold(group: number, part: UsagePart, at: number, sign: 1 | -1): void {
    const d = this.data;
    const base = group * WIDTH;
    // Written out: a field looked up by name per row is a keyed load the row loop pays ten times.
    d[base]! += sign * part.input[at]!;
    d[base + 1]! += sign * part.output[at]!;
    d[base + 2]! += sign * part.cacheWrite[at]!;
    d[base + 3]! += sign * part.cacheRead[at]!;
    d[base + 4]! += sign * Math.round(part.costUsd[at]! * NANO);
    d[base + 5]! += sign * Math.round(part.savedUsd[at]! * NANO);
    d[base + 6]! += sign * part.calls[at]!;
    d[base + 7]! += sign * part.errors[at]!;
    d[base + 8]! += sign * part.retries[at]!;
    d[base + 9]! += sign * part.latencyMs[at]!;
    const t = part.t[at]!;
    const lastT = part.lastT[at]!;
    if (t < d[base + FIRST]!) d[base + FIRST] = t;
    if (lastT > d[base + LAST]!) d[base + LAST] = lastT;
  }

  /** A group's totals, made as one literal: a spread of 12 fields cost more than folding its rows. */
  totals(group: number): Totals {
    const d = this.data;
    const base = group * WIDTH;
    const input = d[base]!;
    const output = d[base + 1]!;
    const cacheWrite = d[base + 2]!;
    const cacheRead = d[base + 3]!;
    const inputSide = input + cacheWrite + cacheRead;
    return {
      input, output, cacheWrite, cacheRead, totalTokens: input + output + cacheWrite + cacheRead, costUsd: d[base + 4]! / NANO, savedUsd: d[base + 5]! / NANO,
      calls: d[base + 6]!, errors: d[base + 7]!, retries: d[base + 8]!, latencyMs: d[base + 9]!, cacheHitRatio: inputSide === 0 ? 0 : cacheRead / inputSide,
    };
  }

  /** The sums as stored: the bytes of the groups in use. */
  toBase64(): string {
    return Buffer.from(this.data.buffer, 0, this.length * WIDTH * 8).toString('base64');
  }

  static fromBase64(text: string): GroupSums {
    const bytes = Buffer.from(text, 'base64');
    const sums = new GroupSums();
    sums.length = bytes.length / (WIDTH * 8);
    sums.data = new Float64Array(Math.max(WIDTH * 256, sums.length * WIDTH * 2));
    sums.data.set(new Float64Array(bytes.buffer, bytes.byteOffset, sums.length * WIDTH));
    return sums;
  }
}

/** One grouping in progress: the group of each row, and per group the models seen (with their own sums for a breakdown). */
interface Plan {
  kind: ReportKind;
  breakdown: boolean;
  unpriced?: Iterable<string>;
  groups: GroupSums;
  keys: string[];
  labels: string[];
  projects: string[];
  byKey: Map<string, number>;
  /** Per group: model id, slot in `perModel`, model id, slot, … (a group holds a few models). */
  models: number[][];
  perModel: GroupSums;
}

/** A grouping as kept between runs (kept.ts): what `Grouping.restore` takes back. */
export interface StoredGrouping {
  views: Array<{ kind: ReportKind; breakdown: boolean }>;
  models: string[];
  totals: string;
  plans: Array<{ keys: string[]; labels: string[]; projects: string[]; groups: string; models: number[][]; perModel: string }>;
}

/**
 * Rows folded into one or more groupings at once, ready to present as reports. Rows are read
 * from the sources' columns; a text column's value is turned into a group once per distinct
 * value, a time into a date key once per quarter hour.
 */
export class Grouping {
  private totals = new GroupSums();
  private readonly plans: Plan[];
  private readonly modelIds = new Map<string, number>();
  private readonly modelNames: string[] = [];

  constructor(views: Array<{ kind: ReportKind } & ReportOptions>) {
    this.totals.add();
    this.plans = views.map((view) => ({ kind: view.kind, breakdown: view.breakdown === true, unpriced: view.unpriced, groups: new GroupSums(), keys: [], labels: [], projects: [], byKey: new Map(), models: [], perModel: new GroupSums() }));
  }

  /** Adds (or, with `sign` -1, takes out) the rows of `parts` that pass the filters. */
  fold(scan: Pick<Scan, 'parts' | 'sessions'>, parts: readonly UsagePart[], filters: Filters, sign: 1 | -1 = 1): void {
    const { plans, totals, modelIds, modelNames } = this;
    const blocks = plans.some((plan) => plan.kind === 'blocks') ? blockStarts(scan, filters) : undefined;
    for (const part of parts) {
      const keep = rowFilter(part, filters);
      const models = Int32Array.from(part.text, () => -1);
      const resolvers = plans.map((plan) => groupResolver(plan, part, scan, blocks));
      for (let at = 0; at < part.length; at++) {
        if (part.calls[at] === 0 || (keep !== undefined && !keep(at))) continue;
        totals.fold(0, part, at, sign);
        const text = part.model[at]!;
        let model = models[text]!;
        if (model < 0) {
          const name = part.text[text]!;
          model = modelIds.get(name) ?? modelIds.set(name, modelNames.push(name) - 1).get(name)!;
          models[text] = model;
        }
        for (let p = 0; p < plans.length; p++) {
          const plan = plans[p]!;
          const group = resolvers[p]!(at);
          plan.groups.fold(group, part, at, sign);
          const seen = plan.models[group]!;
          let m = 0;
          while (m < seen.length && seen[m] !== model) m += 2;
          if (m === seen.length) seen.push(model, plan.breakdown ? plan.perModel.add() : -1);
          if (plan.breakdown) plan.perModel.fold(seen[m + 1]!, part, at, sign);
        }
      }
    }
  }

  /** Names a session's group (if it has one) as the scan now shows it. */
  relabelSession(scan: Pick<Scan, 'sessions'>, key: string): void {
    for (const plan of this.plans) {
      const group = plan.kind === 'session' ? plan.byKey.get(key) : undefined;
      if (group !== undefined) plan.labels[group] = sessionLabel(scan, key.slice(key.indexOf(':') + 1));
    }
  }

  /** The reports, one per view, in the order they were asked for. */
  present(scan: Pick<Scan, 'skippedLines'>): Report[] {
    const total = this.totals.totals(0);
    return this.plans.map((plan) => {
      const out: ReportRow[] = plan.keys.map((key, group) => {
        const seen = plan.models[group]!;
        const pairs: Array<[string, number]> = [];
        for (let m = 0; m < seen.length; m += 2) pairs.push([this.modelNames[seen[m]!]!, seen[m + 1]!]);
        const row = plan.groups.totals(group) as ReportRow;
        row.key = key;
        row.label = plan.labels[group]!;
        row.models = pairs.map(([name]) => name).sort();
        row.firstAt = plan.groups.data[group * WIDTH + FIRST]!;
        row.lastAt = plan.groups.data[group * WIDTH + LAST]!;
        if (plan.kind === 'session') row.project = plan.projects[group];
        if (plan.breakdown) {
          row.breakdown = pairs.map(([model, slot]) => {
            const totals = plan.perModel.totals(slot) as ModelTotals;
            totals.model = model;
            return totals;
          });
          // By name among equal costs: a report's order must not hang on the order rows were folded in (kept.ts).
          row.breakdown.sort((a, b) => b.costUsd - a.costUsd || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
        }
        return row;
      });
      out.sort(TIME_KINDS.has(plan.kind) ? (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : (a, b) => b.costUsd - a.costUsd || (a.key < b.key ? -1 : 1));
      return { kind: plan.kind, rows: out, totals: { ...total }, skippedLines: scan.skippedLines, unpricedModels: [...(plan.unpriced ?? [])].sort() };
    });
  }

  /** The first and last time of every row folded in ([0, 0] for none). */
  span(): [number, number] {
    const d = this.totals.data;
    return d[FIRST]! <= d[LAST]! ? [d[FIRST]!, d[LAST]!] : [0, 0];
  }

  toStored(): StoredGrouping {
    return {
      views: this.plans.map((plan) => ({ kind: plan.kind, breakdown: plan.breakdown })),
      models: this.modelNames,
      totals: this.totals.toBase64(),
      plans: this.plans.map((plan) => ({ keys: plan.keys, labels: plan.labels, projects: plan.projects, groups: plan.groups.toBase64(), models: plan.models, perModel: plan.perModel.toBase64() })),
    };
  }

  /** Whether `value` is a grouping `toStored` made (of this code: sums as wide as its groups). */
  static isStored(value: unknown): value is StoredGrouping {
    const strings = (list: unknown): boolean => Array.isArray(list) && list.every((item) => typeof item === 'string');
    const rows = (text: unknown, count: number): boolean => typeof text === 'string' && Buffer.from(text, 'base64').length === count * WIDTH * 8;
    const stored = value as StoredGrouping | null;
    if (typeof stored !== 'object' || stored === null || !Array.isArray(stored.views) || !Array.isArray(stored.plans) || stored.views.length !== stored.plans.length) return false;
    if (!strings(stored.models) || !rows(stored.totals, 1) || !stored.views.every((view) => REPORTS.includes(view?.kind) && typeof view.breakdown === 'boolean')) return false;
    return stored.plans.every((plan) => {
      const groups = plan?.keys?.length;
      if (!strings(plan.keys) || !strings(plan.labels) || !strings(plan.projects) || plan.labels.length !== groups || plan.projects.length !== groups || !rows(plan.groups, groups)) return false;
      if (!Array.isArray(plan.models) || plan.models.length !== groups || typeof plan.perModel !== 'string') return false;
      const slots = Buffer.from(plan.perModel, 'base64').length / (WIDTH * 8);
      return plan.models.every((pairs) => Array.isArray(pairs) && pairs.length % 2 === 0 && pairs.every((id, n) => Number.isInteger(id) && (n % 2 === 0 ? id >= 0 && id < stored.models.length : id >= -1 && id < slots)));
    });
  }

  /** A stored grouping, to fold more rows into; `unpriced` as the views' own. */
  static restore(stored: StoredGrouping, unpriced?: Iterable<string>): Grouping {
    const grouping = new Grouping(stored.views.map((view) => ({ ...view, unpriced })));
    grouping.totals = GroupSums.fromBase64(stored.totals);
    for (const name of stored.models) grouping.modelIds.set(name, grouping.modelNames.push(name) - 1);
    grouping.plans.forEach((plan, n) => {
      const kept = stored.plans[n]!;
      plan.keys.push(...kept.keys);
      plan.labels.push(...kept.labels);
      plan.projects.push(...kept.projects);
      kept.keys.forEach((key, group) => plan.byKey.set(key, group));
      plan.models.push(...kept.models);
      plan.groups = GroupSums.fromBase64(kept.groups);
      plan.perModel = GroupSums.fromBase64(kept.perModel);
    });
    return grouping;
  }
}

/**
 * Whether a row passes the filters; text filters are decided once per distinct value.
 * Undefined without filters: every row passes, and reading each row's time twice to say so
 * cost a report of 10^4 rows more than it seems (doubles boxed until the loop is optimised).
 */
function rowFilter(part: UsagePart, filters: Filters): ((at: number) => boolean) | undefined {
  if (filters.since === undefined && filters.until === undefined && filters.project === undefined && filters.model === undefined) return undefined;
  const since = filters.since ?? -Infinity;
  const until = filters.until ?? Infinity;
  const project = textFilter(part, filters.project);
  const model = textFilter(part, filters.model);
  return (at) => part.t[at]! >= since && part.t[at]! <= until && (project === undefined || project[part.project[at]!] === 1) && (model === undefined || model[part.model[at]!] === 1);
}

function textFilter(part: UsagePart, wanted: string | undefined): Uint8Array | undefined {
  if (wanted === undefined) return undefined;
  const lower = wanted.toLowerCase();
  return Uint8Array.from(part.text, (value) => (value.toLowerCase().includes(lower) ? 1 : 0));
}

/** What a session's row is called: its title, else its first prompt, else its id. */
function sessionLabel(scan: Pick<Scan, 'sessions'>, session: string): string {
  // Sessions are read only for their labels (a scan may make them on first use).
  const info = scan.sessions.get(session);
  return info?.title ?? info?.firstPrompt ?? session;
}

/** The group of each row of `part` in `plan`, making groups as new keys appear. */
function groupResolver(plan: Plan, part: UsagePart, scan: Pick<Scan, 'sessions'>, blocks: Map<number, string> | undefined): (at: number) => number {
  const groupOf = (key: string, at: number): number => {
    let group = plan.byKey.get(key);
    if (group === undefined) {
      group = plan.groups.add();
      plan.byKey.set(key, group);
      plan.keys.push(key);
      plan.models.push([]);
      plan.labels.push(plan.kind === 'session' ? sessionLabel(scan, part.text[part.session[at]!]!) : key);
      plan.projects.push(part.text[part.project[at]!]!);
    }
    return group;
  };
  // Every time zone's offset is a multiple of 15 minutes: a local date or hour is the same for a whole quarter hour.
  const byQuarter = (format: (t: number) => string) => {
    const known = new Map<number, number>();
    return (at: number) => {
      const quarter = Math.floor(part.t[at]! / QUARTER_HOUR);
      let group = known.get(quarter);
      if (group === undefined) known.set(quarter, (group = groupOf(format(part.t[at]!), at)));
      return group;
    };
  };
  // A part's rows come in time order within a file: the period of the row before is tried first.
  const byPeriod = (period: 'day' | 'week' | 'month', format: (t: number) => string) => {
    let from = Infinity;
    let to = -Infinity;
    let group = -1;
    return (at: number) => {
      const t = part.t[at]!;
      if (t < from || t >= to) {
        [from, to] = periodSpan(period, t);
        group = groupOf(format(t), at);
      }
      return group;
    };
  };
  const byText = (column: ArrayLike<number>, name: (text: number) => string) => {
    const known = new Int32Array(part.text.length + 1).fill(-1);
    return (at: number) => {
      const text = column[at]!;
      let group = known[text + 1]!;
      if (group < 0) known[text + 1] = group = groupOf(name(text), at);
      return group;
    };
  };
  switch (plan.kind) {
    case 'daily':
      return byPeriod('day', dayKey);
    case 'weekly':
      return byPeriod('week', weekKey);
    case 'monthly':
      return byPeriod('month', monthKey);
    case 'hourly':
      return byQuarter(hourKey);
    case 'session':
      return byText(part.session, (text) => `${part.source}:${part.text[text]}`);
    case 'command':
      return byText(part.command, (text) => (text >= 0 ? part.text[text]! : part.source === 'claude-code' ? '(claude code)' : '(none)'));
    case 'model':
      return byText(part.model, (text) => part.text[text]!);
    case 'project':
      return byText(part.project, (text) => part.text[text]!);
    case 'blocks':
      return (at) => groupOf(blocks!.get(part.t[at]!)!, at);
  }
}

/**
 * Claude's 5-hour usage windows, as ccusage draws them: a block starts at the hour of its
 * first call and holds every call until 5 hours later; a gap of 5 hours also ends it.
 */
function blockStarts(scan: Pick<Scan, 'parts'>, filters: Filters): Map<number, string> {
  // A folded row's last time counts for the gap rule: calls inside it are never 5 hours apart.
  const all = new Set<number>();
  for (const part of scan.parts) {
    const keep = rowFilter(part, filters);
    for (let at = 0; at < part.length; at++) if (part.calls[at] !== 0 && (keep === undefined || keep(at))) all.add(part.t[at]!).add(part.lastT[at]!);
  }
  const blockOf = new Map<number, string>();
  let start = -Infinity;
  let last = -Infinity;
  for (const t of [...all].sort((a, b) => a - b)) {
    if (t >= start + BLOCK || t - last >= BLOCK) start = Math.floor(t / HOUR) * HOUR;
    blockOf.set(t, new Date(start).toISOString());
    last = t;
  }
  return blockOf;
}
