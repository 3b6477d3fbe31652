import { estimateInputTokens, findModel, shippedModelTable } from '@loomkit/llm';
import { describe, expect, it } from 'vitest';
import { prefixTokens } from '../src/analyse/index.js';
import { costPlan, planChunks, type CostPlanOptions } from '../src/chunk/index.js';
import type { Chunk } from '../src/types.js';
import { fakeRepo, SAMPLE_RANKING, sampleSources } from './chunk-fixtures.js';

const models = shippedModelTable();
const MODEL = 'claude-sonnet-4-6';
const price = findModel(models, MODEL);
const repo = fakeRepo(sampleSources(), { ranked: SAMPLE_RANKING });
const mapText = 'src/core/engine.ts\n  export function run()\n'.repeat(40);

const chunksOf = (count: number, tokens = 5_000): Chunk[] =>
  Array.from({ length: count }, (_, index) => ({ index, hash: `h${index}`, tokens, parts: [{ path: `f${index}.ts`, hash: 'x', startLine: 1, endLine: 10, form: 'whole', tokens }] }));

const options = (overrides: Partial<CostPlanOptions> = {}): CostPlanOptions => ({
  files: repo.files,
  mode: 'security',
  model: MODEL,
  models,
  prefixTokens: prefixTokens('security', mapText),
  outputTokens: 4_096,
  chunkTokens: 20_000,
  estimated: true,
  ...overrides,
});

describe('costPlan', () => {
  it('makes no reduce call for one chunk, one for two, and a tree for many', () => {
    expect(costPlan(chunksOf(1), options()).calls).toEqual({ map: 1, reduce: 0 });
    expect(costPlan(chunksOf(2), options()).calls).toEqual({ map: 2, reduce: 1 });
    // 20 000 tokens hold the reduce prompt and four 4 096-token reports: 10 → 4+4+2 → 3 → 1.
    expect(costPlan(chunksOf(10), options()).calls).toEqual({ map: 10, reduce: 4 });
    // A smaller budget holds only two: a binary tree, n − 1 merges.
    expect(costPlan(chunksOf(10), options({ chunkTokens: 9_000 })).calls).toEqual({ map: 10, reduce: 9 });
    expect(costPlan([], options()).calls).toEqual({ map: 0, reduce: 0 });
  });

  it('counts the prefix and each chunk for every map call, and the worst-case output of every call', () => {
    const one = costPlan(chunksOf(1, 7_000), options());
    const frame = estimateInputTokens({ messages: [{ role: 'user', content: '' }] });
    expect(one.prefixTokens).toBe(prefixTokens('security', mapText));
    expect(one.prefixTokens).toBeGreaterThan(estimateInputTokens({ messages: [], system: mapText }));
    expect(one.inputTokens).toBe(one.prefixTokens + frame + 7_000);
    expect(one.maxOutputTokens).toBe(4_096);
    const three = costPlan(chunksOf(3, 7_000), options());
    expect(three.calls.reduce).toBe(1);
    // The reduce call reads three reports of at most outputTokens each, next to its own prompt.
    const reduceInput = three.inputTokens - 3 * (three.prefixTokens + frame + 7_000);
    expect(reduceInput).toBeGreaterThan(3 * 4_096);
    expect(reduceInput).toBeLessThanOrEqual(20_000);
    expect(three.maxOutputTokens).toBe(4 * 4_096);
  });

  it('prices from the model table: cached below standard, batch at the table’s discount', () => {
    const n = 6;
    const plan = costPlan(chunksOf(n), options());
    const discount = 1 - models.batchDiscount;
    expect(plan.usd.batch).toBeCloseTo(plan.usd.standard * discount, 12);
    expect(plan.usd.cachedBatch).toBeCloseTo(plan.usd.cached * discount, 12);
    expect(plan.usd.cached).toBeLessThan(plan.usd.standard);
    // One call writes the prefix (dearer than input), n − 1 read it (cheaper than input).
    const saved = (plan.prefixTokens * ((n - 1) * (price.input - price.cacheRead) - (price.cacheWrite - price.input))) / 1_000_000;
    expect(plan.usd.standard - plan.usd.cached).toBeCloseTo(saved, 12);
    expect(plan.usd.standard).toBeCloseTo((plan.inputTokens * price.input + plan.maxOutputTokens * price.output) / 1_000_000, 12);
  });

  it('follows the price of the model it is given', () => {
    const haiku = costPlan(chunksOf(4), options({ model: 'claude-haiku-4-5' }));
    const sonnet = costPlan(chunksOf(4), options());
    const haikuPrice = findModel(models, 'claude-haiku-4-5');
    expect(haiku.inputTokens).toBe(sonnet.inputTokens);
    expect(haiku.usd.standard / sonnet.usd.standard).toBeGreaterThan(Math.min(haikuPrice.input / price.input, haikuPrice.output / price.output) - 1e-9);
    expect(haiku.usd.standard / sonnet.usd.standard).toBeLessThan(Math.max(haikuPrice.input / price.input, haikuPrice.output / price.output) + 1e-9);
  });

  it('lets the llm refuse a model it cannot price', () => {
    expect(() => costPlan(chunksOf(2), options({ model: 'claude-unknown-9' }))).toThrow(expect.objectContaining({ code: 'LLM_MODEL_UNPRICED' }));
  });

  it('reports the files as packed and the full pack against what the chunks carry', () => {
    const chunks = planChunks(repo.files, repo.map, { chunkTokens: 3_000, compressBelow: 0.5 });
    const plan = costPlan(chunks, options());
    expect(plan.chunks).toBe(chunks.length);
    expect(plan.files.full + plan.files.signatures).toBeLessThanOrEqual(repo.files.length);
    const asText = new Set(chunks.flatMap((chunk) => chunk.parts.filter((part) => part.form !== 'signatures').map((part) => part.path)));
    const asSignatures = new Set(chunks.flatMap((chunk) => chunk.parts.filter((part) => part.form === 'signatures').map((part) => part.path)));
    expect(plan.files).toEqual({ full: asText.size, signatures: asSignatures.size });
    expect(asText.size).toBeGreaterThan(0);
    expect(plan.compressedTokens).toBe(chunks.reduce((sum, chunk) => sum + chunk.tokens, 0));
    expect(plan.fullPackTokens).toBeGreaterThan(plan.compressedTokens);
    expect(plan).toMatchObject({ model: MODEL, mode: 'security', estimated: true });
  });

  it('says how long the run must take at least, paced to the rate limits, by whichever limit binds', () => {
    const chunks = planChunks(repo.files, repo.map, { chunkTokens: 3_000, compressBelow: 0.5 });
    const unpaced = costPlan(chunks, options());
    expect(unpaced.minutes).toBeUndefined();
    const calls = unpaced.calls.map + unpaced.calls.reduce;
    // Requests bind: one a minute, tokens unlimited.
    expect(costPlan(chunks, options({ limits: { requestsPerMinute: 1, inputTokensPerMinute: 1e12 } })).minutes).toBe(calls);
    // Input tokens bind: a tenth of the run's input a minute.
    expect(costPlan(chunks, options({ limits: { requestsPerMinute: 1e12, inputTokensPerMinute: unpaced.inputTokens / 10 } })).minutes).toBeCloseTo(10, 10);
  });
});
