import { Grouping, type Report, type ReportKind, type StoredGrouping } from './index.js';
import type { Scan, ScanChanges } from '../types.js';

/** Bumped when KeptReport changes shape: another version's file is not read. */
const KEPT_FORMAT = 1;

/** An unfiltered report's grouping as the last run left it, and the saved scan state it was folded from. */
export interface KeptReport {
  v: typeof KEPT_FORMAT;
  /** The `to` of the scan it was folded from. */
  state: number;
  /** The local time zone's offsets over the report's span when it was folded (its date keys are local). */
  zone: { span: [number, number]; offsets: string };
  grouping: StoredGrouping;
}

/** `value` if it is a kept report this code wrote, else undefined (it is folded afresh). */
export function asKeptReport(value: unknown): KeptReport | undefined {
  const kept = value as KeptReport | null;
  if (typeof kept !== 'object' || kept === null || kept.v !== KEPT_FORMAT || typeof kept.state !== 'number') return undefined;
  const { zone } = kept;
  if (typeof zone !== 'object' || zone === null || typeof zone.offsets !== 'string' || !Array.isArray(zone.span) || zone.span.length !== 2 || !zone.span.every(Number.isFinite)) return undefined;
  return Grouping.isStored(kept.grouping) ? kept : undefined;
}

export interface KeptStore {
  read(): KeptReport | undefined;
  write(kept: KeptReport): void;
}

/**
 * An unfiltered report of a scan's rows, patched from the one the last run kept when this
 * scan started at the state that one was folded from: the rows the scan changed are taken
 * out as they were and folded in as they are, instead of folding every row (10^4 groups of a
 * long history against a few hundred). Only the rows of the source that says what changed
 * (Claude Code's ledger) are kept; other sources' rows (Loom's own calls, folded by the hour:
 * few) are folded in afresh. Sums are exact and a report's order does not depend on the
 * order of folding (query/index.ts), so the result is the full fold's, bit for bit; anything
 * a patch cannot follow folds every row.
 */
export function keptReport(scan: Scan & { changes: ScanChanges }, view: { kind: ReportKind; breakdown: boolean }, unpriced: Iterable<string>, store: KeptStore): Report {
  const { changes } = scan;
  const source = changes.after.source;
  const kept = changes.from === undefined ? undefined : store.read();
  let grouping: Grouping;
  const patched = kept !== undefined && kept.state === changes.from && sameZone(kept.zone) && followable(changes) && sameView(kept.grouping, view) ? kept : undefined;
  if (patched) {
    grouping = Grouping.restore(patched.grouping, unpriced);
    grouping.fold(scan, [changes.before], {}, -1);
    grouping.fold(scan, [changes.after], {});
    for (const session of changes.sessions) grouping.relabelSession(scan, `${source}:${session}`);
  } else {
    grouping = new Grouping([{ ...view, unpriced }]);
    grouping.fold(scan, scan.parts.filter((part) => part.source === source), {});
  }
  // Kept (written now, before other sources' rows join it) unless it is the kept one unchanged.
  if (changes.to !== undefined && !(patched && changes.to === changes.from)) {
    const span = grouping.span();
    store.write({ v: KEPT_FORMAT, state: changes.to, zone: { span, offsets: zoneOffsets(span) }, grouping: grouping.toStored() });
  }
  grouping.fold(scan, scan.othersThan ? scan.othersThan(source) : scan.parts.filter((part) => part.source !== source), {});
  return grouping.present(scan)[0]!;
}

/** Only kinds whose rows follow from each row alone: a 5-hour block starts where the calls before it say. */
export const keepsReport = (kind: ReportKind): boolean => kind !== 'blocks';

/**
 * A row that a scan emptied (every response of it replaced by a copy elsewhere) or brought
 * back leaves or joins its report's rows and models in the full fold's order, which a patch
 * does not follow.
 */
function followable(changes: ScanChanges): boolean {
  for (let at = 0; at < changes.before.length; at++) if (changes.before.calls[at] === 0) return false;
  for (let at = 0; at < changes.after.length; at++) if (changes.after.calls[at] === 0) return false;
  return true;
}

function sameView(stored: StoredGrouping, view: { kind: ReportKind; breakdown: boolean }): boolean {
  return stored.views.length === 1 && stored.views[0]!.kind === view.kind && stored.views[0]!.breakdown === view.breakdown;
}

function sameZone(zone: KeptReport['zone']): boolean {
  return zone.offsets === zoneOffsets(zone.span);
}

const DAY = 86_400_000;

/**
 * The local time zone's offset at noon UTC of each day of `span`, run-length encoded: a kept
 * report's date keys were made in that zone, and a change of zone (TZ, the system's) shows as
 * a change of offset on some day of it. Intl's zone name would say it directly but costs
 * ~20 ms to load.
 */
function zoneOffsets([first, last]: [number, number]): string {
  const out: string[] = [];
  let previous = Number.NaN;
  for (let day = Math.floor(first / DAY); day <= Math.floor(last / DAY); day++) {
    const offset = new Date(day * DAY + DAY / 2).getTimezoneOffset();
    if (offset !== previous) out.push(`${day}:${offset}`);
    previous = offset;
  }
  return `${process.env.TZ ?? ''}|${out.join(',')}`;
}
