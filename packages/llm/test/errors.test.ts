import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { LoomError } from '@loomkit/kernel';
import { describe, expect, it } from 'vitest';
import { classify, toLlmError } from '../src/errors.js';

// The SDK's own error classes, made as the SDK makes them from a response (no network here:
// classify and toLlmError only read what an error carries).
const fromApi = (status: number, message: string, headers: Record<string, string> = {}) =>
  APIError.generate(status, { type: 'error', error: { type: 'api_error', message } }, undefined, new Headers(headers));
const keep = (text: string) => text;

describe('classify', () => {
  it('never retries a cancellation, whichever layer reports it', () => {
    expect(classify(new APIUserAbortError())).toEqual({ retryable: false, retryAfterMs: undefined, status: undefined });
    expect(classify(new DOMException('The operation was aborted.', 'AbortError')).retryable).toBe(false);
  });

  it('retries what failed before an answer came: a refused connection or a timeout', () => {
    expect(classify(new APIConnectionError({ message: 'connect ECONNREFUSED 127.0.0.1:9' })).retryable).toBe(true);
    expect(classify(new APIConnectionTimeoutError()).retryable).toBe(true);
  });

  it('takes the status from the API error, and none from anything else', () => {
    expect(classify(fromApi(503, 'down')).status).toBe(503);
    expect(classify(Object.assign(new Error('odd'), { status: '503' })).status).toBeUndefined();
  });

  it('classifies a rejection that is not an error at all as a failed connection', () => {
    expect(classify(undefined)).toEqual({ retryable: true, retryAfterMs: undefined, status: undefined });
    expect(classify(null)).toEqual({ retryable: true, retryAfterMs: undefined, status: undefined });
  });

  it('reads retry-after-ms first, zero included, and skips a negative one', () => {
    expect(classify(fromApi(429, 'slow down', { 'retry-after-ms': '0', 'retry-after': '5' })).retryAfterMs).toBe(0);
    expect(classify(fromApi(429, 'slow down', { 'retry-after-ms': '-20', 'retry-after': '5' })).retryAfterMs).toBe(5000);
    expect(classify(fromApi(429, 'slow down', { 'retry-after-ms': 'soon', 'retry-after': '5' })).retryAfterMs).toBe(5000);
  });

  it('reads retry-after as seconds, zero included', () => {
    expect(classify(fromApi(529, 'busy', { 'retry-after': '0' })).retryAfterMs).toBe(0);
    expect(classify(fromApi(529, 'busy', { 'retry-after': '2.5' })).retryAfterMs).toBe(2500);
  });

  it('gives no wait for a retry-after that is a number but not a delay (V8 would read "-3" as a date in 2001)', () => {
    for (const value of ['-3', '-0.5', 'Infinity']) expect(classify(fromApi(529, 'busy', { 'retry-after': value })).retryAfterMs, value).toBeUndefined();
  });

  it('reads an HTTP date as the time left until then, never less than zero', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(classify(fromApi(503, 'down', { 'retry-after': 'Sun, 06 Dec 2026 10:00:30 GMT' }), now).retryAfterMs).toBe(30_000);
    expect(classify(fromApi(503, 'down', { 'retry-after': 'Sun, 06 Dec 2026 09:59:00 GMT' }), now).retryAfterMs).toBe(0);
    expect(classify(fromApi(503, 'down', { 'retry-after': 'whenever' }), now).retryAfterMs).toBeUndefined();
  });

  it('reads headers only from a Headers-like object', () => {
    expect(classify(Object.assign(new Error('x'), { status: 429, headers: { 'retry-after': '3' } })).retryAfterMs).toBeUndefined();
  });
});

describe('toLlmError', () => {
  it('passes a LoomError through as it is', () => {
    const own = new LoomError('LLM_BUDGET_EXCEEDED', 'no money');
    expect(toLlmError(own, 3, keep)).toBe(own);
  });

  it('reports any cancellation as CANCELLED with exit code 130', () => {
    for (const error of [new APIUserAbortError(), new DOMException('aborted', 'AbortError')]) {
      expect(toLlmError(error, 1, keep)).toMatchObject({ code: 'CANCELLED', exitCode: 130 });
    }
  });

  it('tells a timeout from a refused connection, says how many attempts, and keeps the cause', () => {
    const timeout = new APIConnectionTimeoutError();
    const timedOut = toLlmError(timeout, 3, keep);
    expect(timedOut.code).toBe('LLM_TIMEOUT');
    expect(timedOut.message).toMatch(/^could not reach the Claude API after 3 attempts: /);
    expect(timedOut.hint).toMatch(/network/);
    expect(timedOut.cause).toBe(timeout);
    const refused = toLlmError(new APIConnectionError({ message: 'connect ECONNREFUSED 127.0.0.1:9' }), 1, keep);
    expect(refused.code).toBe('LLM_CONNECTION');
    // One attempt: nothing to count.
    expect(refused.message).toBe('could not reach the Claude API: connect ECONNREFUSED 127.0.0.1:9');
    expect(toLlmError(new Error('socket hang up'), 2, keep)).toMatchObject({ code: 'LLM_CONNECTION', message: expect.stringContaining('socket hang up') });
    expect(toLlmError('thrown text', 1, keep).message).toContain('thrown text');
  });

  it("quotes the API's own message, not the SDK's rendering of the whole body", () => {
    const error = toLlmError(fromApi(500, 'boom inside'), 2, keep);
    expect(error.message).toBe('Claude API 500 after 2 attempts: boom inside');
    const plain = toLlmError(Object.assign(new Error('proxy said no'), { status: 500 }), 1, keep);
    expect(plain.message).toBe('Claude API 500: proxy said no');
  });

  it('names the known statuses, any other 5xx as a server error and any other status as an API error', () => {
    expect(toLlmError(fromApi(401, 'invalid x-api-key'), 1, keep)).toMatchObject({ code: 'LLM_AUTH_FAILED', hint: expect.stringContaining('ANTHROPIC_API_KEY') });
    expect(toLlmError(fromApi(529, 'Overloaded'), 1, keep).code).toBe('LLM_OVERLOADED');
    for (const status of [500, 502, 503]) expect(toLlmError(fromApi(status, 'x'), 1, keep), String(status)).toMatchObject({ code: 'LLM_SERVER_ERROR', hint: expect.stringContaining('try again') });
    for (const status of [402, 422, 499]) expect(toLlmError(fromApi(status, 'x'), 1, keep), String(status)).toMatchObject({ code: 'LLM_API_ERROR', hint: expect.stringContaining('--verbose') });
  });

  it('passes the text through the scrubber', () => {
    const key = 'sk-ant-api03-secretsecret';
    const scrub = (text: string) => text.split(key).join('[api key]');
    expect(toLlmError(fromApi(400, `bad key ${key}`), 1, scrub).message).toBe('Claude API 400: bad key [api key]');
    expect(toLlmError(new APIConnectionError({ message: `refused for ${key}` }), 1, scrub).message).toBe('could not reach the Claude API: refused for [api key]');
  });
});
