import { describe, expect, it } from 'vitest';
import { Pipeline, type LlmCall, type LlmResult } from '../src/pipeline.js';

const call = {} as LlmCall;
const result = { costUsd: 1 } as LlmResult;

describe('Pipeline', () => {
  it('runs stages in their fixed order whatever the registration order', async () => {
    const pipeline = new Pipeline();
    const seen: string[] = [];
    const step = (name: string) => async (_: LlmCall, next: () => Promise<LlmResult>) => {
      seen.push(name);
      return next();
    };
    pipeline.use('limit', 'limit', step('limit'));
    pipeline.use('metrics', 'metrics-a', step('metrics-a'));
    pipeline.use('policy', 'redact', step('redact'));
    pipeline.use('metrics', 'metrics-b', step('metrics-b'));
    pipeline.use('budget', 'budget', step('budget'));
    await pipeline.run(call, async () => {
      seen.push('transport');
      return result;
    });
    expect(seen).toEqual(['redact', 'budget', 'metrics-a', 'metrics-b', 'limit', 'transport']);
    expect(pipeline.order()).toEqual(['policy:redact', 'budget:budget', 'metrics:metrics-a', 'metrics:metrics-b', 'limit:limit']);
  });

  it('lets a step short-circuit or change the result', async () => {
    const pipeline = new Pipeline();
    pipeline.use('policy', 'block', async () => {
      throw new Error('blocked');
    });
    let reached = false;
    await expect(pipeline.run(call, async () => ((reached = true), result))).rejects.toThrow('blocked');
    expect(reached).toBe(false);

    const priced = new Pipeline();
    priced.use('metrics', 'double', async (_, next) => ({ ...(await next()), costUsd: 2 }));
    expect((await priced.run(call, async () => result)).costUsd).toBe(2);
  });

  it('refuses an unknown stage', () => {
    expect(() => new Pipeline().use('nope' as 'policy', 'x', async (_, next) => next())).toThrowError(expect.objectContaining({ code: 'LLM_STAGE_UNKNOWN' }));
  });
});
