import { readFileSync } from 'node:fs';
import { LoomError } from '@loomkit/kernel';
import { modelPriceSchema, modelTableSchema, type LlmConfig, type ModelPrice, type ModelTable } from './schema.js';

export interface TokenUsage {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export const NO_USAGE: TokenUsage = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };

let shipped: ModelTable | undefined;

/** The model table shipped in data/models.json, read once. */
export function shippedModelTable(): ModelTable {
  shipped ??= modelTableSchema.parse(JSON.parse(readFileSync(new URL('../data/models.json', import.meta.url), 'utf8')));
  return shipped;
}

/** The shipped table with config overrides applied: a partial entry patches, a full one adds. */
export function modelTable(overrides: LlmConfig['models'] = {}, base: ModelTable = shippedModelTable()): ModelTable {
  const models = { ...base.models };
  for (const [id, patch] of Object.entries(overrides)) {
    const merged = { ...(models[id] ?? {}), ...patch };
    const parsed = modelPriceSchema.safeParse(merged);
    if (!parsed.success) {
      throw new LoomError('LLM_PRICE_INVALID', `llm.models.${id}: a new model needs contextWindow, input, output, cacheWrite and cacheRead`, {
        hint: `set every price of ${id} in USD per million tokens, e.g. loom config set llm.models.${id} '{"contextWindow":200000,"input":3,"output":15,"cacheWrite":3.75,"cacheRead":0.3}'`,
      });
    }
    models[id] = parsed.data;
  }
  return { ...base, models };
}

export function findModel(table: ModelTable, id: string): ModelPrice & { id: string } {
  for (const [name, price] of Object.entries(table.models)) {
    if (name === id || price.aliases.includes(id)) return { ...price, id: name };
  }
  throw new LoomError('LLM_MODEL_UNPRICED', `no price known for model ${id}, so its cost cannot be budgeted`, {
    hint: `choose one of ${Object.keys(table.models).join(', ')}, or add its prices: loom config set llm.models.${id} '{"contextWindow":…,"input":…,"output":…,"cacheWrite":…,"cacheRead":…}'`,
  });
}

const PER_MILLION = 1_000_000;

/** USD for a call's usage; `batch` applies the table's batch discount. */
export function costOf(price: ModelPrice, usage: TokenUsage, options: { batch?: boolean; batchDiscount?: number } = {}): number {
  const factor = options.batch ? 1 - (options.batchDiscount ?? 0.5) : 1;
  const usd =
    (usage.input * price.input + usage.output * price.output + usage.cacheWrite * price.cacheWrite + usage.cacheRead * price.cacheRead) /
    PER_MILLION;
  return usd * factor;
}

/** The usage block of an API response, in our names. */
export function usageFromApi(usage: {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}): TokenUsage {
  return {
    input: usage.input_tokens,
    output: usage.output_tokens,
    cacheWrite: usage.cache_creation_input_tokens ?? 0,
    cacheRead: usage.cache_read_input_tokens ?? 0,
  };
}

export { formatUsd } from './format-usd.js';
