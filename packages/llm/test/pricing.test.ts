import { describe, expect, it } from 'vitest';
import { costOf, findModel, formatUsd, modelTable, shippedModelTable, usageFromApi } from '../src/pricing.js';

describe('the shipped model table', () => {
  it('says when and where its prices come from', () => {
    const table = shippedModelTable();
    expect(table.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.source).toContain('anthropic.com');
    expect(table.batchDiscount).toBe(0.5);
  });

  it('prices cache writes at 1.25x and reads at 0.1x input for every model', () => {
    for (const [id, price] of Object.entries(shippedModelTable().models)) {
      expect(price.cacheWrite, id).toBeCloseTo(price.input * 1.25, 6);
      expect(price.cacheRead, id).toBeCloseTo(price.input * 0.1, 6);
      expect(price.output, id).toBeGreaterThan(price.input);
    }
  });
});

describe('findModel', () => {
  const table = shippedModelTable();
  it('finds a model by id and by alias, answering with the canonical id', () => {
    expect(findModel(table, 'claude-haiku-4-5').id).toBe('claude-haiku-4-5');
    expect(findModel(table, 'claude-haiku-4-5-20251001')).toMatchObject({ id: 'claude-haiku-4-5', input: 1, output: 5 });
  });

  it('refuses an unpriced model, naming it and how to add prices', () => {
    expect(() => findModel(table, 'claude-imaginary-9')).toThrowError(
      expect.objectContaining({ code: 'LLM_MODEL_UNPRICED', message: expect.stringContaining('claude-imaginary-9'), hint: expect.stringContaining('llm.models.claude-imaginary-9') }),
    );
  });
});

describe('modelTable overrides', () => {
  it('patches one price of a known model and keeps the rest', () => {
    const table = modelTable({ 'claude-sonnet-4-6': { input: 2 } });
    expect(findModel(table, 'claude-sonnet-4-6')).toMatchObject({ input: 2, output: 15, cacheRead: 0.3 });
    expect(findModel(shippedModelTable(), 'claude-sonnet-4-6').input).toBe(3);
  });

  it('adds a fully priced new model and refuses a partial one', () => {
    const full = { contextWindow: 500_000, input: 4, output: 20, cacheWrite: 5, cacheRead: 0.4 };
    expect(findModel(modelTable({ 'claude-next': full }), 'claude-next')).toMatchObject(full);
    expect(() => modelTable({ 'claude-next': { input: 4 } })).toThrowError(expect.objectContaining({ code: 'LLM_PRICE_INVALID' }));
  });
});

describe('costOf', () => {
  const price = { contextWindow: 1, input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, aliases: [] };
  it('adds each kind of token at its own rate per million', () => {
    const usd = costOf(price, { input: 1_000_000, output: 100_000, cacheWrite: 200_000, cacheRead: 2_000_000 });
    expect(usd).toBeCloseTo(3 + 1.5 + 0.75 + 0.6, 9);
  });

  it('takes the batch discount off everything', () => {
    const usage = { input: 10_000, output: 2_000, cacheWrite: 0, cacheRead: 0 };
    expect(costOf(price, usage, { batch: true, batchDiscount: 0.5 })).toBeCloseTo(costOf(price, usage) / 2, 12);
    expect(costOf(price, usage, { batch: true, batchDiscount: 0.2 })).toBeCloseTo(costOf(price, usage) * 0.8, 12);
  });
});

describe('usageFromApi and formatUsd', () => {
  it('maps the API usage block and treats missing cache fields as zero', () => {
    expect(usageFromApi({ input_tokens: 5, output_tokens: 7, cache_creation_input_tokens: 11, cache_read_input_tokens: 13 })).toEqual({ input: 5, output: 7, cacheWrite: 11, cacheRead: 13 });
    expect(usageFromApi({ input_tokens: 5, output_tokens: 7, cache_creation_input_tokens: null })).toEqual({ input: 5, output: 7, cacheWrite: 0, cacheRead: 0 });
  });

  it('shows sub-cent amounts with four decimals', () => {
    expect(formatUsd(1.5)).toBe('$1.50');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0)).toBe('$0.00');
  });
});
