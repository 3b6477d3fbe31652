// Overhead of Loom's door to Claude per call, as shipped: the real kernel with the bundled
// `llm` and `security` plugins, so every call runs the security redactor (a full secret scan
// of the request) in the policy stage, then budget → events → retry → limits → pricing, and
// the file the request carries is scored by the injection guard and fenced first, as
// `query` and `query mega` do with what they read. Compared with the SDK alone sending the
// same final request to the same loopback fake, interleaved. Goal: well under a millisecond
// per KB of request text.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Anthropic from '@anthropic-ai/sdk';
import { createTestKernel } from '@loomkit/kernel/testing';
import { LlmToken } from '@loomkit/llm';
import llmPlugin from '@loomkit/llm/plugin';
import securityPlugin, { InjectionGuardToken } from '@loomkit/plugin-security';
import { startFakeClaude } from '@loomkit/testkit';
import { median, percentile } from './stats.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 400);
const MODEL = 'claude-haiku-4-5';

export async function run() {
  // Real text nobody here wrote: a source file of the installed SDK (about 10 KB).
  const require = createRequire(import.meta.url);
  const source = require.resolve('@anthropic-ai/sdk/core/error.js');
  const fileText = readFileSync(source, 'utf8');
  const fake = await startFakeClaude({ reply: 'ok' });
  // The llm plugin reads the key from the process environment, as the CLI does.
  Object.assign(process.env, { ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url });
  const kernel = await createTestKernel({
    plugins: [llmPlugin, securityPlugin],
    config: { llm: { model: MODEL, maxTokens: 64, limits: { concurrency: 8, requestsPerMinute: 1e9, inputTokensPerMinute: 1e12, outputTokensPerMinute: 1e12 } } },
  });
  const llm = kernel.get(LlmToken);
  const guard = kernel.get(InjectionGuardToken);
  const sdk = new Anthropic({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0 });
  const question = (n) => `Question ${n}: what does this file do?\n\n`;
  // What the SDK alone sends: the same text, already fenced, so both sides carry equal bytes.
  const fenced = guard.fence(fileText, 'node_modules/@anthropic-ai/sdk/core/error.js');
  const direct = (n) => ({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: question(n) + fenced }] });
  const throughLoom = (n) => {
    guard.score(fileText);
    const body = guard.fence(fileText, 'node_modules/@anthropic-ai/sdk/core/error.js');
    return llm.create({ messages: [{ role: 'user', content: question(n) + body }] });
  };
  const pipeline = llm.pipeline();
  if (!pipeline.includes('policy:security:redact')) throw new Error(`the security redactor is not in the pipeline: ${pipeline.join(' → ')}`);
  const time = async (fn) => {
    const started = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let n = 0; n < 50; n++) {
    await sdk.messages.create(direct(n));
    await throughLoom(n);
  }
  const raw = [];
  const piped = [];
  for (let n = 0; n < CALLS; n++) {
    raw.push(await time(() => sdk.messages.create(direct(n))));
    piped.push(await time(() => throughLoom(n)));
  }
  await kernel.dispose();
  await fake.close();
  const kb = Buffer.byteLength(question(0) + fenced) / 1024;
  const row = (name, values) => ({ name, medianMs: median(values), p90Ms: percentile(values, 90) });
  const rows = [row('SDK alone', raw), row('through Loom', piped)];
  const overhead = rows[1].medianMs - rows[0].medianMs;
  console.log(`\nllm door overhead, as shipped (${CALLS} interleaved calls each, loopback fake, ${kb.toFixed(1)} KB request)`);
  console.log(`pipeline: ${pipeline.join(' → ')}; plus injection scoring and fencing of the file`);
  for (const r of rows) console.log(`${r.name.padEnd(14)} median ${r.medianMs.toFixed(3)} ms   p90 ${r.p90Ms.toFixed(3)} ms`);
  console.log(`overhead per call: ${overhead.toFixed(3)} ms (median difference), ${(overhead / kb).toFixed(3)} ms per KB ${overhead / kb < 1 ? '(goal < 1 ms per KB met)' : '(goal < 1 ms per KB NOT met)'}`);
  return { calls: CALLS, requestKb: kb, pipeline, rows, overheadMs: overhead, overheadMsPerKb: overhead / kb };
}
