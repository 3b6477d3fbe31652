import { LoomError } from '@loomkit/kernel';
import { estimateInputTokens } from './estimate-tokens.js';
import type { LlmMiddleware, LlmRequest } from './pipeline.js';
import { costOf, formatUsd } from './pricing.js';
import type { LlmConfig, ModelPrice } from './schema.js';

/** The most a call can cost: every input token uncached, every allowed output token used. */
export function worstCaseUsd(request: LlmRequest, price: ModelPrice, options: { batch?: boolean; batchDiscount?: number } = {}): number {
  return costOf(price, { input: estimateInputTokens(request), output: request.max_tokens, cacheWrite: 0, cacheRead: 0 }, options);
}

/**
 * Money spent by this command (one kernel instance), with the worst case of calls in
 * flight reserved, so parallel calls cannot together overshoot a budget.
 */
export class Ledger {
  spentUsd = 0;
  reservedUsd = 0;

  /** Holds `usd` until the returned settle is called with what the call really cost. */
  reserve(usd: number): (actualUsd: number) => void {
    this.reservedUsd += usd;
    let settled = false;
    return (actualUsd) => {
      if (settled) return;
      settled = true;
      this.reservedUsd -= usd;
      this.spentUsd += actualUsd;
    };
  }
}

interface Limit {
  name: string;
  capUsd: number;
  usedUsd: number;
  hint: string;
}

/** Refuses a call whose worst case exceeds what is left of any budget that applies. */
export function checkBudget(estimateUsd: number, limits: Limit[]): void {
  for (const limit of limits) {
    const left = limit.capUsd - limit.usedUsd;
    if (estimateUsd > left) {
      throw new LoomError(
        'LLM_BUDGET_EXCEEDED',
        `this call may cost up to ${formatUsd(estimateUsd)}, but only ${formatUsd(Math.max(0, left))} is left of the ${formatUsd(limit.capUsd)} ${limit.name} budget`,
        { hint: limit.hint },
      );
    }
  }
}

export function budgetMiddleware(config: LlmConfig['budget'], ledger: Ledger): LlmMiddleware {
  return async (call, next) => {
    const estimate = worstCaseUsd(call.request, call.price);
    const used = ledger.spentUsd + ledger.reservedUsd;
    const limits: Limit[] = [];
    if (call.options.maxCostUsd !== undefined) {
      limits.push({ name: 'command (--max-cost)', capUsd: call.options.maxCostUsd, usedUsd: used, hint: 'raise --max-cost, or ask for less (fewer files, lower max_tokens)' });
    } else if (config.perCommandUsd !== undefined) {
      limits.push({ name: 'command', capUsd: config.perCommandUsd, usedUsd: used, hint: 'raise it with --max-cost or `loom config set llm.budget.perCommandUsd <usd>`' });
    }
    if (config.perSessionUsd !== undefined) {
      limits.push({ name: 'session', capUsd: config.perSessionUsd, usedUsd: (call.options.sessionSpentUsd ?? 0) + used, hint: 'raise it with `loom config set llm.budget.perSessionUsd <usd>`, or start a new session' });
    }
    checkBudget(estimate, limits);
    const settle = ledger.reserve(estimate);
    try {
      const result = await next();
      settle(result.costUsd);
      return result;
    } catch (error) {
      settle(0);
      throw error;
    }
  };
}
