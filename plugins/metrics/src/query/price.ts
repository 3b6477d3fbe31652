import type { ModelPrice, ModelTable } from '@loomkit/llm';
import type { Tokens } from '../types.js';

const PER_MILLION = 1_000_000;

export interface Pricer {
  /** USD from the llm price table; 0 for a model it does not price (counted in `unpriced`). */
  cost(model: string, tokens: Tokens): number;
  /** What the cache reads would have cost at full input price, minus what they cost. */
  saved(model: string, tokens: Tokens): number;
  readonly unpriced: Set<string>;
}

export function createPricer(table: ModelTable): Pricer {
  const known = new Map<string, ModelPrice | null>();
  const unpriced = new Set<string>();
  const price = (model: string): ModelPrice | null => {
    let found = known.get(model);
    if (found === undefined) {
      // llm's findModel, without its error (and the kernel and zod it would load into the early answer).
      found = Object.entries(table.models).find(([name, entry]) => name === model || entry.aliases.includes(model))?.[1] ?? null;
      if (found === null) unpriced.add(model);
      known.set(model, found);
    }
    return found;
  };
  return {
    unpriced,
    cost(model, tokens) {
      const p = price(model);
      return p ? (tokens.input * p.input + tokens.output * p.output + tokens.cacheWrite * p.cacheWrite + tokens.cacheRead * p.cacheRead) / PER_MILLION : 0;
    },
    saved(model, tokens) {
      const p = price(model);
      return p ? (tokens.cacheRead * (p.input - p.cacheRead)) / PER_MILLION : 0;
    },
  };
}
