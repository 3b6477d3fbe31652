import { readFileSync } from 'node:fs';
import { CoreTokens } from '@loomkit/kernel';
import { createTestKernel, type TestKernel } from '@loomkit/kernel/testing';
import { LlmToken } from '@loomkit/llm';
import llmPlugin from '@loomkit/llm/plugin';
import { startFakeClaude, type FakeClaude } from '@loomkit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import metricsPlugin, { MetricsToken, type CallRecord } from '../src/index.js';
import { writeBudget } from '../src/record/budget.js';
import { rawPrices } from './support.js';

let fake: FakeClaude;
const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };
const kernels: TestKernel[] = [];

beforeAll(async () => {
  fake = await startFakeClaude();
  process.env.ANTHROPIC_API_KEY = fake.apiKey;
  process.env.ANTHROPIC_BASE_URL = fake.url;
});
afterEach(async () => {
  fake.reset();
  for (const kernel of kernels.splice(0)) await kernel.dispose();
});
afterAll(async () => {
  await fake.close();
  for (const [name, value] of [['ANTHROPIC_API_KEY', saved.key], ['ANTHROPIC_BASE_URL', saved.url]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function kernel(cwd?: string): Promise<TestKernel> {
  const k = await createTestKernel({ cwd, plugins: [llmPlugin, metricsPlugin], config: { llm: { retry: { baseDelayMs: 1, maxDelayMs: 5 } } } });
  kernels.push(k);
  return k;
}

const records = (k: TestKernel): CallRecord[] =>
  readFileSync(k.get(MetricsToken).callLog.file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as CallRecord);

describe('recording through the llm metrics stage', () => {
  it('records each call once, priced as the fake billed it by the price table\'s raw numbers', async () => {
    const k = await kernel();
    expect(k.get(LlmToken).pipeline()).toContain('metrics:metrics:record');
    await k.get(CoreTokens.Events).emit('command:start', { command: 'query:mega', argv: [] });
    fake.faults({ sequence: [529] }); // the first call is retried once
    const llm = k.get(LlmToken);
    const system = [{ type: 'text' as const, text: 'You are terse. '.repeat(400), cache_control: { type: 'ephemeral' as const } }];
    await llm.create({ model: 'claude-sonnet-4-6', max_tokens: 64, system, messages: [{ role: 'user', content: 'one' }] });
    await llm.create({ model: 'claude-sonnet-4-6', max_tokens: 64, system, messages: [{ role: 'user', content: 'two' }] });
    await llm.create({ model: 'claude-haiku-4-5', max_tokens: 32, messages: [{ role: 'user', content: 'three' }] }, { command: 'ask', session: 'abc' });

    const billed = fake.requests.filter((request) => request.usage !== undefined);
    expect(billed).toHaveLength(3);
    const expected = billed.reduce((sum, request) => {
      const price = rawPrices[(request.body as { model: string }).model]!;
      const u = request.usage!;
      return sum + (u.input_tokens * price.input + u.output_tokens * price.output + u.cache_creation_input_tokens * price.cacheWrite + u.cache_read_input_tokens * price.cacheRead) / 1e6;
    }, 0);
    expect(billed.some((request) => request.usage!.cache_read_input_tokens > 0)).toBe(true);

    const log = records(k);
    expect(log.map((r) => [r.command, r.session, r.model, r.retries, r.error])).toEqual([
      ['query mega', null, 'claude-sonnet-4-6', 1, null],
      ['query mega', null, 'claude-sonnet-4-6', 0, null],
      ['ask', 'abc', 'claude-haiku-4-5', 0, null],
    ]);
    expect(log.map((r) => r.output)).toEqual(billed.map((request) => request.usage!.output_tokens));
    const recorded = log.reduce((sum, r) => sum + r.costUsd, 0);
    expect(recorded).toBeCloseTo(expected, 12);

    const report = k.get(MetricsToken).report({ kind: 'command', source: 'loom' });
    expect(report.totals.costUsd).toBeCloseTo(expected, 12);
    expect(report.totals.retries).toBe(1);
    expect(Object.fromEntries(report.rows.map((row) => [row.key, row.calls]))).toEqual({ 'query mega': 2, ask: 1 });
    const cacheRead = billed[1]!.usage!.cache_read_input_tokens;
    expect(report.totals.savedUsd).toBeCloseTo((cacheRead * (rawPrices['claude-sonnet-4-6']!.input - rawPrices['claude-sonnet-4-6']!.cacheRead)) / 1e6, 12);
  });

  it('records a failed call with its error code and no cost', async () => {
    const k = await kernel();
    fake.faults({ sequence: [400] });
    await expect(k.get(LlmToken).create({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow();
    const [record] = records(k);
    expect(record!.error).toBe('HTTP_400');
    expect(record!.costUsd).toBe(0);
  });

  it('a monthly budget refuses the call that would cross it, before anything is sent', async () => {
    const k = await kernel();
    const llm = k.get(LlmToken);
    await llm.create({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'first' }] });
    const spent = records(k)[0]!.costUsd;
    // Room for less than the next call's worst case (16 output tokens at $5/M + its input).
    writeBudget(k.paths.dataDir, { usd: spent + 0.00001, per: 'month', warnAt: 0.8 });
    const fresh = await kernel(k.paths.projectRoot);
    const before = fake.requests.length;
    await expect(fresh.get(LlmToken).create({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'second' }] })).rejects.toMatchObject({ code: 'LLM_BUDGET_EXCEEDED' });
    expect(fake.requests.length).toBe(before);
  });

  it('warns once when a call takes the period past the warning share', async () => {
    const k = await kernel();
    writeBudget(k.paths.dataDir, { usd: 100, per: 'day', warnAt: 0 });
    const llm = k.get(LlmToken);
    await llm.create({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'a' }] });
    await llm.create({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'b' }] });
    expect(k.logs.filter((line) => line.startsWith('warn:') && line.includes('of the $100.00 daily budget'))).toHaveLength(1);
  });
});
