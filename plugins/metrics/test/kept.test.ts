import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { generateClaudeTranscripts, type ClaudeTranscriptTruth } from '@loomkit/testkit';
import { shippedModelTable } from '@loomkit/llm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reports, type ReportKind } from '../src/query/index.js';
import type { KeptReport } from '../src/query/kept.js';
import type { Scan } from '../src/types.js';
import { createMetricsService } from '../src/service.js';
import { service, shortSessions, tempDir, transcriptPrices } from './support.js';

const home = tempDir('loom-kept-');
const savedTz = process.env.TZ;
let truth: ClaudeTranscriptTruth;

beforeAll(() => {
  process.env.TZ = 'UTC';
  truth = generateClaudeTranscripts({ root: join(home.dir, 'corpus'), bytes: 1_500_000, prices: transcriptPrices, ...shortSessions, seed: 5 });
});
afterEach(() => {
  process.env.TZ = 'UTC';
});
afterAll(() => {
  process.env.TZ = savedTz;
  home.remove();
});

const KINDS: ReportKind[] = ['daily', 'weekly', 'monthly', 'hourly', 'session', 'command', 'model', 'project'];

/** A copy of the generated corpus for one test: tests append to their own. */
function corpus(name: string): string {
  const root = join(home.dir, name);
  for (const file of truth.files) {
    const to = join(root, file.slice(join(home.dir, 'corpus').length));
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, readFileSync(file));
  }
  return root;
}

const assistant = (id: string, at: string, model: string, output: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'assistant', sessionId: 's', isSidechain: false, message: { id, role: 'assistant', model, content: [{ type: 'text', text: 'x' }], usage: { input_tokens: 3, output_tokens: output, cache_creation_input_tokens: 40, cache_read_input_tokens: 700 } }, requestId: `req_${id}`, timestamp: at, ...extra });

/** The first (or last) response line of a transcript, as written. */
function firstResponse(file: string, last = false): { id: string; timestamp: string; model: string } {
  const lines = readFileSync(file, 'utf8').split('\n').filter((text) => text.includes('"usage"') && text.includes('"type":"assistant"'));
  const line = last ? lines.at(-1)! : lines[0]!;
  const parsed = JSON.parse(line) as { timestamp: string; message: { id: string; model: string } };
  return { id: parsed.message.id, timestamp: parsed.timestamp, model: parsed.message.model };
}

const transcripts = (root: string): string[] => readdirSync(join(root, 'projects'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.jsonl')).map((name) => join(root, 'projects', name)).sort();
const keptFiles = (state: string) => join(state, 'cache', 'metrics', 'kept');

describe('reports kept between runs', () => {
  it('a re-run patched from the last run equals the same rows folded afresh, bit for bit, for every kind that keeps one', () => {
    const root = corpus('every-kind');
    const views = KINDS.flatMap((kind) => [{ kind, breakdown: false }, { kind, breakdown: true }]);
    // One user per view, each with its last run's report kept.
    const states = views.map((view, n) => {
      const state = join(home.dir, `every-kind-state-${n}`);
      service(state, [root]).report({ ...view, source: 'claude-code' });
      return state;
    });

    const files = transcripts(root);
    const known = firstResponse(files[1]!);
    appendFileSync(files[0]!, `${assistant('msg_k1', firstResponse(files[0]!).timestamp, firstResponse(files[0]!).model, 11)}\n`); // into a saved group
    appendFileSync(files[1]!, [
      assistant(known.id, known.timestamp, known.model, 900_000, { requestId: `req_copy` }), // not the same request: a new response
      assistant('msg_k2', '2027-01-04T23:50:00.000Z', 'claude-opus-4-1-20250805', 5), // a new day, week, month and hour
      '',
    ].join('\n'));
    // A session shown by its first prompt gets a title, and no new response.
    const untitled = files.find((file) => truth.bySession[basename(file, '.jsonl')]?.title === null)!;
    appendFileSync(untitled, `${JSON.stringify({ type: 'summary', summary: 'Named at last', leafUuid: 'u1' })}\n`);
    const fresh = join(root, 'projects', 'a-new-project', 'new-session.jsonl');
    mkdirSync(dirname(fresh), { recursive: true });
    writeFileSync(fresh, `${assistant('msg_k3', '2026-12-31T12:00:00.000Z', 'claude-haiku-4-5-20251001', 70)}\n`);

    for (const [n, view] of views.entries()) {
      const rerun = service(states[n]!, [root]);
      const scan = rerun.scan('claude-code');
      expect(scan.changes?.from).toBeDefined();
      const kept = JSON.parse(readFileSync(join(keptFiles(states[n]!), `claude-code-${view.kind}${view.breakdown ? '-breakdown' : ''}.json`), 'utf8')) as KeptReport;
      // Kept from the state this scan started at: it is patched, not folded.
      expect(kept.state).toBe(scan.changes!.from);
      expect(scan.changes!.after.length).toBeGreaterThan(0);
      // A patched report reads none of the scan's rows (made on first use: every group's sums and labels).
      let read = false;
      const watched = Object.defineProperty(Object.create(scan) as Scan, 'parts', { get: () => ((read = true), scan.parts) });
      const patched = rerun.report({ ...view, source: 'claude-code' }, watched);
      expect(read).toBe(false);
      const folded = reports(scan, [{ ...view, unpriced: [] }])[0]!;
      expect(JSON.stringify(patched)).toBe(JSON.stringify(folded));
      if (view.kind === 'session') {
        expect(patched.rows.map((row) => row.label)).toContain('Named at last');
        expect(patched.rows.find((row) => row.key === 'claude-code:new-session')?.project).toBe('a-new-project');
      }
    }
  });

  it('re-runs in a row, each patched from the last, equal a first run over the same transcripts', () => {
    const root = corpus('in-a-row');
    const state = join(home.dir, 'in-a-row-state');
    const files = transcripts(root);
    const daily = (at: string) => service(at, [root]).report({ kind: 'daily', source: 'claude-code', breakdown: true });
    daily(state);
    for (let run = 0; run < 3; run++) {
      // Into saved groups of two transcripts (a session's last response is its own, not a replay), and a group of its own in a third.
      for (const file of [files[run]!, files[run + 3]!]) {
        const { timestamp, model } = firstResponse(file, true);
        appendFileSync(file, `${assistant(`msg_row${run}_${basename(file)}`, timestamp, model, 100 + run)}\n`);
      }
      appendFileSync(files[run + 6]!, `${assistant(`msg_own${run}`, `2026-12-2${run}T08:00:00.000Z`, 'claude-sonnet-4-5-20250929', 1000)}\n`);
      const kept = JSON.parse(readFileSync(join(keptFiles(state), 'claude-code-daily-breakdown.json'), 'utf8')) as KeptReport;
      const rerun = service(state, [root]);
      const scan = rerun.scan('claude-code');
      // Started at the kept report's state, and changed saved groups: this run patches.
      expect(scan.changes?.from).toBe(kept.state);
      expect(scan.changes!.before.length).toBeGreaterThanOrEqual(2);
      const patched = rerun.report({ kind: 'daily', source: 'claude-code', breakdown: true }, scan);
      expect(JSON.stringify(patched)).toBe(JSON.stringify(daily(join(home.dir, `in-a-row-first-${run}`))));
    }
    // What the patched runs saved: a report with nothing kept folds every saved group.
    const session = (at: string) => JSON.stringify(service(at, [root]).report({ kind: 'session', source: 'claude-code', breakdown: true }));
    expect(session(state)).toBe(session(join(home.dir, 'in-a-row-first-last')));
  });

  it('a re-run starts from the kept report of the state its scan started at, and from nothing else', () => {
    const root = corpus('stamps');
    const state = join(home.dir, 'stamps-state');
    const file = join(keptFiles(state), 'claude-code-session.json');
    const report = () => service(state, [root]).report({ kind: 'session', source: 'claude-code' });
    const files = transcripts(root);
    let appended = 0;
    const appendOne = () => {
      const { timestamp, model } = firstResponse(files[2]!);
      appendFileSync(files[2]!, `${assistant(`msg_s${appended++}`, timestamp, model, 9)}\n`);
    };
    /** Marks the kept report: a run that starts from it shows the mark. */
    const mark = () => {
      report();
      const kept = JSON.parse(readFileSync(file, 'utf8')) as KeptReport;
      kept.grouping.plans[0]!.labels = kept.grouping.plans[0]!.labels.map(() => 'KEPT');
      writeFileSync(file, JSON.stringify(kept));
    };
    const startedFromKept = () => report().rows.some((row) => row.label === 'KEPT');

    mark();
    appendOne();
    expect(startedFromKept()).toBe(true);

    // The ledger built again from the transcripts: its state is not the kept one's.
    mark();
    rmSync(join(state, 'cache', 'metrics', 'claude-code.bin'));
    appendOne();
    expect(startedFromKept()).toBe(false);

    // Another time zone: the kept date keys are another zone's.
    mark();
    appendOne();
    process.env.TZ = 'America/New_York';
    expect(startedFromKept()).toBe(false);
    process.env.TZ = 'UTC';

    // Another price table: every row's cost changed.
    mark();
    appendOne();
    const models = shippedModelTable();
    const doubled = { ...models, models: Object.fromEntries(Object.entries(models.models).map(([name, price]) => [name, { ...price, output: price.output * 2 }])) };
    const repriced = createMetricsService({ dataDir: join(state, 'data'), cacheDir: join(state, 'cache'), claudeDirs: [root], models: doubled }).report({ kind: 'session', source: 'claude-code' });
    expect(repriced.rows.some((row) => row.label === 'KEPT')).toBe(false);

    // A filtered report is folded whole and keeps nothing.
    mark();
    appendOne();
    const filtered = service(state, [root]).report({ kind: 'session', source: 'claude-code', model: 'claude' });
    expect(filtered.rows.some((row) => row.label === 'KEPT')).toBe(false);
    expect(startedFromKept()).toBe(false); // the filtered run moved the ledger on, past the kept state

    // A kept file this code did not write whole (another format, torn, other widths, a model it does not name) is folded afresh.
    const spoiled: Array<(kept: KeptReport) => string> = [
      (kept) => JSON.stringify({ ...kept, v: 2 }),
      (kept) => JSON.stringify(kept).slice(0, 200),
      (kept) => JSON.stringify({ ...kept, grouping: { ...kept.grouping, plans: [{ ...kept.grouping.plans[0]!, groups: Buffer.from(kept.grouping.plans[0]!.groups, 'base64').subarray(8).toString('base64') }] } }),
      (kept) => JSON.stringify({ ...kept, grouping: { ...kept.grouping, plans: [{ ...kept.grouping.plans[0]!, models: kept.grouping.plans[0]!.models.map(() => [kept.grouping.models.length, -1]) }] } }),
    ];
    for (const spoil of spoiled) {
      mark();
      writeFileSync(file, spoil(JSON.parse(readFileSync(file, 'utf8')) as KeptReport));
      appendOne();
      const metrics = service(state, [root]);
      const scan = metrics.scan('claude-code');
      const got = metrics.report({ kind: 'session', source: 'claude-code' }, scan);
      expect(JSON.stringify(got)).toBe(JSON.stringify(reports(scan, [{ kind: 'session', unpriced: [] }])[0]));
    }
  });

  it('a response that moves to another quarter hour (a copy with more tokens) empties its group: the report is folded whole, and equals a fresh fold', () => {
    const root = join(home.dir, 'moved');
    const file = join(root, 'projects', 'p', 's.jsonl');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${assistant('msg_a', '2026-11-02T10:00:00.000Z', 'claude-haiku-4-5-20251001', 10)}\n${assistant('msg_b', '2026-11-01T09:00:00.000Z', 'claude-sonnet-4-5-20250929', 10)}\n`);
    const state = join(home.dir, 'moved-state');
    service(state, [root]).report({ kind: 'daily', source: 'claude-code', breakdown: true });
    const kept = join(keptFiles(state), 'claude-code-daily-breakdown.json');
    const marked = JSON.parse(readFileSync(kept, 'utf8')) as KeptReport;
    marked.grouping.plans[0]!.keys = marked.grouping.plans[0]!.keys.map((key) => `KEPT ${key}`);
    writeFileSync(kept, JSON.stringify(marked));

    appendFileSync(file, `${assistant('msg_a', '2026-11-03T10:00:00.000Z', 'claude-haiku-4-5-20251001', 50)}\n`);
    const rerun = service(state, [root]);
    const scan = rerun.scan('claude-code');
    const report = rerun.report({ kind: 'daily', source: 'claude-code', breakdown: true }, scan);
    expect(report.rows.map((row) => [row.key, row.output, row.models])).toEqual([
      ['2026-11-01', 10, ['claude-sonnet-4-5-20250929']],
      ['2026-11-03', 50, ['claude-haiku-4-5-20251001']],
    ]);
    expect(JSON.stringify(report)).toBe(JSON.stringify(reports(scan, [{ kind: 'daily', breakdown: true, unpriced: [] }])[0]));
  });

  it('with Loom\'s own calls among the rows, the Claude Code rows are patched and Loom\'s folded in afresh: the same report as a fold of all', () => {
    const root = corpus('with-loom');
    const files = transcripts(root);
    const last = firstResponse(files[0]!, true);
    const views = [{ kind: 'daily' as const, breakdown: true }, { kind: 'session' as const, breakdown: false }, { kind: 'model' as const, breakdown: true }];
    // One user per view; Loom's calls on the corpus's days and models, so rows and breakdowns mix both sources.
    const users = views.map((view, n) => {
      const state = join(home.dir, `with-loom-state-${n}`);
      const log = join(state, 'data', 'metrics', 'calls.jsonl');
      mkdirSync(dirname(log), { recursive: true });
      let calls = 0;
      const call = (hours: number, model: string, costUsd: number) =>
        appendFileSync(log, `${JSON.stringify({ v: 1, id: `c${calls++}`, t: Date.parse(last.timestamp) + hours * 3_600_000, command: 'query mega', session: null, project: '/p', model, input: 10, output: 20, cacheWrite: 0, cacheRead: 5, costUsd, savedUsd: 0.001, latencyMs: 900, retries: 0, error: null })}\n`);
      call(0, last.model, 0.25);
      call(1, 'claude-haiku-4-5', 0.125);
      service(state, [root]).report({ ...view, source: 'all' });
      return { state, call, file: join(keptFiles(state), `all-${view.kind}${view.breakdown ? '-breakdown' : ''}.json`) };
    });

    appendFileSync(files[4]!, `${assistant('msg_l1', firstResponse(files[4]!, true).timestamp, firstResponse(files[4]!, true).model, 77)}\n`);
    for (const [n, view] of views.entries()) {
      const { state, call, file } = users[n]!;
      call(2, last.model, 0.5);
      const metrics = service(state, [root]);
      const scan = metrics.scan('all');
      expect(scan.changes?.from).toBe((JSON.parse(readFileSync(file, 'utf8')) as KeptReport).state);
      // Loom's rows are read; the Claude Code part (every group's sums and labels) is not made.
      let read = false;
      const watched = Object.defineProperty(Object.create(scan) as Scan, 'parts', { get: () => ((read = true), scan.parts) });
      const patched = metrics.report({ ...view, source: 'all' }, watched);
      expect(read).toBe(false);
      expect(JSON.stringify(patched)).toBe(JSON.stringify(reports(scan, [{ ...view, unpriced: [] }])[0]));
    }

    // The kept report holds the Claude Code rows only, and a run from its state shows what it holds.
    const { state, call, file } = users[2]!;
    const kept = JSON.parse(readFileSync(file, 'utf8')) as KeptReport;
    expect(kept.grouping.models).not.toContain('claude-haiku-4-5');
    kept.grouping.plans[0]!.labels = kept.grouping.plans[0]!.labels.map((label) => `KEPT ${label}`);
    writeFileSync(file, JSON.stringify(kept));
    call(3, 'claude-haiku-4-5', 0.5);
    const next = service(state, [root]).report({ kind: 'model', source: 'all', breakdown: true });
    expect(next.rows.filter((row) => row.label.startsWith('KEPT ')).map((row) => row.key).sort()).toEqual(kept.grouping.plans[0]!.keys.slice().sort());
    expect(next.rows.find((row) => row.key === 'claude-haiku-4-5')).toMatchObject({ label: 'claude-haiku-4-5', calls: 2 });
  });
});
