import { afterEach, describe, expect, it } from 'vitest';
import { prefixTokens } from '../src/analyse/index.js';
import { setUp, type Setup } from './analyse-fixtures.js';

let setup: Setup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

describe('analyse: refusing a run that cannot work, before any request', () => {
  it('refuses a chunk budget that cannot hold the prompt prefix and the smallest part', async () => {
    const s = (setup = await setUp());
    const input = s.input();
    const prefix = prefixTokens(input.mode, input.mapText);
    const smallest = Math.min(...s.chunks.flatMap((chunk) => chunk.parts.map((part) => part.tokens)));
    await expect(s.run({ chunkTokens: prefix + smallest - 1 })).rejects.toMatchObject({ code: 'MEGA_BUDGET_TOO_SMALL', hint: expect.stringContaining(String(prefix + smallest)) });
    expect(s.fake.requests).toHaveLength(0);
    await s.run({ chunkTokens: prefix + smallest, chunks: s.chunks.slice(0, 1) });
    expect(s.fake.requests).toHaveLength(1);
  });

  it('refuses when --max-cost cannot pay for one map call, online or as a batch', async () => {
    const s = (setup = await setUp());
    await expect(s.run({ maxCostUsd: 0.0001 })).rejects.toMatchObject({ code: 'MEGA_BUDGET_TOO_SMALL', hint: expect.stringMatching(/--max-cost/) });
    await expect(s.run({ maxCostUsd: 0.0001, batch: true })).rejects.toMatchObject({ code: 'MEGA_BUDGET_TOO_SMALL' });
    expect(s.fake.requests).toHaveLength(0);
  });

  it('runs within a --max-cost that is enough, and spends no more than it', async () => {
    const s = (setup = await setUp());
    const analysis = await s.run({ maxCostUsd: 5 });
    expect(analysis.stats.costUsd).toBeGreaterThan(0);
    expect(s.llm.spentUsd()).toBeLessThanOrEqual(5);
  });

  it('lets the llm stop the run once --max-cost is spent, keeping what was done', async () => {
    const s = (setup = await setUp({ concurrency: 1 }));
    const one = s.llm.estimateCost({ messages: [{ role: 'user', content: 'x'.repeat(3_000 * 4) }], max_tokens: 1_024, system: 'y'.repeat(1_500 * 4) }).usd;
    await expect(s.run({ maxCostUsd: one * 2 })).rejects.toMatchObject({ code: 'LLM_BUDGET_EXCEEDED' });
    const sent = s.fake.requests.length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(s.chunks.length);
  });
});
