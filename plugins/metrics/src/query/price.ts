import type { ModelPrice, ModelTable } from '@loomkit/llm';
import type { Tokens } from '../types.js';

const PER_MILLION = 1_000_000;

/** One model's prices, looked up once: a report prices 10^4 groups of a few models. */
export interface ModelPricer {
  /** The prices it charges, as text ('' when the model is not priced): equal keys price alike. */
  readonly key: string;
  cost(tokens: Tokens): number;
  /** What the cache reads would have cost at full input price, minus what they cost. */
  saved(tokens: Tokens): number;
}

export interface Pricer {
  /** USD from the llm price table; 0 for a model it does not price (counted in `unpriced`). */
  cost(model: string, tokens: Tokens): number;
  /** What the cache reads would have cost at full input price, minus what they cost. */
  saved(model: string, tokens: Tokens): number;
  of(model: string): ModelPricer;
  readonly unpriced: Set<string>;
}

const UNPRICED: ModelPricer = { key: '', cost: () => 0, saved: () => 0 };

function pricerOf(p: ModelPrice): ModelPricer {
  return {
    key: `${p.input}/${p.output}/${p.cacheWrite}/${p.cacheRead}`,
    cost: (tokens) => (tokens.input * p.input + tokens.output * p.output + tokens.cacheWrite * p.cacheWrite + tokens.cacheRead * p.cacheRead) / PER_MILLION,
    saved: (tokens) => (tokens.cacheRead * (p.input - p.cacheRead)) / PER_MILLION,
  };
}

export function createPricer(table: ModelTable): Pricer {
  const known = new Map<string, ModelPricer>();
  const unpriced = new Set<string>();
  const of = (model: string): ModelPricer => {
    let found = known.get(model);
    if (found === undefined) {
      // llm's findModel, without its error (and the kernel and zod it would load into the early answer).
      const price = Object.entries(table.models).find(([name, entry]) => name === model || entry.aliases.includes(model))?.[1];
      if (!price) unpriced.add(model);
      found = price ? pricerOf(price) : UNPRICED;
      known.set(model, found);
    }
    return found;
  };
  return {
    unpriced,
    of,
    cost: (model, tokens) => of(model).cost(tokens),
    saved: (model, tokens) => of(model).saved(tokens),
  };
}
