import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateClaudeTranscripts } from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'loom-transcripts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const prices = { 'claude-sonnet-4-5-20250929': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 } };
const DAY = 86_400_000;
const daysOf = (truth: ReturnType<typeof generateClaudeTranscripts>) => Object.keys(truth.byDayModel).map((key) => Date.parse(key.slice(0, 10))).sort((a, b) => a - b);

describe('generateClaudeTranscripts', () => {
  it('writes transcripts the size real histories have, over about 90 days whatever the size', () => {
    const truth = generateClaudeTranscripts({ root: join(root, 'default'), bytes: 24_000_000, prices, seed: 3 });
    const sizes = truth.files.map((file) => statSync(file).size);
    const mean = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
    // The densest real history we know of averages 380 KB a transcript (ccusage PR #922).
    expect(mean).toBeGreaterThan(250_000);
    expect(mean).toBeLessThan(700_000);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(truth.bytes);
    const days = daysOf(truth);
    expect(days.at(-1)! - days[0]!).toBeGreaterThan(75 * DAY);
    expect(days.at(-1)! - days[0]!).toBeLessThanOrEqual(91 * DAY);
  });

  it('takes the span and the session length it is given', () => {
    const truth = generateClaudeTranscripts({ root: join(root, 'short'), bytes: 2_000_000, prices, seed: 4, turns: [4, 40], days: 3, start: Date.UTC(2026, 0, 1) });
    const days = daysOf(truth);
    expect(days[0]).toBe(Date.UTC(2026, 0, 1));
    expect(days.at(-1)! - days[0]!).toBeLessThanOrEqual(3 * DAY);
    // Short sessions: many of them in 2 MB, each a transcript of its own.
    expect(Object.keys(truth.bySession).length).toBeGreaterThan(8);
    expect(truth.files.filter((file) => !file.includes('subagents')).length).toBe(Object.keys(truth.bySession).length);
  });
});
