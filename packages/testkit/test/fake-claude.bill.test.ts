import { describe, expect, it } from 'vitest';
import { billedUsd, type FakeRecordedRequest } from '../src/index.js';

const table = {
  models: {
    'model-a': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
    'model-b': { input: 1, output: 4, cacheWrite: 1.25, cacheRead: 0.1, aliases: ['model-b-20260101'] },
  },
};

const request = (model: string, usage?: [number, number, number, number]): FakeRecordedRequest => ({
  seq: 0,
  method: 'POST',
  path: '/v1/messages',
  query: {},
  headers: {},
  body: { model },
  requestId: 'req_1',
  receivedAt: 0,
  ...(usage ? { usage: { input_tokens: usage[0], output_tokens: usage[1], cache_creation_input_tokens: usage[2], cache_read_input_tokens: usage[3], service_tier: 'standard' as const } } : {}),
});

describe('billedUsd: the fake\'s reported usage priced from the raw table', () => {
  it('prices each token kind at its own rate, per million, across requests and aliases', () => {
    // model-a: 1M input × $2 + 0.5M output × $10 + 0.2M cache writes × $2.5 + 2M cache reads × $0.2 = 2 + 5 + 0.5 + 0.4
    // model-b (by alias): 3M input × $1 + 1M output × $4 = 7
    const usd = billedUsd([request('model-a', [1_000_000, 500_000, 200_000, 2_000_000]), request('model-b-20260101', [3_000_000, 1_000_000, 0, 0])], table);
    expect(usd).toBeCloseTo(7.9 + 7, 12);
  });

  it('skips requests without usage (errors, count_tokens) and refuses a model the table lacks', () => {
    expect(billedUsd([request('model-a')], table)).toBe(0);
    expect(() => billedUsd([request('model-z', [1, 1, 0, 0])], table)).toThrow(/no price for model "model-z"/);
  });
});
