import { describe, expect, it } from 'vitest';
import { report } from '../src/query/index.js';
import { usagePart } from '../src/query/part.js';
import { writeJson } from '../src/render/json.js';
import type { UsageRow } from '../src/types.js';

const printed = (value: unknown): { text: string; chunks: number } => {
  const chunks: string[] = [];
  writeJson(value, (chunk) => chunks.push(chunk));
  return { text: chunks.join(''), chunks: chunks.length };
};

describe('JSON written in pieces', () => {
  const day = (n: number): UsageRow => ({
    t: Date.UTC(2026, 0, 1) + n * 86_400_000, source: 'claude-code', project: '/p', session: `s${n % 3}`, command: null, model: n % 2 ? 'claude-haiku-4-5' : 'claude-sonnet-4-5',
    input: n, output: 2 * n, cacheWrite: 3, cacheRead: 1000 + n, costUsd: n / 7, savedUsd: n / 11, calls: 1 + (n % 4), errors: 0, retries: 0, latencyMs: 0,
  });

  it('is JSON.stringify of the whole report, rows and all, whatever their number', () => {
    for (const days of [0, 1, 64, 65, 200]) {
      const rows = Array.from({ length: days }, (_, n) => day(n));
      const daily = report({ parts: [usagePart('claude-code', rows)], sessions: new Map(), skippedLines: 2, files: 1, bytesRead: 0 }, 'daily', {}, { breakdown: true, unpriced: ['x-model'] });
      const { text, chunks } = printed(daily);
      expect(text).toBe(`${JSON.stringify(daily)}\n`);
      // Years of rows are never one string: a piece per 64 rows, and the head and tail.
      expect(chunks).toBe(Math.ceil(days / 64) + 2);
    }
  });

  it('keeps the members around `rows` in their order, and prints anything else whole', () => {
    expect(printed({ rows: [1, 2], after: 'x' }).text).toBe('{"rows":[1,2],"after":"x"}\n');
    expect(printed({ before: 1, rows: [], skipped: undefined }).text).toBe('{"before":1,"rows":[]}\n');
    expect(printed({ error: { code: 'X', message: 'rows":[]' } }).text).toBe('{"error":{"code":"X","message":"rows\\":[]"}}\n');
    expect(printed([1, 'a']).text).toBe('[1,"a"]\n');
  });
});
