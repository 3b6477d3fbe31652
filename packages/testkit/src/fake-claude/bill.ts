import type { FakeRecordedRequest } from './types.js';

/** The shape of `@loomkit/llm/data/models.json`: USD per million tokens, per model. */
export interface PriceTable {
  models: Record<string, { input: number; output: number; cacheWrite: number; cacheRead: number; aliases?: string[] }>;
}

/**
 * What the API would bill for the usage the fake reported on its Messages answers (batch
 * items are not requests, so not counted here), priced straight from the raw
 * price table: written apart from Loom's own pricing on purpose, so a test or a bench that
 * compares the two checks Loom's accounting instead of repeating it.
 */
export function billedUsd(requests: readonly FakeRecordedRequest[], table: PriceTable): number {
  let usd = 0;
  for (const request of requests) {
    if (!request.usage) continue;
    const model = (request.body as { model?: string } | undefined)?.model ?? '';
    const price = table.models[model] ?? Object.values(table.models).find((entry) => entry.aliases?.includes(model));
    if (!price) throw new Error(`billedUsd: no price for model "${model}" in the table`);
    const { input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens } = request.usage;
    usd += (input_tokens * price.input + output_tokens * price.output + cache_creation_input_tokens * price.cacheWrite + cache_read_input_tokens * price.cacheRead) / 1_000_000;
  }
  return usd;
}
