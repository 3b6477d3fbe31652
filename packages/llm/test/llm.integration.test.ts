import { createRequire } from 'node:module';
import { billedUsd, type PriceTable } from '@loomkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cacheStablePrefix } from '../src/cache-control.js';
import { costOf, findModel, shippedModelTable } from '../src/pricing.js';
import { ask, llmAgainstFake, type Harness } from './support/harness.js';

const require = createRequire(import.meta.url);
let harness: Harness | undefined;
const start = async (...args: Parameters<typeof llmAgainstFake>) => (harness = (await llmAgainstFake(...args)) as Harness);
afterEach(async () => {
  await harness?.fake.close();
  harness = undefined;
});

const messageCalls = (h: Harness) => h.fake.requests.filter((request) => request.path === '/v1/messages');
const textOf = (content: Array<{ type: string; text?: string }>) => content.map((block) => block.text ?? '').join('');

describe('create', () => {
  it('sends config defaults, prices the usage and emits request and response events', async () => {
    const h = await start({ model: 'claude-haiku-4-5', maxTokens: 300 }, { reply: 'All good.' });
    const result = await h.llm.create(ask('How is the repo?'), { command: 'query', session: 's1' });
    expect(textOf(result.message.content)).toBe('All good.');
    const sent = messageCalls(h)[0]!.body as { model: string; max_tokens: number };
    expect(sent).toMatchObject({ model: 'claude-haiku-4-5', max_tokens: 300 });
    expect(result.usage.input).toBeGreaterThan(0);
    expect(result.usage.output).toBeGreaterThan(0);
    expect(result.costUsd).toBeCloseTo(costOf(findModel(shippedModelTable(), 'claude-haiku-4-5'), result.usage), 12);
    // Independent of costOf: the usage the fake reported, priced from the raw table.
    expect(result.costUsd).toBeCloseTo(billedUsd(h.fake.requests, require('../data/models.json') as PriceTable), 12);
    expect(result.attempts).toBe(1);
    expect(h.emitted.map((e) => e.event)).toEqual(['llm:request', 'llm:response']);
    expect(h.emitted[1]!.payload).toMatchObject({ model: 'claude-haiku-4-5', command: 'query', session: 's1', tokens: result.usage, costUsd: result.costUsd, attempts: 1, batch: false });
    expect(h.llm.spentUsd()).toBeCloseTo(result.costUsd, 12);
  });
});

describe('stream', () => {
  it('yields the text as it arrives and settles with the whole, priced message', async () => {
    const reply = 'Streaming works across many small deltas, one after another.';
    const h = await start({}, { reply, chunkChars: 5 });
    const stream = h.llm.stream(ask('stream please'));
    const parts: string[] = [];
    for await (const event of stream) if (event.type === 'text') parts.push(event.text);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts.join('')).toBe(reply);
    const result = await stream.result;
    expect(textOf(result.message.content)).toBe(reply);
    expect(result.costUsd).toBeGreaterThan(0);
  });

  it('retries a stream cut mid-message and says it restarted', async () => {
    const h = await start({}, { reply: 'a complete answer after a cut', faults: { sequence: ['cut', 'ok'] } });
    const stream = h.llm.stream(ask('q'));
    const events: string[] = [];
    for await (const event of stream) events.push(event.type);
    const result = await stream.result;
    expect(events).toContain('restart');
    expect(textOf(result.message.content)).toBe('a complete answer after a cut');
    expect(result.attempts).toBe(2);
    expect(messageCalls(h)).toHaveLength(2);
  });
});

describe('structured', () => {
  const Finding = z.object({ file: z.string(), line: z.number().int().positive(), severity: z.enum(['low', 'high']) });

  it('forces the tool and returns the validated input', async () => {
    const h = await start({}, { reply: { toolUse: { name: 'report', input: { file: 'a.ts', line: 3, severity: 'high' } } } });
    const { value } = await h.llm.structured(ask('find one issue'), { schema: Finding, name: 'report' });
    expect(value).toEqual({ file: 'a.ts', line: 3, severity: 'high' });
    const body = messageCalls(h)[0]!.body as { tool_choice: unknown; tools: Array<{ name: string; input_schema: { required: string[] } }> };
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'report' });
    expect(body.tools[0]!.input_schema.required).toEqual(['file', 'line', 'severity']);
  });

  it('accepts what the fake generates from the schema alone', async () => {
    const h = await start();
    const { value } = await h.llm.structured(ask('find one issue'), { schema: Finding, name: 'report' });
    expect(Finding.safeParse(value).success).toBe(true);
  });

  it('sends the validation errors back once and takes the repaired input', async () => {
    const h = await start({}, {
      reply: [{ toolUse: { name: 'report', input: { file: 'a.ts', line: -1, severity: 'urgent' } } }, { toolUse: { name: 'report', input: { file: 'a.ts', line: 1, severity: 'low' } } }],
    });
    const { value, result } = await h.llm.structured(ask('find one issue'), { schema: Finding, name: 'report' });
    expect(value).toEqual({ file: 'a.ts', line: 1, severity: 'low' });
    const repair = messageCalls(h)[1]!.body as { messages: Array<{ role: string; content: Array<{ type: string; is_error?: boolean; content?: string }> }> };
    const last = repair.messages.at(-1)!.content[0]!;
    expect(last).toMatchObject({ type: 'tool_result', is_error: true });
    expect(last.content).toMatch(/line/);
    expect(last.content).toMatch(/severity/);
    expect(result.costUsd).toBeGreaterThan(0);
  });

  it('fails clearly when the repair is invalid too', async () => {
    const bad = { toolUse: { name: 'report', input: { file: 3 } } };
    const h = await start({}, { reply: [bad, bad] });
    await expect(h.llm.structured(ask('q'), { schema: Finding, name: 'report' })).rejects.toMatchObject({ code: 'LLM_INVALID_OUTPUT', message: expect.stringContaining('after one repair') });
    expect(messageCalls(h)).toHaveLength(2);
  });

  it('a reply with no call of the tool (text, or another tool) fails at once: there is nothing to repair', async () => {
    for (const reply of ['I would rather explain in prose.', { toolUse: { name: 'other_tool', input: { file: 'a.ts', line: 3, severity: 'high' } } }]) {
      const h = await start({}, { reply });
      await expect(h.llm.structured(ask('q'), { schema: Finding, name: 'report' })).rejects.toMatchObject({
        code: 'LLM_INVALID_OUTPUT',
        message: expect.stringContaining('no report tool call in the reply'),
        hint: expect.stringContaining('llm.model'),
      });
      expect(messageCalls(h)).toHaveLength(1);
      await h.fake.close();
    }
  });

  it('names each invalid field by its path in the repair request, and bills both calls', async () => {
    const Where = z.object({ where: z.object({ file: z.string(), line: z.number() }) });
    const h = await start({}, { reply: [{ toolUse: { name: 'locate', input: { where: { file: 1, line: 'x' } } } }, { toolUse: { name: 'locate', input: { where: { file: 'a.ts', line: 2 } } } }] });
    const { value, result } = await h.llm.structured(ask('q'), { schema: Where, name: 'locate' });
    expect(value).toEqual({ where: { file: 'a.ts', line: 2 } });
    const repair = messageCalls(h)[1]!.body as { messages: Array<{ content: Array<{ content?: string }> }> };
    const text = repair.messages.at(-1)!.content[0]!.content!;
    expect(text).toMatch(/where\.file: [^;]+; where\.line: /);
    expect(result.costUsd).toBeCloseTo(billedUsd(h.fake.requests, require('../data/models.json') as PriceTable), 12);
  });

  it("keeps the request's own tools beside the forced one, and sends the description given", async () => {
    const own = { name: 'lookup', description: 'look a file up', input_schema: { type: 'object' as const, properties: {} } };
    const h = await start({}, { reply: { toolUse: { name: 'report', input: { file: 'a.ts', line: 3, severity: 'high' } } } });
    await h.llm.structured({ ...ask('q'), tools: [own] }, { schema: Finding, name: 'report', description: 'One finding of the review.' });
    const body = messageCalls(h)[0]!.body as { tools: Array<{ name: string; description: string }> };
    expect(body.tools.map((tool) => [tool.name, tool.description])).toEqual([['lookup', 'look a file up'], ['report', 'One finding of the review.']]);
  });

  it('describes the forced tool by its name when no description is given', async () => {
    const h = await start({}, { reply: { toolUse: { name: 'report', input: { file: 'a.ts', line: 3, severity: 'high' } } } });
    await h.llm.structured(ask('q'), { schema: Finding, name: 'report' });
    const body = messageCalls(h)[0]!.body as { tools: Array<{ description: string }> };
    expect(body.tools[0]!.description).toMatch(/\breport\b/);
  });
});

describe('faults', () => {
  it('retries 529 and 429 and succeeds', async () => {
    const h = await start({}, { faults: { sequence: [529, 429, 'ok'], retryAfterSeconds: 0 } });
    const result = await h.llm.create(ask('q'));
    expect(result.attempts).toBe(3);
    expect(messageCalls(h).map((r) => r.status)).toEqual([529, 429, 200]);
  });

  it('honours a non-zero retry-after: the retry waits at least that long, far above the backoff cap', async () => {
    // The harness caps backoff at 50 ms, so only retry-after can make the gap a second long.
    const h = await start({}, { faults: { sequence: [429, 'ok'], retryAfterSeconds: 1 } });
    const result = await h.llm.create(ask('q'));
    expect(result.attempts).toBe(2);
    const [first, second] = messageCalls(h);
    expect(first!.status).toBe(429);
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(1000);
  });

  it.each([
    [400, 'LLM_BAD_REQUEST'],
    [404, 'LLM_NOT_FOUND'],
    [413, 'LLM_TOO_LARGE'],
  ])('does not retry %i and reports %s', async (status, code) => {
    const h = await start({}, { faults: { sequence: [status] } });
    await expect(h.llm.create(ask('q'))).rejects.toMatchObject({ code, message: expect.stringContaining(`Claude API ${status}`) });
    expect(messageCalls(h)).toHaveLength(1);
  });

  it('reports the last error after exhausting retries, with the attempt count', async () => {
    const h = await start({ retry: { maxAttempts: 3 } }, { faults: { sequence: [529, 529, 529, 'ok'] } });
    await expect(h.llm.create(ask('q'))).rejects.toMatchObject({ code: 'LLM_OVERLOADED', message: expect.stringContaining('after 3 attempts') });
    expect(messageCalls(h)).toHaveLength(3);
    expect(h.emitted.at(-1)).toMatchObject({ event: 'llm:error', payload: { code: 'LLM_OVERLOADED', attempts: 3 } });
  });

  it('retries 500s by rate until they pass', async () => {
    const h = await start({ retry: { maxAttempts: 10 } }, { faults: { rate: 0.5, statuses: [500], seed: 7 } });
    const results = await Promise.all([1, 2, 3, 4].map((n) => h.llm.create(ask(`q${n}`))));
    expect(results.every((r) => r.message.content.length > 0)).toBe(true);
    expect(messageCalls(h).filter((r) => r.status === 500).length).toBeGreaterThan(0);
  });

  it('gives up on a hung connection at the deadline', async () => {
    const h = await start({ retry: { deadlineMs: 400, maxAttempts: 5 } }, { faults: { hang: true } });
    await expect(h.llm.create(ask('q'))).rejects.toMatchObject({ code: expect.stringMatching(/^LLM_(DEADLINE|TIMEOUT)$/) });
  });

  it('aborts an in-flight call on the command signal and keeps nothing', async () => {
    const controller = new AbortController();
    const h = await start({}, { faults: { hang: true } }, { signal: controller.signal });
    const pending = h.llm.create(ask('q'));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED', exitCode: 130 });
    expect(h.llm.spentUsd()).toBe(0);
  });
});

describe('what a failed call says', () => {
  it('a refused connection is retried, then reported as LLM_CONNECTION with the attempts and a network hint', async () => {
    const h = await start({ retry: { maxAttempts: 2 } });
    // Nothing listens on the fake's port once it is closed: every attempt is refused.
    await h.fake.close();
    await expect(h.llm.create(ask('q'))).rejects.toMatchObject({
      code: 'LLM_CONNECTION',
      message: expect.stringMatching(/^could not reach the Claude API after 2 attempts: /),
      hint: expect.stringContaining('network'),
    });
    expect(h.emitted.at(-1)).toMatchObject({ event: 'llm:error', payload: { code: 'LLM_CONNECTION', attempts: 2 } });
  });

  it('a stream that ends cleanly before the message does is retried, and the consumer sees the restart', async () => {
    const reply = 'the whole answer, after a stream that closed early';
    const h = await start({}, { reply, chunkChars: 4, faults: { sequence: ['truncate', 'ok'] } });
    const stream = h.llm.stream(ask('q'));
    const events: string[] = [];
    for await (const event of stream) events.push(event.type);
    const result = await stream.result;
    expect(result.attempts).toBe(2);
    expect(events).toContain('restart');
    expect(textOf(result.message.content)).toBe(reply);
  });

  it('a 5xx with no name of its own is a server error once the retries are spent', async () => {
    const h = await start({ retry: { maxAttempts: 2 } }, { faults: { sequence: [502, 502, 'ok'] } });
    await expect(h.llm.create(ask('q'))).rejects.toMatchObject({ code: 'LLM_SERVER_ERROR', message: expect.stringContaining('Claude API 502 after 2 attempts') });
    expect(messageCalls(h)).toHaveLength(2);
  });

  it('a 4xx with no name of its own is not retried, and quotes the API', async () => {
    const h = await start({}, { reply: { error: { status: 422, message: 'max_tokens: must be positive' } } });
    await expect(h.llm.create(ask('q'))).rejects.toMatchObject({ code: 'LLM_API_ERROR', message: 'Claude API 422: max_tokens: must be positive' });
    expect(messageCalls(h)).toHaveLength(1);
  });

  it('an API message that quotes the key has the key replaced, in the error and in the events', async () => {
    const key = 'sk-ant-api03-ECHOEDechoedECHOED0123456789';
    // The fake's reply echoes the key it was sent, as a misbehaving proxy might.
    const h = await start({}, { apiKey: key, reply: { error: { status: 400, message: `key ${key} is not valid here` } } }, { key });
    const error = (await h.llm.create(ask('q')).catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('LLM_BAD_REQUEST');
    expect(error.message).toBe('Claude API 400: key [api key] is not valid here');
    expect(JSON.stringify(h.emitted)).not.toContain(key);
    expect(JSON.stringify(h.emitted)).toContain('key [api key] is not valid here');
  });
});

describe('keys', () => {
  it('without a key: not available, NO_API_KEY before any request, local token estimate', async () => {
    const h = await start({}, {}, { key: null });
    expect(h.llm.available).toBe(false);
    await expect(h.llm.create(ask('q'))).rejects.toMatchObject({ code: 'NO_API_KEY', hint: expect.stringContaining('ANTHROPIC_API_KEY') });
    await expect(h.llm.countTokens(ask('hello there'))).resolves.toEqual({ inputTokens: expect.any(Number), estimated: true });
    await expect(h.llm.batches.submit([{ customId: 'a', request: ask('q') }])).rejects.toMatchObject({ code: 'NO_API_KEY' });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('a rejected key is reported without the key in the error or the events', async () => {
    const key = 'sk-ant-api03-WRONGKEYwrongkeyWRONGKEY0123456789';
    const h = await start({}, {}, { key });
    const error = await h.llm.create(ask('q')).then(
      () => Promise.reject(new Error('expected a rejection')),
      (e: unknown) => e as Error & { code: string; hint: string },
    );
    expect(error.code).toBe('LLM_AUTH_FAILED');
    expect(`${error.message} ${error.hint} ${error.stack}`).not.toContain(key);
    expect(JSON.stringify(h.emitted)).not.toContain(key);
    expect(JSON.stringify(h.fake.requests)).not.toContain(key);
  });

  it('counts tokens with the API when a key is set', async () => {
    const h = await start();
    const count = await h.llm.countTokens(ask('count these words please'));
    expect(count.estimated).toBe(false);
    expect(count.inputTokens).toBeGreaterThan(0);
    expect(h.fake.requests.at(-1)!.path).toBe('/v1/messages/count_tokens');
  });
});

describe('budgets', () => {
  it('refuses a call that could exceed the command budget before sending anything', async () => {
    const h = await start({ budget: { perCommandUsd: 0.0001 }, maxTokens: 4096 });
    await expect(h.llm.create(ask('q'))).rejects.toMatchObject({ code: 'LLM_BUDGET_EXCEEDED', message: expect.stringMatching(/only \$0\.0001 is left of the \$0\.0001 command budget/) });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('stops a run once what was spent leaves too little', async () => {
    // Each reply is ~250 output tokens ($0.00125 on haiku); each call's worst case is 400 output tokens ($0.002).
    const h = await start({ budget: { perCommandUsd: 0.004 }, maxTokens: 400, model: 'claude-haiku-4-5' }, { reply: 'x '.repeat(500) });
    let done = 0;
    let refused: { code?: string } | undefined;
    for (let index = 0; index < 20 && !refused; index++) {
      await h.llm.create(ask(`question ${index}`)).then(() => (done += 1), (error: { code?: string }) => (refused = error));
    }
    expect(refused?.code).toBe('LLM_BUDGET_EXCEEDED');
    expect(done).toBe(2);
    expect(h.llm.spentUsd()).toBeLessThanOrEqual(0.004);
    expect(messageCalls(h)).toHaveLength(2);
  });
});

describe('prompt caching', () => {
  it('writes the stable prefix once, then reads it, and prices both', async () => {
    const h = await start({ model: 'claude-sonnet-4-6' });
    const shared = 'You review TypeScript. '.repeat(200);
    const request = (question: string) => cacheStablePrefix({ system: shared, messages: [{ role: 'user', content: question }] });
    const first = await h.llm.create(request('first question'));
    const second = await h.llm.create(request('second question'));
    expect(first.usage.cacheWrite).toBeGreaterThan(0);
    expect(first.usage.cacheRead).toBe(0);
    expect(second.usage.cacheRead).toBe(first.usage.cacheWrite);
    expect(second.usage.cacheWrite).toBe(0);
    expect(second.costUsd).toBeLessThan(first.costUsd);
  });
});

describe('limits', () => {
  it('never has more calls in flight than llm.limits.concurrency', async () => {
    const h = await start({ limits: { concurrency: 2 } }, { faults: { holdUntilInFlight: 2 } });
    await Promise.all(Array.from({ length: 6 }, (_, n) => h.llm.create(ask(`q${n}`))));
    expect(messageCalls(h)).toHaveLength(6);
    expect(h.fake.peakInFlight).toBe(2);
  });
});

describe('pipeline stages for plugins', () => {
  it('runs a policy step before anything leaves, and keeps built-in stages to itself', async () => {
    const h = await start();
    h.llm.use('policy', 'redact', async (call, next) => {
      call.request = { ...call.request, messages: [{ role: 'user', content: String(call.request.messages[0]!.content).replace(/hunter2/g, '[REDACTED]') }] };
      return next();
    });
    await h.llm.create(ask('my password is hunter2'));
    expect(JSON.stringify(h.fake.requests)).not.toContain('hunter2');
    expect(JSON.stringify(messageCalls(h)[0]!.body)).toContain('[REDACTED]');
    expect(() => h.llm.use('budget', 'sneaky', async (_, next) => next())).toThrowError(expect.objectContaining({ code: 'LLM_STAGE_RESERVED' }));
    expect(h.llm.pipeline()).toEqual(['policy:redact', 'budget:budget', 'observe:events', 'retry:retry', 'limit:rate-limit']);
  });
});
