import { createTempProject, startFakeClaude, type FakeClaude, type FakeMessagesRequest, type FakeRecordedRequest } from '@loomkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoom, isolatedUser } from './support/cli.js';

interface Report {
  plan: { chunks: number; estimated: boolean; estimateNote?: string; calls: { map: number; reduce: number } };
  analysis?: { summary: string; findings: Array<{ title: string }>; stats: { calls: number; chunks: number; chunksFromCache: number } };
}

/** Sixteen modules of ~500 tokens: three chunks at --chunk-tokens 4000, so there are reduce calls too. */
const manyChunks = () =>
  createTempProject({
    git: true,
    files: Object.fromEntries(
      Array.from({ length: 16 }, (_, n) => [
        `m${n + 1}.ts`,
        Array.from({ length: 40 }, (_, line) => `export function s${n + 1}_${line + 1}(v: number): number { return v * ${line + 1}; }`).join('\n') + '\n',
      ]),
    ),
  });

/** Every forced tool call gets a report with no findings (the reduce merges it into one). */
function emptyReport(request: FakeMessagesRequest) {
  const tool = (request.tool_choice as { name?: string } | undefined)?.name ?? 'report_findings';
  return { toolUse: { name: tool, input: { summary: 'Modules that multiply.', findings: [] } } };
}

const messages = (requests: FakeRecordedRequest[]) => requests.filter((request) => request.path === '/v1/messages');
const counts = (requests: FakeRecordedRequest[]) => requests.filter((request) => request.path === '/v1/messages/count_tokens');

let fake: FakeClaude | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function online(options: Parameters<typeof startFakeClaude>[0] = {}, env: NodeJS.ProcessEnv = {}) {
  fake = await startFakeClaude({ reply: emptyReport, ...options });
  // Quick retries and roomy rate limits (tier 1 would pace these runs to minutes); the policy is the real one.
  return createLoom({
    ...isolatedUser(),
    ANTHROPIC_API_KEY: fake.apiKey,
    ANTHROPIC_BASE_URL: fake.url,
    LOOM_LLM__RETRY__BASE_DELAY_MS: '20',
    LOOM_LLM__RETRY__MAX_DELAY_MS: '200',
    LOOM_LLM__LIMITS__REQUESTS_PER_MINUTE: '100000',
    LOOM_LLM__LIMITS__INPUT_TOKENS_PER_MINUTE: '100000000',
    LOOM_LLM__LIMITS__OUTPUT_TOKENS_PER_MINUTE: '100000000',
    ...env,
  });
}

// A short repo map, so small chunks still hold it.
const MEGA = ['query', 'mega', '--chunk-tokens', '4000', '--set', 'mega-query.mapTokens=400', '--json'];

describe('query mega: nothing paid twice', () => {
  it('three runs at once in one repository pay for every chunk and the reduce once; a rerun sends nothing', async () => {
    const [repo, reference] = await Promise.all([manyChunks(), manyChunks()]);
    const loom = await online();
    // What one run alone pays for, in a copy of the repository with its own cache.
    const alone = await loom(MEGA, { cwd: reference.root });
    expect(alone.code, alone.stderr).toBe(0);
    const paid = messages(fake!.requests).length;
    expect(alone.json<Report>().analysis!.stats.calls).toBe(paid);
    expect(alone.json<Report>().plan.chunks).toBeGreaterThan(2);

    // Each run's one count_tokens call is held until all three are in flight: the runs then
    // reach the map stage together, where without a lock per chunk each would pay for each chunk.
    fake!.reset();
    fake!.faults({ holdUntilInFlight: 3, match: (request) => request.path === '/v1/messages/count_tokens' });
    const runs = await Promise.all([1, 2, 3].map(() => loom(MEGA, { cwd: repo.root, timeoutMs: 120_000 })));
    for (const run of runs) expect(run.code, `${run.stderr}\n${run.stdout.slice(0, 2000)}`).toBe(0);
    const reports = runs.map((run) => run.json<Report>());
    expect(counts(fake!.requests)).toHaveLength(3);
    expect(messages(fake!.requests)).toHaveLength(paid);
    expect(reports.reduce((sum, report) => sum + report.analysis!.stats.calls, 0)).toBe(paid);
    const chunks = reports[0]!.plan.chunks;

    fake!.reset();
    fake!.faults(undefined);
    const again = await loom(MEGA, { cwd: repo.root });
    expect(again.code, `${again.stderr}\n${again.stdout.slice(0, 2000)}`).toBe(0);
    expect(fake!.requests).toEqual([]);
    expect(again.json<Report>().analysis).toMatchObject({ summary: reports[0]!.analysis!.summary, stats: { calls: 0, chunksFromCache: chunks } });
  });
});

describe('query mega: every request kind retries', () => {
  it('finishes under a 40% rate of 529s on every endpoint', async () => {
    const repo = await manyChunks();
    const loom = await online({ faults: { rate: 0.4, seed: 11 } }, { LOOM_LLM__RETRY__MAX_ATTEMPTS: '10' });
    const result = await loom(MEGA, { cwd: repo.root, timeoutMs: 120_000 });
    expect(result.code, `${result.stderr}\n${result.stdout.slice(0, 2000)}`).toBe(0);
    expect(fake!.requests.filter((request) => request.status === 529).length).toBeGreaterThan(0);
    expect(result.json<Report>().analysis?.stats.chunks).toBeGreaterThan(2);
  });

  it('falls back to the estimate, and says so, when count_tokens keeps failing', async () => {
    const repo = await manyChunks();
    const loom = await online({ faults: { rate: 1, match: (request) => request.path === '/v1/messages/count_tokens' } }, { LOOM_LLM__RETRY__MAX_ATTEMPTS: '2' });
    const json = await loom(MEGA, { cwd: repo.root });
    expect(json.code, `${json.stderr}\n${json.stdout.slice(0, 2000)}`).toBe(0);
    const report = json.json<Report>();
    expect(report.plan.estimated).toBe(true);
    expect(report.plan.estimateNote).toMatch(/count_tokens failed \(LLM_OVERLOADED/);
    expect(report.analysis?.stats.calls).toBe(messages(fake!.requests).length);
    expect(report.analysis?.stats.calls).toBeGreaterThan(report.plan.calls.map);
    const terminal = await loom([...MEGA.filter((arg) => arg !== '--json'), '--mode', 'security'], { cwd: repo.root });
    expect(terminal.code, `${terminal.stderr}\n${terminal.stdout.slice(0, 2000)}`).toBe(0);
    expect(terminal.stderr).toMatch(/^note: count_tokens failed .*local estimate$/m);
  });

  it('doctor --online survives 529s on its count_tokens check', async () => {
    const project = await createTempProject({ git: true, files: { 'a.ts': '' } });
    const loom = await online({ faults: { sequence: [529, 529], match: (request) => request.path === '/v1/messages/count_tokens' } });
    const result = await loom(['doctor', '--online', '--json'], { cwd: project.root });
    const checks = result.json<{ checks: Array<{ name: string; state: string }> }>().checks;
    expect(result.code, result.stderr).toBe(0);
    expect(checks.find((check) => check.name === 'api')).toMatchObject({ state: 'ok', detail: expect.stringContaining('key accepted') });
    expect(counts(fake!.requests).map((request) => request.status)).toEqual([529, 529, 200]);
  });

  it('--batch survives 529s on batch creation and polling', async () => {
    const repo = await manyChunks();
    const loom = await online({ batchPollsUntilEnded: 1, faults: { sequence: [529, 529], match: (request) => request.path.startsWith('/v1/messages/batches') && !request.path.endsWith('/results') } });
    const result = await loom([...MEGA, '--batch'], { cwd: repo.root, timeoutMs: 120_000 });
    expect(result.code, `${result.stderr}\n${result.stdout.slice(0, 2000)}`).toBe(0);
    const creates = fake!.requests.filter((request) => request.method === 'POST' && request.path === '/v1/messages/batches');
    expect(creates.map((request) => request.status)).toEqual([529, 529, 200]);
    expect(result.json<Report>().analysis?.stats.chunks).toBeGreaterThan(2);
  });

  it('abandons a hung attempt after llm.retry.idleTimeoutMs and finishes', async () => {
    const repo = await manyChunks();
    const loom = await online({ faults: { sequence: ['hang'], match: (request) => request.path === '/v1/messages' } }, { LOOM_LLM__RETRY__IDLE_TIMEOUT_MS: '500' });
    const result = await loom(MEGA, { cwd: repo.root, timeoutMs: 120_000 });
    expect(result.code, `${result.stderr}\n${result.stdout.slice(0, 2000)}`).toBe(0);
    const sent = messages(fake!.requests);
    expect(sent[0]!.status).toBeUndefined();
    expect(sent.length).toBe(result.json<Report>().analysis!.stats.calls + 1);
  });
});
