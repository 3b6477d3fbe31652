import { LoomError } from '@loomkit/kernel';
import { describe, expect, it } from 'vitest';
import { classify } from '../src/errors.js';
import type { LlmCall, LlmResult } from '../src/pipeline.js';
import { backoffMs, retryMiddleware } from '../src/retry.js';
import { fakeTime } from './support/fake-time.js';

const config = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, deadlineMs: 60_000, idleTimeoutMs: 30_000 };
const apiError = (status: number, headers: Record<string, string> = {}) => Object.assign(new Error(`status ${status}`), { status, headers: new Headers(headers) });
const ok = { costUsd: 0 } as LlmResult;

describe('backoffMs', () => {
  it('doubles from the base up to the cap, scaled by jitter', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, config, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(3, config, () => 0.5)).toBe(200);
    expect(backoffMs(3, config, () => 0)).toBe(0);
  });

  it('never waits less than the server asked', () => {
    expect(backoffMs(1, config, () => 1, 5_000)).toBe(5_000);
    expect(backoffMs(4, config, () => 1, 10)).toBe(800);
  });
});

describe('classify', () => {
  it('retries 408, 409, 429, 5xx and 529, and connection failures', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504, 529]) expect(classify(apiError(status)).retryable, String(status)).toBe(true);
    expect(classify(new Error('socket hang up')).retryable).toBe(true);
  });

  it('does not retry client errors or a user abort', () => {
    for (const status of [400, 401, 403, 404, 413]) expect(classify(apiError(status)).retryable, String(status)).toBe(false);
    expect(classify(Object.assign(new Error('aborted'), { name: 'APIUserAbortError' })).retryable).toBe(false);
    expect(classify(new LoomError('LLM_BUDGET_EXCEEDED', 'no')).retryable).toBe(false);
    expect(classify(new LoomError('LLM_STREAM_CUT', 'cut')).retryable).toBe(true);
  });

  it('reads retry-after-ms, retry-after seconds and an HTTP date', () => {
    expect(classify(apiError(429, { 'retry-after-ms': '1500', 'retry-after': '9' })).retryAfterMs).toBe(1500);
    expect(classify(apiError(429, { 'retry-after': '3' })).retryAfterMs).toBe(3000);
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(classify(apiError(529, { 'retry-after': 'Tue, 24 Nov 2026 10:00:07 GMT' }), now).retryAfterMs).toBe(7000);
    expect(classify(apiError(500)).retryAfterMs).toBeUndefined();
  });
});

describe('retryMiddleware', () => {
  const run = (failures: unknown[], options: Partial<typeof config> = {}) => {
    const time = fakeTime();
    const call = { attempts: 0, stream: undefined } as unknown as LlmCall;
    const restarts: number[] = [];
    (call as { stream: unknown }).stream = (event: { type: string; attempt: number }) => restarts.push(event.attempt);
    const middleware = retryMiddleware({ ...config, ...options }, { sleep: time.sleep, now: time.now, random: () => 1 }, () => undefined);
    let sent = 0;
    const promise = middleware(call, async () => {
      const failure = failures[sent++];
      if (failure) throw failure;
      return ok;
    });
    return { promise, call, time, sent: () => sent, restarts };
  };

  it('retries transient failures with growing waits and succeeds', async () => {
    const { promise, call, time, sent, restarts } = run([apiError(529), apiError(500), undefined]);
    await expect(promise).resolves.toBe(ok);
    expect(sent()).toBe(3);
    expect(call.attempts).toBe(3);
    expect(time.sleeps).toEqual([100, 200]);
    expect(restarts).toEqual([2, 3]);
  });

  it('honours retry-after', async () => {
    const { promise, time } = run([apiError(429, { 'retry-after': '2' }), undefined]);
    await promise;
    expect(time.sleeps).toEqual([2000]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const last = apiError(503);
    const { promise, sent } = run([apiError(529), apiError(529), apiError(529), last, undefined]);
    await expect(promise).rejects.toBe(last);
    expect(sent()).toBe(4);
  });

  it('does not retry a 400', async () => {
    const bad = apiError(400);
    const { promise, sent, time } = run([bad, undefined]);
    await expect(promise).rejects.toBe(bad);
    expect(sent()).toBe(1);
    expect(time.sleeps).toEqual([]);
  });

  it('stops at the deadline rather than sleeping past it', async () => {
    const { promise, sent } = run([apiError(429, { 'retry-after': '30' }), apiError(429, { 'retry-after': '30' }), undefined], { deadlineMs: 45_000 });
    await expect(promise).rejects.toMatchObject({ code: 'LLM_DEADLINE', message: expect.stringContaining('45000 ms') });
    expect(sent()).toBe(2);
  });
});
