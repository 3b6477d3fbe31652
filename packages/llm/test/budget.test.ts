import { describe, expect, it } from 'vitest';
import { budgetMiddleware, checkBudget, Ledger, worstCaseUsd } from '../src/budget.js';
import type { LlmCall, LlmResult } from '../src/pipeline.js';

const price = { id: 'm', contextWindow: 1, input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, aliases: [] };
const request = { model: 'm', max_tokens: 1_000, messages: [{ role: 'user' as const, content: 'x'.repeat(3_500) }] };
// 1000 + 4 input tokens at $3/M + 1000 output at $15/M
const WORST = (1_004 * 3 + 1_000 * 15) / 1_000_000;

const callWith = (options = {}) => ({ request, price, options, attempts: 0, stream: undefined, id: 'c' }) as LlmCall;

describe('worstCaseUsd', () => {
  it('prices every input token uncached and all of max_tokens', () => {
    expect(worstCaseUsd(request, price)).toBeCloseTo(WORST, 12);
    expect(worstCaseUsd(request, price, { batch: true, batchDiscount: 0.5 })).toBeCloseTo(WORST / 2, 12);
  });
});

describe('checkBudget', () => {
  it('says how much is left and of which budget', () => {
    expect(() => checkBudget(0.05, [{ name: 'command', capUsd: 0.1, usedUsd: 0.07, hint: 'h' }])).toThrowError(
      expect.objectContaining({ code: 'LLM_BUDGET_EXCEEDED', message: 'this call may cost up to $0.05, but only $0.03 is left of the $0.10 command budget', hint: 'h' }),
    );
    expect(() => checkBudget(0.03, [{ name: 'command', capUsd: 0.1, usedUsd: 0.07, hint: 'h' }])).not.toThrow();
  });
});

describe('budgetMiddleware', () => {
  it('lets calls through until the spent money leaves too little, then refuses before sending', async () => {
    const ledger = new Ledger();
    const middleware = budgetMiddleware({ perCommandUsd: WORST * 2.5 }, ledger);
    let sent = 0;
    const next = async () => ((sent += 1), { costUsd: WORST } as LlmResult);
    await middleware(callWith(), next);
    await middleware(callWith(), next);
    expect(ledger.spentUsd).toBeCloseTo(WORST * 2, 12);
    await expect(middleware(callWith(), next)).rejects.toMatchObject({ code: 'LLM_BUDGET_EXCEEDED', message: expect.stringContaining('command budget') });
    expect(sent).toBe(2);
  });

  it('reserves the worst case of calls in flight so parallel calls cannot overshoot', async () => {
    const ledger = new Ledger();
    const middleware = budgetMiddleware({ perCommandUsd: WORST * 1.5 }, ledger);
    let release!: () => void;
    const slow = middleware(callWith(), () => new Promise((resolve) => (release = () => resolve({ costUsd: WORST / 10 } as LlmResult))));
    await expect(middleware(callWith(), async () => ({ costUsd: 0 }) as LlmResult)).rejects.toMatchObject({ code: 'LLM_BUDGET_EXCEEDED' });
    release();
    await slow;
    expect(ledger.reservedUsd).toBeCloseTo(0, 12);
    expect(ledger.spentUsd).toBeCloseTo(WORST / 10, 12);
  });

  it('applies --max-cost over the configured command budget, and the session budget on top', async () => {
    const ledger = new Ledger();
    const next = async () => ({ costUsd: 0 }) as LlmResult;
    await expect(budgetMiddleware({ perCommandUsd: 100 }, ledger)(callWith({ maxCostUsd: WORST / 2 }), next)).rejects.toMatchObject({ message: expect.stringContaining('--max-cost') });
    await expect(budgetMiddleware({}, ledger)(callWith({ maxCostUsd: WORST * 2 }), next)).resolves.toBeDefined();
    await expect(budgetMiddleware({ perSessionUsd: 1 }, ledger)(callWith({ sessionSpentUsd: 1 - WORST / 2 }), next)).rejects.toMatchObject({ message: expect.stringContaining('session budget') });
  });

  it("counts this command's own spending against the session budget too", async () => {
    const ledger = new Ledger();
    ledger.spentUsd = WORST;
    const next = async () => ({ costUsd: 0 }) as LlmResult;
    // Before this command the session spent 1 - 2.5 worst cases; with the worst case already
    // spent here, one more call would pass the cap.
    await expect(budgetMiddleware({ perSessionUsd: 1 }, ledger)(callWith({ sessionSpentUsd: 1 - WORST * 2.5 }), next)).resolves.toBeDefined();
    await expect(budgetMiddleware({ perSessionUsd: 1 }, ledger)(callWith({ sessionSpentUsd: 1 - WORST * 1.5 }), next)).rejects.toMatchObject({
      message: expect.stringContaining('session budget'),
      hint: expect.stringContaining('llm.budget.perSessionUsd'),
    });
  });

  it('names the setting or flag to raise in each refusal', async () => {
    const next = async () => ({ costUsd: 0 }) as LlmResult;
    await expect(budgetMiddleware({}, new Ledger())(callWith({ maxCostUsd: WORST / 2 }), next)).rejects.toMatchObject({ hint: expect.stringContaining('raise --max-cost') });
    await expect(budgetMiddleware({ perCommandUsd: WORST / 2 }, new Ledger())(callWith(), next)).rejects.toMatchObject({ hint: expect.stringContaining('llm.budget.perCommandUsd') });
  });

  it('releases the reservation of a failed call and charges nothing', async () => {
    const ledger = new Ledger();
    await expect(budgetMiddleware({ perCommandUsd: 1 }, ledger)(callWith(), async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(ledger).toMatchObject({ spentUsd: 0, reservedUsd: 0 });
  });
});
