import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateClaudeTranscripts, type ClaudeTranscriptTruth } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tokens } from '../src/types.js';
import { service, tempDir, transcriptPrices } from './support.js';

const home = tempDir();
const claude = join(home.dir, 'claude');
let truth: ClaudeTranscriptTruth;
const savedTz = process.env.TZ;

beforeAll(() => {
  process.env.TZ = 'UTC'; // the generator's days are UTC days
  truth = generateClaudeTranscripts({ root: claude, bytes: 6_000_000, prices: transcriptPrices, seed: 11 });
});
afterAll(() => {
  process.env.TZ = savedTz;
  home.remove();
});

const tokens = (row: Tokens) => ({ input: row.input, output: row.output, cacheWrite: row.cacheWrite, cacheRead: row.cacheRead });

describe('Claude Code transcripts', () => {
  it('totals per day × model, per month and per session equal the generator\'s truth, each response once', () => {
    const metrics = service(join(home.dir, 'a'), [claude]);
    expect(truth.lines).toBeGreaterThan(truth.totals.responses * 2); // split responses really are there
    const byDay = metrics.report({ kind: 'daily', source: 'claude-code', breakdown: true });
    const got: Record<string, unknown> = {};
    for (const row of byDay.rows) for (const model of row.breakdown!) got[`${row.key}|${model.model}`] = { ...tokens(model), calls: model.calls };
    const want = Object.fromEntries(Object.entries(truth.byDayModel).map(([key, value]) => [key, { ...tokens(value), calls: value.responses }]));
    expect(got).toEqual(want);
    expect(byDay.totals.calls).toBe(truth.totals.responses);
    expect(byDay.totals.costUsd).toBeCloseTo(truth.totals.costUsd, 6);

    const byMonth = metrics.report({ kind: 'monthly', source: 'claude-code' });
    expect(Object.fromEntries(byMonth.rows.map((row) => [row.key, { ...tokens(row), cost: Number(row.costUsd.toFixed(6)) }]))).toEqual(
      Object.fromEntries(Object.entries(truth.byMonth).map(([key, value]) => [key, { ...tokens(value), cost: Number(value.costUsd.toFixed(6)) }])),
    );

    const bySession = metrics.report({ kind: 'session', source: 'claude-code' });
    expect(Object.fromEntries(bySession.rows.map((row) => [row.key.replace('claude-code:', ''), { ...tokens(row), label: row.label, project: row.project }]))).toEqual(
      Object.fromEntries(Object.entries(truth.bySession).filter(([, value]) => value.responses > 0).map(([key, value]) => [key, { ...tokens(value), label: value.title ?? value.firstPrompt, project: value.project }])),
    );
    expect(byDay.skippedLines).toBe(truth.tornLines);
  });

  it('a second scan reads only what was appended, and a torn last line counts once completed', () => {
    const root = join(home.dir, 'b');
    const metrics = service(root, [claude]);
    const first = metrics.scan('claude-code');
    expect(first.bytesRead).toBe(truth.bytes - tornTailBytes(truth));
    const again = metrics.scan('claude-code');
    expect(again.bytesRead).toBe(0);

    const file = truth.files[0]!;
    const line = (id: string, output: number) =>
      JSON.stringify({ parentUuid: null, isSidechain: false, type: 'assistant', sessionId: 's', message: { id, type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', content: [{ type: 'text', text: 'x' }], usage: { input_tokens: 1, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } }, requestId: `req_${id}`, timestamp: '2026-12-01T10:00:00.000Z' });
    const whole = line('msg_new', 100);
    appendFileSync(file, `${whole}\n${whole.slice(0, 60)}`); // a response, then a torn last line
    const afterTorn = metrics.report({ kind: 'daily', source: 'claude-code', since: Date.UTC(2026, 11, 1) });
    expect(afterTorn.totals.output).toBe(100);
    expect(afterTorn.skippedLines).toBe(truth.tornLines + 1);

    // The writer finishes the line: it now counts, and was read from where the last scan stopped.
    appendFileSync(file, `${whole.slice(60)}\n`);
    const completed = metrics.scan('claude-code');
    expect(completed.bytesRead).toBe(Buffer.byteLength(whole) + 1);
    const report = metrics.report({ kind: 'daily', source: 'claude-code', since: Date.UTC(2026, 11, 1) }, completed);
    // Same message id and request id: one response, not two.
    expect(report.totals.output).toBe(100);
    expect(report.skippedLines).toBe(truth.tornLines);
  });

  it('a line that does not fit the fast shape is parsed whole, and garbage is skipped and counted', () => {
    const dir = join(home.dir, 'c', 'projects', 'p');
    const root = join(home.dir, 'c');
    mkdirSync(dir, { recursive: true });
    const reordered = JSON.stringify({ timestamp: '2026-10-01T00:00:00Z', type: 'assistant', requestId: 'r1', message: { usage: { input_tokens: 5, output_tokens: 7 }, model: 'claude-sonnet-4-5-20250929', id: 'm1', role: 'assistant', content: [] } });
    const userWithAgentUsage = JSON.stringify({ type: 'user', timestamp: '2026-10-01T00:00:00Z', message: { role: 'user', content: [{ type: 'tool_result', content: 'ok' }] }, toolUseResult: { usage: { input_tokens: 1000, output_tokens: 1000 } } });
    writeFileSync(join(dir, 's.jsonl'), `${reordered}\nnot json at all\n{"broken": \n${userWithAgentUsage}\n`);
    const report = service(join(root, 'state'), [root]).report({ kind: 'model', source: 'claude-code' });
    expect(report.rows.map((row) => [row.key, row.input, row.output])).toEqual([['claude-sonnet-4-5-20250929', 5, 7]]);
    expect(report.skippedLines).toBe(2);
  });
});

/** Bytes of last lines left without a newline, which a scan leaves for later. */
function tornTailBytes(truth: ClaudeTranscriptTruth): number {
  let bytes = 0;
  for (const file of truth.files) {
    const text = readFileSync(file);
    if (text.at(-1) !== 0x0a) bytes += text.length - (text.lastIndexOf(0x0a) + 1);
  }
  return bytes;
}
