/**
 * The real llm client and Anthropic SDK against the loopback fake, and a fake "Claude" that
 * answers map calls by citing what it was shown (plus some citations that do not exist) and
 * reduce calls by merging the reports it was given.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, resolvePaths } from '@loomkit/kernel';
import { createLlm, llmConfigSchema, type Llm, type LlmResult } from '@loomkit/llm';
import { startFakeClaude, type FakeClaude, type FakeClaudeOptions, type FakeMessagesRequest, type FakeReply } from '@loomkit/testkit';
import { analyse, type AnalyseInput } from '../src/analyse/index.js';
import { planChunks } from '../src/chunk/index.js';
import type { Chunk, Finding } from '../src/types.js';
import { fakeRepo, SAMPLE_RANKING, sampleSources, type FakeRepo } from './chunk-fixtures.js';

export const MODEL = 'claude-sonnet-4-6';

export const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((block) => (block as { text?: string }).text ?? '').join('\n') : '';

export const isMapRequest = (request: FakeMessagesRequest) => textOf(request.system).includes('You review one chunk');
export const isReduceRequest = (request: FakeMessagesRequest) => textOf(request.system).includes('You merge partial reports');
export const userText = (request: FakeMessagesRequest) => textOf(request.messages[0]?.content);

/** What the fake "model" did that a test checks against. */
export interface ModelLog {
  /** Citations it made up (unknown file, or lines past the end). */
  bogus: number;
}

/** A map reply: one finding citing the first header it was shown, one citing a missing file, one citing past the end of the file. */
export function mapReply(request: FakeMessagesRequest, log: ModelLog): FakeReply {
  const header = /^### (\S+) \((?:lines (\d+)–(\d+)|signatures)\)$/m.exec(userText(request));
  const file = header?.[1] ?? 'unknown';
  const start = Number(header?.[2] ?? 1);
  const end = Number(header?.[3] ?? 1);
  log.bogus += 3;
  const findings: Finding[] = [
    { title: `Issue in ${file}`, severity: 'medium', category: 'bug', detail: 'found', citations: [{ file, startLine: start, endLine: Math.min(end, start + 2) }, { file, startLine: end, endLine: 100_000 }] },
    { title: 'Invented', severity: 'critical', category: 'bug', detail: 'no such file', citations: [{ file: 'ghost/nowhere.ts', startLine: 1, endLine: 2 }] },
    { title: `Backwards in ${file}`, severity: 'high', category: 'bug', detail: 'start after end', citations: [{ file, startLine: start + 1, endLine: start }] },
  ];
  return { toolUse: { name: 'report_findings', input: { summary: `chunk with ${file}`, findings } } };
}

/** A reduce reply: every finding of the reports it was given, plus one made up. */
export function reduceReply(request: FakeMessagesRequest, log: ModelLog): FakeReply {
  const reports = userText(request)
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { summary: string; findings: Finding[] });
  log.bogus += 1;
  const findings = [...reports.flatMap((report) => report.findings), { title: 'Made up', severity: 'low', category: 'x', detail: '', citations: [{ file: 'ghost.ts', startLine: 1, endLine: 1 }] }];
  return { toolUse: { name: 'report_findings', input: { summary: `merged ${reports.length}: ${reports.map((report) => report.summary).join(' | ')}`, findings } } };
}

export interface Setup {
  fake: FakeClaude;
  llm: Llm;
  /** A fresh client on the same state dir, as a new process would have. */
  newLlm(): Llm;
  repo: FakeRepo;
  chunks: Chunk[];
  resultsDir: string;
  log: ModelLog;
  /** Every call the llm completed, with the request it sent. */
  calls: Array<{ system: string; result: LlmResult }>;
  messageRequests(): FakeMessagesRequest[];
  input(overrides?: Partial<AnalyseInput>): AnalyseInput;
  run(overrides?: Partial<AnalyseInput>): ReturnType<typeof analyse>;
  close(): Promise<void>;
}

export async function setUp(options: { fake?: FakeClaudeOptions; concurrency?: number; chunkTokens?: number; repo?: FakeRepo } = {}): Promise<Setup> {
  const log: ModelLog = { bogus: 0 };
  const fake = await startFakeClaude({
    minCacheTokens: 100,
    reply: (request) => (isMapRequest(request) ? mapReply(request, log) : isReduceRequest(request) ? reduceReply(request, log) : undefined),
    ...options.fake,
  });
  const root = mkdtempSync(join(tmpdir(), 'loom-mega-analyse-'));
  const calls: Setup['calls'] = [];
  const config = llmConfigSchema.parse({
    model: MODEL,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    limits: { concurrency: options.concurrency ?? 3, requestsPerMinute: 100_000, inputTokensPerMinute: 100_000_000, outputTokensPerMinute: 100_000_000 },
  });
  const newLlm = () => {
    const llm = createLlm({
      config,
      env: { ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url },
      events: { emit: async () => undefined },
      paths: resolvePaths({ cwd: root, userConfigDir: join(root, 'u'), dataDir: join(root, 'd'), cacheDir: join(root, 'c') }),
      logger: createLogger('silent'),
      // Batch polls without waiting between them; the fake decides when a batch ends.
      sleep: async () => undefined,
    });
    llm.use('metrics', 'test-recorder', async (call, next) => {
      const result = await next();
      calls.push({ system: textOf(call.request.system), result });
      return result;
    });
    return llm;
  };
  const llm = newLlm();
  const repo = options.repo ?? fakeRepo(sampleSources(), { ranked: SAMPLE_RANKING });
  const chunkTokens = options.chunkTokens ?? 3_000;
  const chunks = planChunks(repo.files, repo.map, { chunkTokens, compressBelow: 0.5 });
  const resultsDir = join(root, '.loom', 'cache', 'mega-query', 'results');
  const input = (overrides: Partial<AnalyseInput> = {}): AnalyseInput => ({
    files: repo.files,
    chunks,
    mapText: 'Repository map\n'.repeat(30),
    read: repo.read,
    llm,
    model: MODEL,
    mode: 'quality',
    outputTokens: 1_024,
    chunkTokens: chunkTokens + 1_500,
    resultsDir,
    ...overrides,
  });
  return {
    fake,
    llm,
    newLlm,
    repo,
    chunks,
    resultsDir,
    log,
    calls,
    messageRequests: () => fake.requests.filter((request) => request.path === '/v1/messages').map((request) => request.body as FakeMessagesRequest),
    input,
    run: (overrides) => analyse(input(overrides)),
    async close() {
      await fake.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
