// Overhead of Loom's llm pipeline (policy → budget → events → retry → limits → pricing)
// per call, over the SDK's own cost, against the loopback fake: same requests, same
// server, interleaved. Goal (issue 3): well under a millisecond.
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { createLogger, resolvePaths } from '@loomkit/kernel';
import { createLlm, llmConfigSchema } from '@loomkit/llm';
import { startFakeClaude } from '@loomkit/testkit';
import { median, percentile } from './stats.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 400);

export async function run() {
  const fake = await startFakeClaude({ reply: 'ok' });
  const root = mkdtempSync(join(tmpdir(), 'loom-bench-llm-'));
  const sdk = new Anthropic({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0 });
  const roomy = { concurrency: 8, requestsPerMinute: 1e9, inputTokensPerMinute: 1e12, outputTokensPerMinute: 1e12 };
  const llm = createLlm({
    config: llmConfigSchema.parse({ limits: roomy, model: 'claude-haiku-4-5', maxTokens: 64 }),
    env: { ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url },
    events: { emit: async () => undefined },
    paths: resolvePaths({ cwd: root, userConfigDir: root, dataDir: root, cacheDir: root }),
    logger: createLogger('silent'),
  });
  // A policy step like security's, so the measured pipeline has every stage populated.
  llm.use('policy', 'noop-redact', async (call, next) => next());
  const request = (n) => ({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: `question ${n}` }] });
  const time = async (fn) => {
    const started = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let n = 0; n < 50; n++) {
    await sdk.messages.create(request(n));
    await llm.create(request(n));
  }
  const raw = [];
  const piped = [];
  for (let n = 0; n < CALLS; n++) {
    raw.push(await time(() => sdk.messages.create(request(n))));
    piped.push(await time(() => llm.create(request(n))));
  }
  await fake.close();
  const row = (name, values) => ({ name, medianMs: median(values), p90Ms: percentile(values, 90) });
  const rows = [row('SDK alone', raw), row('through Llm', piped)];
  const overhead = rows[1].medianMs - rows[0].medianMs;
  console.log(`\nllm pipeline overhead (${CALLS} interleaved calls each, loopback fake)`);
  for (const r of rows) console.log(`${r.name.padEnd(14)} median ${r.medianMs.toFixed(3)} ms   p90 ${r.p90Ms.toFixed(3)} ms`);
  console.log(`overhead per call: ${overhead.toFixed(3)} ms (median difference) ${overhead < 1 ? '(goal < 1 ms met)' : '(goal < 1 ms NOT met)'}`);
  return { calls: CALLS, rows, overheadMs: overhead };
}
