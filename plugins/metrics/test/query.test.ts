import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report } from '../src/query/index.js';
import { usagePart } from '../src/query/part.js';
import { parseWhen } from '../src/query/when.js';
import type { Scan, UsageRow } from '../src/types.js';

const savedTz = process.env.TZ;
beforeAll(() => void (process.env.TZ = 'UTC'));
afterAll(() => void (process.env.TZ = savedTz));

const at = (iso: string, extra: Partial<UsageRow> = {}): UsageRow => ({
  t: Date.parse(iso), source: 'loom', project: '/work/Api', session: 's1', command: 'ask', model: 'claude-haiku-4-5',
  input: 100, output: 10, cacheWrite: 0, cacheRead: 300, costUsd: 1, savedUsd: 0.5, calls: 1, errors: 0, retries: 0, latencyMs: 10, ...extra,
});
const scan = (rows: UsageRow[]): Scan => ({ parts: (['loom', 'claude-code'] as const).map((source) => usagePart(source, rows.filter((row) => row.source === source))), sessions: new Map([['s1', { id: 's1', source: 'loom', project: '/work/Api', title: null, firstPrompt: 'fix the login bug', file: null }]]), skippedLines: 0, files: 1, bytesRead: 0 });

describe('report groupings', () => {
  it('5-hour blocks start at the hour of their first call and end after 5 hours or a 5-hour gap', () => {
    const rows = ['2026-11-02T10:15:00Z', '2026-11-02T11:00:00Z', '2026-11-02T14:59:00Z', '2026-11-02T15:20:00Z', '2026-11-02T21:00:00Z', '2026-11-03T01:30:00Z'].map((iso) => at(iso));
    const blocks = report(scan(rows), 'blocks');
    expect(blocks.rows.map((row) => [row.key, row.calls])).toEqual([
      ['2026-11-02T10:00:00.000Z', 3],
      ['2026-11-02T15:00:00.000Z', 1],
      ['2026-11-02T21:00:00.000Z', 2],
    ]);
  });

  it('is the same report whatever order its rows are folded in: sums to the nano-dollar, equal costs in a breakdown by name', () => {
    // Costs whose float sums depend on their order (0.1 + 0.2 + 0.3 is not 0.3 + 0.2 + 0.1).
    const rows = [at('2026-11-02T10:00:00Z', { costUsd: 0.1 }), at('2026-11-02T11:00:00Z', { model: 'claude-sonnet-4-6', costUsd: 0.6 }), at('2026-11-02T12:00:00Z', { costUsd: 0.2 }), at('2026-11-02T13:00:00Z', { costUsd: 0.3 }), at('2026-11-02T14:00:00Z', { model: 'claude-opus-4-1', costUsd: 0.6 })];
    const forward = report(scan(rows), 'daily', {}, { breakdown: true });
    const backward = report(scan([...rows].reverse()), 'daily', {}, { breakdown: true });
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
    expect(forward.rows[0]!.breakdown!.map((model) => model.model)).toEqual(['claude-haiku-4-5', 'claude-opus-4-1', 'claude-sonnet-4-6']);
    expect(forward.totals.costUsd).toBe(1.8);
  });

  it('weeks start on Monday; hours and months are local keys', () => {
    const rows = [at('2026-11-01T23:00:00Z'), at('2026-11-02T00:30:00Z'), at('2026-11-08T12:00:00Z'), at('2026-11-09T08:00:00Z')];
    expect(report(scan(rows), 'weekly').rows.map((row) => [row.key, row.calls])).toEqual([['2026-10-26', 1], ['2026-11-02', 2], ['2026-11-09', 1]]);
    expect(report(scan(rows), 'monthly').rows.map((row) => row.key)).toEqual(['2026-11']);
    expect(report(scan(rows), 'hourly').rows[0]!.key).toBe('2026-11-01 23:00');
  });

  it('filters by time, project and model (any case), and computes ratios from the sums', () => {
    const rows = [at('2026-11-01T10:00:00Z'), at('2026-11-05T10:00:00Z', { project: '/work/web', model: 'claude-sonnet-4-6', costUsd: 3 }), at('2026-11-09T10:00:00Z', { errors: 1, retries: 2 })];
    const now = Date.parse('2026-11-10T00:00:00Z');
    expect(report(scan(rows), 'daily', { since: parseWhen('2026-11-02', now, 'since'), until: parseWhen('2026-11-05', now, 'until') }).totals.calls).toBe(1);
    expect(report(scan(rows), 'daily', { since: parseWhen('7d', now, 'since') }).totals.calls).toBe(2);
    expect(report(scan(rows), 'model', { project: 'api' }).totals.calls).toBe(2);
    expect(report(scan(rows), 'model', { model: 'SONNET' }).rows.map((row) => row.key)).toEqual(['claude-sonnet-4-6']);
    const all = report(scan(rows), 'session');
    expect(all.rows[0]!.label).toBe('fix the login bug');
    expect(all.totals).toMatchObject({ calls: 3, errors: 1, retries: 2, costUsd: 5, savedUsd: 1.5, totalTokens: 3 * 410 });
    expect(all.totals.cacheHitRatio).toBeCloseTo(300 / 400, 12);
    // Costliest first for non-time groupings.
    expect(report(scan(rows), 'project').rows.map((row) => row.key)).toEqual(['/work/web', '/work/Api']);
  });

  it('a breakdown gives each model its own totals inside the row', () => {
    const rows = [at('2026-11-01T10:00:00Z'), at('2026-11-01T11:00:00Z', { model: 'claude-sonnet-4-6', output: 99 })];
    const [day] = report(scan(rows), 'daily', {}, { breakdown: true }).rows;
    expect(day!.models).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-6']);
    expect(day!.breakdown!.map((model) => [model.model, model.output])).toEqual([['claude-haiku-4-5', 10], ['claude-sonnet-4-6', 99]]);
  });
});
