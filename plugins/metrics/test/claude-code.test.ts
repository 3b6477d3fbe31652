import { appendFileSync, mkdirSync, readdirSync, readFileSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateClaudeTranscripts, type ClaudeTranscriptTruth } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedModelTable } from '@loomkit/llm';
import { createMetricsService } from '../src/service.js';
import { createPricer } from '../src/query/price.js';
import { Ledger } from '../src/sources/claude-code/ledger.js';
import type { ClaudeEntry } from '../src/sources/claude-code/parse.js';
import type { Report } from '../src/query/index.js';
import type { Tokens } from '../src/types.js';
import { service, tempDir, transcriptPrices, shortSessions } from './support.js';

const home = tempDir();
const claude = join(home.dir, 'claude');
let truth: ClaudeTranscriptTruth;
const savedTz = process.env.TZ;

beforeAll(() => {
  process.env.TZ = 'UTC'; // the generator's days are UTC days
  truth = generateClaudeTranscripts({ root: claude, bytes: 6_000_000, prices: transcriptPrices, ...shortSessions, seed: 11 });
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

    // The next process loads the ledger: a known response repeated, a line of it with more tokens, and a new one count as a full read counts them.
    appendFileSync(file, `${whole}\n${line('msg_new', 130)}\n${line('msg_newer', 7)}\n`);
    const bySession = (metrics: ReturnType<typeof service>) => {
      const got = metrics.report({ kind: 'session', source: 'claude-code', breakdown: true });
      return { totals: tokens(got.totals), calls: got.totals.calls, cost: got.totals.costUsd, rows: got.rows.map((row) => ({ key: row.key, calls: row.calls, ...tokens(row) })) };
    };
    const loaded = bySession(service(root, [claude]));
    const full = bySession(service(join(home.dir, 'b-full'), [claude]));
    expect(loaded.rows).toEqual(full.rows);
    expect(loaded.totals).toEqual(full.totals);
    expect(loaded.cost).toBeCloseTo(full.cost, 9);
    expect(loaded.calls).toBe(truth.totals.responses + 2);
  });

  it('a report of an earlier scan keeps its totals while a later scan of the same service adds and replaces', () => {
    const root = join(home.dir, 'lent');
    const file = join(root, 'claude', 'projects', 'p', 's.jsonl');
    mkdirSync(dirname(file), { recursive: true });
    const line = (id: string, output: number) =>
      JSON.stringify({ type: 'assistant', sessionId: 's', message: { id, role: 'assistant', model: 'claude-haiku-4-5-20251001', content: [], usage: { input_tokens: 1, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } }, requestId: `req_${id}`, timestamp: '2026-12-01T10:00:00.000Z' });
    writeFileSync(file, `${line('msg_a', 10)}\n`);
    const metrics = service(root, [join(root, 'claude')]);
    const first = metrics.scan('claude-code');
    // The same response with more tokens (replaces msg_a's 10 in the same group), and a new one.
    appendFileSync(file, `${line('msg_a', 25)}\n${line('msg_b', 5)}\n`);
    const second = metrics.scan('claude-code');
    const daily = (scan: typeof first) => metrics.report({ kind: 'daily', source: 'claude-code' }, scan).totals;
    expect([daily(first).output, daily(first).calls]).toEqual([10, 1]);
    expect([daily(second).output, daily(second).calls]).toEqual([30, 2]);
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

describe('sub-agents and sidechains, as ccusage counts them', () => {
  const assistant = (fields: { id: string; request: string; sidechain?: boolean; output: number; cacheRead?: number }) =>
    JSON.stringify({ isSidechain: fields.sidechain ?? false, type: 'assistant', timestamp: '2026-10-02T10:00:00.000Z', requestId: fields.request, message: { id: fields.id, role: 'assistant', model: 'claude-haiku-4-5-20251001', content: [{ type: 'text', text: 'x' }], usage: { input_tokens: 1, output_tokens: fields.output, cache_creation_input_tokens: 0, cache_read_input_tokens: fields.cacheRead ?? 0 } } });
  // A sub-agent's response streamed into the parent's transcript: the record sits under data.message.
  const progress = (id: string, request: string, output: number) =>
    JSON.stringify({ type: 'progress', isSidechain: false, timestamp: '2026-10-02T10:01:00.000Z', data: { type: 'agent_progress', message: { type: 'assistant', timestamp: '2026-10-02T10:01:00.000Z', requestId: request, message: { id, role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [], usage: { input_tokens: 2, output_tokens: output } } } } });

  it('counts agent progress lines once with their sub-agent file, and a /btw replay of a parent response not at all', () => {
    const root = join(home.dir, 'agents');
    const project = join(root, 'claude', 'projects', 'p');
    mkdirSync(join(project, 's1', 'subagents'), { recursive: true });
    writeFileSync(join(project, 's1.jsonl'), `${assistant({ id: 'msg_parent', request: 'req_1', output: 20 })}
${progress('msg_agent', 'req_2', 40)}
`);
    writeFileSync(
      join(project, 's1', 'subagents', 'agent-a.jsonl'),
      [
        assistant({ id: 'msg_agent', request: 'req_2', sidechain: true, output: 40 }).replace('claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929'),
        // The parent's response replayed in a sidechain under a new request id, with more cache reads: still the parent's.
        assistant({ id: 'msg_parent', request: 'req_9', sidechain: true, output: 20, cacheRead: 5000 }),
        assistant({ id: 'msg_own', request: 'req_3', sidechain: true, output: 300 }),
      ].join('\n') + '\n',
    );
    const report = service(join(root, 'state'), [join(root, 'claude')]).report({ kind: 'model', source: 'claude-code' });
    expect(report.rows.map((row) => [row.key, row.calls, row.output, row.cacheRead])).toEqual([
      ['claude-haiku-4-5-20251001', 2, 320, 0],
      ['claude-sonnet-4-5-20250929', 1, 40, 0],
    ]);
  });
});

describe('a cold read on worker threads', () => {
  it('gives the same totals as one thread, and later reads go on from where the workers stopped', () => {
    const root = join(home.dir, 'workers');
    const threaded = createMetricsService({ dataDir: join(root, 'data'), cacheDir: join(root, 'cache'), claudeDirs: [claude], models: shippedModelTable(), parallelBytes: 0, workers: 3 });
    const one = service(join(root, 'one'), [claude]);
    const scan = threaded.scan('claude-code');
    expect(scan.threads).toBe(3);
    expect(scan.bytesRead).toBe(one.scan('claude-code').bytesRead);
    const bySession = (metrics: typeof one) => metrics.report({ kind: 'session', source: 'claude-code', breakdown: true });
    expect(bySession(threaded)).toEqual(bySession(one));
    expect(bySession(threaded).totals.calls).toBeGreaterThanOrEqual(truth.totals.responses);
    expect(threaded.scan('claude-code').bytesRead).toBe(0);
  });

  it('starts over when a transcript shrank (rewritten): nothing it held before still counts', () => {
    const root = join(home.dir, 'shrink');
    const claudeDir = join(root, 'claude');
    const small = generateClaudeTranscripts({ root: claudeDir, bytes: 300_000, prices: transcriptPrices, ...shortSessions, seed: 5 });
    const metrics = service(join(root, 'state'), [claudeDir]);
    expect(metrics.report({ kind: 'daily', source: 'claude-code' }).totals.calls).toBe(small.totals.responses);
    const file = small.files.find((path) => !path.includes('subagents'))!;
    truncateSync(file, 0);
    const after = service(join(root, 'state'), [claudeDir]).report({ kind: 'session', source: 'claude-code' });
    const session = file.slice(file.lastIndexOf('/') + 1, -'.jsonl'.length);
    const left = after.rows.find((row) => row.key === `claude-code:${session}`);
    // Its sub-agent files may still hold responses; the main transcript's are gone.
    expect(left?.calls ?? 0).toBeLessThan(small.bySession[session]!.responses);
    expect(after.totals.calls).toBe(fresh(claudeDir, join(root, 'fresh')));
  });
});

describe('a re-run in a new process, from the saved ledger', () => {
  /** Every folder under `dir` made a minute old, as folders are between two reports (a folder changed in the last moments is always listed again). */
  const age = (dir: string) => {
    const old = new Date(Date.now() - 60_000);
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) if (entry.isDirectory()) utimesSync(join(entry.parentPath, entry.name), old, old);
    utimesSync(dir, old, old);
  };
  const totals = (report: Report) => ({ ...tokens(report.totals), calls: report.totals.calls, rows: report.rows.map((row) => [row.key, row.calls, row.output]) });

  it('finds new transcripts in folders it knew and in new ones, and new bytes of known ones', () => {
    const root = join(home.dir, 'rerun');
    const claudeDir = join(root, 'claude');
    const small = generateClaudeTranscripts({ root: claudeDir, bytes: 300_000, prices: transcriptPrices, ...shortSessions, seed: 7 });
    age(join(claudeDir, 'projects'));
    expect(service(join(root, 'state'), [claudeDir]).report({ kind: 'daily', source: 'claude-code' }).totals.calls).toBe(small.totals.responses);

    const file = small.files.find((path) => !path.includes('subagents'))!;
    const line = (id: string, day: string) => `${JSON.stringify({ type: 'assistant', isSidechain: false, requestId: `req_${id}`, timestamp: `${day}T10:00:00.000Z`, message: { id, role: 'assistant', model: 'claude-haiku-4-5-20251001', content: [], usage: { input_tokens: 2, output_tokens: 50, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } } })}\n`;
    appendFileSync(file, line('msg_appended', '2026-12-02'));
    writeFileSync(join(dirname(file), 'new-session.jsonl'), line('msg_beside', '2026-12-03'));
    mkdirSync(join(claudeDir, 'projects', '-home-new-project'));
    writeFileSync(join(claudeDir, 'projects', '-home-new-project', 'other.jsonl'), line('msg_new_project', '2026-12-04'));

    const rerun = service(join(root, 'state'), [claudeDir]);
    const scan = rerun.scan('claude-code');
    expect(scan.bytesRead).toBe(line('msg_appended', '2026-12-02').length + line('msg_beside', '2026-12-03').length + line('msg_new_project', '2026-12-04').length);
    const after = rerun.report({ kind: 'daily', source: 'claude-code' }, scan);
    expect(after.totals.calls).toBe(small.totals.responses + 3);
    expect(after.rows.filter((row) => row.key >= '2026-12-02').map((row) => [row.key, row.calls, row.output])).toEqual([['2026-12-02', 1, 50], ['2026-12-03', 1, 50], ['2026-12-04', 1, 50]]);
    expect(totals(after)).toEqual(totals(service(join(root, 'fresh'), [claudeDir]).report({ kind: 'daily', source: 'claude-code' })));
    const projects = rerun.report({ kind: 'project', source: 'claude-code' });
    expect(projects.rows.find((row) => row.key === '-home-new-project')?.calls).toBe(1);

    // Once more, nothing new: every transcript is still found (most folders not listed again), nothing is read.
    const third = service(join(root, 'state'), [claudeDir]);
    expect(third.scan('claude-code').bytesRead).toBe(0);
    expect(totals(third.report({ kind: 'daily', source: 'claude-code' }))).toEqual(totals(after));
    expect(third.scan('claude-code').files).toBe(small.files.length + 2);
  });

  it('a later copy of a saved response with more tokens replaces it, as a fresh read does, in the ledger the next run reads', () => {
    const root = join(home.dir, 'recopied');
    const claudeDir = join(root, 'claude');
    const small = generateClaudeTranscripts({ root: claudeDir, bytes: 300_000, prices: transcriptPrices, ...shortSessions, seed: 12 });
    age(join(claudeDir, 'projects'));
    const before = service(join(root, 'state'), [claudeDir]).report({ kind: 'daily', source: 'claude-code' });
    // A saved response's line written again with more output tokens, at the end of another transcript.
    const [from, to] = small.files.filter((path) => readFileSync(path, 'utf8').includes('"usage":{'));
    const line = readFileSync(from!, 'utf8').split('\n').find((text) => text.includes('"usage":{') && text.includes('"type":"assistant"'))!;
    const parsed = JSON.parse(line) as { message: { usage: { output_tokens: number } } };
    for (const more of [1000, 3000]) {
      appendFileSync(to!, `${JSON.stringify({ ...parsed, message: { ...parsed.message, usage: { ...parsed.message.usage, output_tokens: parsed.message.usage.output_tokens + more } } })}\n`);
      const after = service(join(root, 'state'), [claudeDir]).report({ kind: 'daily', source: 'claude-code' });
      expect(after.totals.calls).toBe(before.totals.calls);
      expect(after.totals.output).toBe(before.totals.output + more);
      expect(totals(after)).toEqual(totals(service(join(root, `fresh-${more}`), [claudeDir]).report({ kind: 'daily', source: 'claude-code' })));
    }
    // Read back once more, nothing new: the changed response was saved as changed.
    expect(totals(service(join(root, 'state'), [claudeDir]).report({ kind: 'daily', source: 'claude-code' }))).toEqual(totals(service(join(root, 'fresh-3000'), [claudeDir]).report({ kind: 'daily', source: 'claude-code' })));
  });

  it('keeps each group\'s cost until its tokens or the prices change: another price table prices every saved group again', () => {
    const root = join(home.dir, 'repriced');
    const claudeDir = join(root, 'claude');
    generateClaudeTranscripts({ root: claudeDir, bytes: 200_000, prices: transcriptPrices, ...shortSessions, seed: 14 });
    age(join(claudeDir, 'projects'));
    const shipped = shippedModelTable();
    const doubled = { ...shipped, models: Object.fromEntries(Object.entries(shipped.models).map(([name, price]) => [name, { ...price, input: price.input * 2, output: price.output * 2, cacheWrite: price.cacheWrite * 2, cacheRead: price.cacheRead * 2 }])) };
    const priced = (state: string, models: typeof shipped) => createMetricsService({ dataDir: join(root, state, 'data'), cacheDir: join(root, state, 'cache'), claudeDirs: [claudeDir], models }).report({ kind: 'daily', source: 'claude-code' });
    const costs = (report: Report) => report.rows.map((row) => [row.key, row.costUsd, row.savedUsd]);
    const before = priced('state', shipped);
    expect(before.totals.costUsd).toBeGreaterThan(0);
    const again = priced('state', doubled);
    expect(costs(again)).toEqual(costs(priced('fresh-doubled', doubled)));
    expect(again.totals.costUsd).toBeCloseTo(before.totals.costUsd * 2, 9);
    expect(costs(priced('state', shipped))).toEqual(costs(before));
  });

  it('a sidechain replay of a saved response (same message id, new request id) still counts once, the parent\'s copy', () => {
    const root = join(home.dir, 'replayed');
    const project = join(root, 'claude', 'projects', 'p');
    mkdirSync(join(project, 's1', 'subagents'), { recursive: true });
    const line = (request: string, sidechain: boolean, cacheRead: number) =>
      `${JSON.stringify({ isSidechain: sidechain, type: 'assistant', timestamp: '2026-10-02T10:00:00.000Z', requestId: request, message: { id: 'msg_parent', role: 'assistant', model: 'claude-haiku-4-5-20251001', content: [], usage: { input_tokens: 1, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: cacheRead } } })}\n`;
    writeFileSync(join(project, 's1.jsonl'), line('req_1', false, 0));
    age(join(root, 'claude', 'projects'));
    const report = () => service(join(root, 'state'), [join(root, 'claude')]).report({ kind: 'daily', source: 'claude-code' });
    expect([report().totals.calls, report().totals.cacheRead]).toEqual([1, 0]);
    writeFileSync(join(project, 's1', 'subagents', 'agent-a.jsonl'), line('req_9', true, 5000));
    const after = report();
    expect([after.totals.calls, after.totals.cacheRead]).toEqual([1, 0]);
    expect(totals(after)).toEqual(totals(service(join(root, 'fresh'), [join(root, 'claude')]).report({ kind: 'daily', source: 'claude-code' })));
  });

  it('two processes that loaded the same ledger each save a whole one: the later save is the ledger, never a mix', () => {
    const root = join(home.dir, 'two-savers');
    const claudeDir = join(root, 'claude');
    generateClaudeTranscripts({ root: claudeDir, bytes: 200_000, prices: transcriptPrices, ...shortSessions, seed: 13 });
    service(join(root, 'state'), [claudeDir]).scan('claude-code');
    const file = join(root, 'state', 'cache', 'metrics', 'claude-code.bin');
    const pricer = createPricer(shippedModelTable());
    const calls = (ledger: Ledger) => Array.from(ledger.part(pricer).calls).reduce((sum, n) => sum + n, 0);
    const outputs = (ledger: Ledger) => Array.from(ledger.part(pricer).output).reduce((sum, n) => sum + n, 0);
    const entry = (n: number, output: number): ClaudeEntry => ({ exact: 1e6 + n, message: 2e6 + n, t: Date.UTC(2026, 11, 1, 10), model: 'claude-haiku-4-5-20251001', input: 1, output, cacheWrite: 0, cacheRead: 0, sidechain: false });
    const [first, second] = [Ledger.load(file, [claudeDir]), Ledger.load(file, [claudeDir])];
    const saved = calls(first);
    expect(saved).toBeGreaterThan(0);
    const add = (ledger: Ledger, entries: ClaudeEntry[]) => {
      ledger.prepare(entries.map((e) => ({ file: 0, entry: e })));
      for (const e of entries) ledger.add(0, e);
      ledger.save(file);
    };
    add(first, [entry(1, 11), entry(2, 22)]);
    expect(calls(Ledger.load(file, [claudeDir]))).toBe(saved + 2);
    // The second saw the file before the first saved: it writes its own whole (one new response), not rows into the first's.
    add(second, [entry(3, 333)]);
    const read = Ledger.load(file, [claudeDir]);
    expect(calls(read)).toBe(saved + 1);
    expect(outputs(read)).toBe(outputs(second));
    // And it goes on from there: its next save patches the file it wrote.
    add(read, [entry(4, 4444)]);
    expect(calls(Ledger.load(file, [claudeDir]))).toBe(saved + 2);
    expect(outputs(Ledger.load(file, [claudeDir]))).toBe(outputs(second) + 4444);
  });

  it('reads a transcript again from its start when it was replaced by one as long or longer', () => {
    const root = join(home.dir, 'replaced');
    const claudeDir = join(root, 'claude');
    const small = generateClaudeTranscripts({ root: claudeDir, bytes: 300_000, prices: transcriptPrices, ...shortSessions, seed: 9 });
    age(join(claudeDir, 'projects'));
    const before = service(join(root, 'state'), [claudeDir]).report({ kind: 'daily', source: 'claude-code' });
    expect(before.totals.calls).toBe(small.totals.responses);
    // Another session's transcript copied over this one (as a sync tool or a restore does), then a line more.
    const withUsage = small.files.filter((path) => !path.includes('subagents') && readFileSync(path).includes('"usage":{')).sort((a, b) => readFileSync(a).length - readFileSync(b).length);
    const [target, source] = [withUsage[0]!, withUsage.at(-1)!];
    writeFileSync(target, `${readFileSync(source, 'utf8')}\n`);
    const after = service(join(root, 'state'), [claudeDir]).report({ kind: 'daily', source: 'claude-code' });
    expect(totals(after)).toEqual(totals(service(join(root, 'fresh'), [claudeDir]).report({ kind: 'daily', source: 'claude-code' })));
    expect(after.totals.calls).toBeLessThan(before.totals.calls);
  });
});

const fresh = (claudeDir: string, state: string) => service(state, [claudeDir]).report({ kind: 'daily', source: 'claude-code' }).totals.calls;

/** Bytes of last lines left without a newline, which a scan leaves for later. */
function tornTailBytes(truth: ClaudeTranscriptTruth): number {
  let bytes = 0;
  for (const file of truth.files) {
    const text = readFileSync(file);
    if (text.at(-1) !== 0x0a) bytes += text.length - (text.lastIndexOf(0x0a) + 1);
  }
  return bytes;
}
