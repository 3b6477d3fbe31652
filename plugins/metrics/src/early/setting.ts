import { readFileSync } from 'node:fs';
import type { ModelTable } from '@loomkit/llm';

/**
 * llm's shipped price table as `modelTable({})` returns it (no config overrides: a config
 * declines), read without the zod schema; undefined if an entry is not the shape the schema
 * checks, so the full command says what is wrong.
 */
export function shippedPrices(file: string): ModelTable | undefined {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { updated?: unknown; source?: unknown; batchDiscount?: unknown; models?: Record<string, Record<string, unknown>> };
  if (typeof raw.updated !== 'string' || typeof raw.source !== 'string' || typeof raw.batchDiscount !== 'number' || typeof raw.models !== 'object' || raw.models === null) return undefined;
  const models: ModelTable['models'] = {};
  for (const [id, entry] of Object.entries(raw.models)) {
    const { contextWindow, input, output, cacheWrite, cacheRead, aliases = [], ...rest } = entry;
    const prices = [input, output, cacheWrite, cacheRead];
    if (Object.keys(rest).length > 0 || !Number.isInteger(contextWindow) || !prices.every((n) => typeof n === 'number' && n >= 0) || !Array.isArray(aliases) || !aliases.every((a) => typeof a === 'string')) return undefined;
    models[id] = { contextWindow: contextWindow as number, input: input as number, output: output as number, cacheWrite: cacheWrite as number, cacheRead: cacheRead as number, aliases: aliases as string[] };
  }
  return { updated: raw.updated, source: raw.source, batchDiscount: raw.batchDiscount, models };
}
