import { request as httpRequest } from 'node:http';
import Anthropic, { APIError, RateLimitError, AuthenticationError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { startFakeClaude } from '../src/index.js';
import { MODEL, rejection, useFakeClaude } from './fake-claude.helpers.js';

const start = useFakeClaude();
const ask = { model: MODEL, max_tokens: 50, messages: [{ role: 'user' as const, content: 'hello' }] };

describe('fake Claude: error statuses as the SDK sees them', () => {
  const cases: Array<[number, new (...args: never[]) => APIError, string]> = [
    [400, Anthropic.BadRequestError, 'invalid_request_error'],
    [401, Anthropic.AuthenticationError, 'authentication_error'],
    [404, Anthropic.NotFoundError, 'not_found_error'],
    [429, Anthropic.RateLimitError, 'rate_limit_error'],
    [500, Anthropic.InternalServerError, 'api_error'],
    [529, Anthropic.OverloadedError, 'overloaded_error'],
  ];
  for (const [status, ErrorClass, type] of cases) {
    it(`a scripted ${status} surfaces as ${ErrorClass.name} with type ${type}`, async () => {
      const { fake, client } = await start();
      fake.reply({ error: { status } });
      const error = await rejection(client.messages.create(ask));
      expect(error).toBeInstanceOf(ErrorClass);
      const apiError = error as APIError;
      expect(apiError.status).toBe(status);
      expect(apiError.type).toBe(type);
      expect(apiError.error).toEqual({ type: 'error', error: { type, message: expect.any(String) }, request_id: apiError.requestID });
      expect(apiError.requestID).toBe(fake.requests[0]!.requestId);
      expect(fake.requests[0]!.status).toBe(status);
    });
  }

  it('sends retry-after on 429 (scripted or by fault), and the SDK exposes it', async () => {
    const { fake, client } = await start();
    fake.reply({ error: { status: 429, retryAfterSeconds: 7, message: 'slow down' } });
    const scripted = (await rejection(client.messages.create(ask))) as RateLimitError;
    expect(scripted.headers.get('retry-after')).toBe('7');
    expect(scripted.apiMessage).toBe('slow down');

    fake.reply(undefined);
    fake.faults({ sequence: [429] });
    const faulted = (await rejection(client.messages.create(ask))) as RateLimitError;
    expect(faulted).toBeInstanceOf(Anthropic.RateLimitError);
    expect(faulted.headers.get('retry-after')).toBe('1');
  });

  it('answers 401 without a key, with a wrong key, and accepts the key as x-api-key', async () => {
    const { fake, client } = await start();
    const keyless = new Anthropic({ apiKey: null, authToken: null, baseURL: fake.url, maxRetries: 0, defaultHeaders: { Authorization: null } });
    const missing = (await rejection(keyless.messages.create(ask))) as AuthenticationError;
    expect(missing).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(missing.status).toBe(401);
    expect(missing.type).toBe('authentication_error');
    expect(missing.apiMessage).toBe('x-api-key header is required');

    const wrong = new Anthropic({ apiKey: 'sk-ant-wrong', baseURL: fake.url, maxRetries: 0 });
    const invalid = (await rejection(wrong.models.list())) as AuthenticationError;
    expect(invalid).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(invalid.apiMessage).toBe('invalid x-api-key');

    const viaHeader = new Anthropic({ apiKey: null, authToken: null, baseURL: fake.url, maxRetries: 0, defaultHeaders: { Authorization: null, 'x-api-key': fake.apiKey } });
    await expect(viaHeader.messages.create(ask)).resolves.toMatchObject({ type: 'message' });
    expect(fake.requests.at(-1)!.headers['x-api-key']).toBe('[redacted]');
    await expect(client.messages.create(ask)).resolves.toMatchObject({ type: 'message' });
  });
});

describe('fake Claude: fault injection', () => {
  it('answers a status sequence in order, which the SDK retries through', async () => {
    const { fake } = await start();
    fake.faults({ sequence: [429, 529, 200], retryAfterSeconds: 0.01 });
    const retrying = new Anthropic({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 2 });
    const message = await retrying.messages.create(ask);
    expect(message.content[0]).toMatchObject({ text: 'Echo: hello' });
    expect(fake.requests.map((r) => r.status)).toEqual([429, 529, 200]);
    expect(fake.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2']);
  });

  it('fails a seeded, repeatable fraction of requests by rate', async () => {
    const outcomes = async (seed: number) => {
      const { fake, client } = await start({ faults: { rate: 0.5, statuses: [500, 529], seed } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const result = await client.messages.create(ask).then(
          () => 200,
          (error: APIError) => error.status ?? 0,
        );
        statuses.push(result);
      }
      expect(fake.requests.map((r) => r.status)).toEqual(statuses);
      return statuses;
    };
    const first = await outcomes(42);
    expect(await outcomes(42)).toEqual(first);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(2);
    expect(first.filter((s) => s !== 200).length).toBeGreaterThan(2);
    expect(new Set(first.filter((s) => s !== 200))).toEqual(new Set([500, 529]));
    expect(await outcomes(7)).not.toEqual(first);
  });

  it('touches only the requests `match` picks', async () => {
    const { client } = await start({ faults: { match: (r) => r.path === '/v1/models', sequence: [500] } });
    await expect(client.messages.create(ask)).resolves.toBeTruthy();
    await expect(client.models.list()).rejects.toBeInstanceOf(Anthropic.InternalServerError);
  });

  it('cuts a stream mid-message, and the SDK reports an error instead of a short message', async () => {
    const { fake, client } = await start({ reply: 'a long enough reply to need several deltas', chunkChars: 4 });
    fake.faults({ cutAfterEvents: 4 });
    const stream = client.messages.stream(ask);
    const events: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    const error = await rejection(stream.finalMessage());
    expect(error).toBeInstanceOf(Anthropic.AnthropicError);
    expect(String(error)).toMatch(/terminated/);
    expect(events.length).toBeLessThanOrEqual(4);
    expect(events).not.toContain('message_stop');
    expect(events[0]).toBe('message_start');
  });

  it("a 'cut' step on a plain request drops the connection (APIConnectionError)", async () => {
    const { fake, client } = await start({ faults: { sequence: ['cut'] } });
    const error = await rejection(client.messages.create(ask));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(fake.requests[0]!.status).toBeUndefined();
    await expect(client.messages.create(ask)).resolves.toBeTruthy();
  });

  it("a 'truncate' step ends a stream cleanly mid-message, which the SDK reports as an error with no status", async () => {
    const { client } = await start({ reply: 'a long enough reply to need several deltas', chunkChars: 4, faults: { sequence: ['truncate'] } });
    const stream = client.messages.stream(ask);
    const events: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    const error = await rejection(stream.finalMessage());
    expect(error).toBeInstanceOf(Anthropic.AnthropicError);
    expect(error).not.toBeInstanceOf(Anthropic.APIError);
    expect(String(error)).toMatch(/stream ended/);
    expect(events[0]).toBe('message_start');
    expect(events.length).toBeLessThanOrEqual(3);
    expect(events).not.toContain('message_stop');
    // The sequence is used up: the next stream is whole.
    expect((await client.messages.stream(ask).finalMessage()).stop_reason).toBe('end_turn');
  });

  it('sends an SSE error event mid-stream, which the SDK throws as an APIError', async () => {
    const { client } = await start({ reply: 'some text that streams', faults: { streamErrorAfterEvents: 3 } });
    const error = (await rejection(client.messages.stream(ask).finalMessage())) as APIError;
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error.type).toBe('overloaded_error');
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('a hung request runs into the SDK timeout', async () => {
    const { fake, client } = await start({ faults: { hang: true } }, { timeout: 300 });
    const error = await rejection(client.messages.create(ask));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    expect(fake.requests).toHaveLength(1);
    await expect.poll(() => fake.inFlight, { timeout: 5000 }).toBe(0);
  });

  it('a hung stream gives way to an AbortSignal', async () => {
    const { fake, client } = await start({ faults: { sequence: ['hang'] } });
    const controller = new AbortController();
    const pending = rejection(client.messages.create({ ...ask, stream: true }, { signal: controller.signal }));
    await expect.poll(() => fake.inFlight, { timeout: 5000 }).toBe(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(Anthropic.APIUserAbortError);
    await expect.poll(() => fake.inFlight, { timeout: 5000 }).toBe(0);
    // The sequence moved on: the next request is served.
    await expect(client.messages.create(ask)).resolves.toBeTruthy();
  });

  it('close() ends hung connections too', async () => {
    const fake = await startFakeClaude({ faults: { hang: true } });
    const url = new URL('/v1/models', fake.url);
    const outcome = new Promise<string>((resolve) => {
      const req = httpRequest(url, { headers: { 'x-api-key': fake.apiKey, 'anthropic-version': '2023-06-01' } }, (res) => resolve(`answered ${res.statusCode}`));
      req.on('error', (error) => resolve(`error ${error.message}`));
      req.end();
    });
    await expect.poll(() => fake.inFlight, { timeout: 5000 }).toBe(1);
    await fake.close();
    expect(await outcome).toMatch(/^error socket hang up/);
  });

  it('counts the peak of concurrent requests, holding them until the expected number are in flight', async () => {
    const { fake, client } = await start({ faults: { holdUntilInFlight: 6 } });
    await Promise.all(Array.from({ length: 6 }, () => client.messages.create(ask)));
    expect(fake.peakInFlight).toBe(6);
    expect(fake.inFlight).toBe(0);
    fake.faults(undefined);
    await client.messages.create(ask);
    expect(fake.peakInFlight).toBe(6);
    fake.reset();
    expect(fake.peakInFlight).toBe(0);
    expect(fake.requests).toHaveLength(0);
    fake.faults({ holdUntilInFlight: 2 });
    await Promise.all(Array.from({ length: 2 }, () => client.messages.create(ask)));
    expect(fake.peakInFlight).toBe(2);
  });

  it('holds only the requests the spec matches; others go straight through meanwhile', async () => {
    const { fake, client } = await start({ faults: { holdUntilInFlight: 3, holdQuietMs: 60_000, match: (request) => request.path === '/v1/messages' } });
    const answered: number[] = [];
    const first = [1, 2].map((n) => client.messages.create(ask).then(() => answered.push(n)));
    await expect.poll(() => fake.inFlight).toBe(2);
    // count_tokens is not matched: answered while the two messages wait (and counted in flight).
    await client.messages.countTokens({ model: MODEL, messages: ask.messages });
    expect(answered).toEqual([]);
    await Promise.all([...first, client.messages.create(ask).then(() => answered.push(3))]);
    expect(answered.sort()).toEqual([1, 2, 3]);
    expect(fake.peakInFlight).toBe(3);
  });

  it('lets a held request go after the quiet time when no other arrives, and stamps arrivals', async () => {
    const { fake, client } = await start({ faults: { holdUntilInFlight: 3, holdQuietMs: 300 } });
    const before = performance.now();
    await client.messages.create(ask);
    const waited = performance.now() - before;
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(fake.requests[0]!.receivedAt).toBeGreaterThanOrEqual(before);
    expect(fake.requests[0]!.receivedAt).toBeLessThanOrEqual(before + waited);
    expect(fake.peakInFlight).toBe(1);
  });

  it('paces stream events, so a stream can be aborted halfway', async () => {
    const { fake, client } = await start({ reply: 'one two three four five six', chunkChars: 4, faults: { eventDelayMs: 50 } });
    const stream = client.messages.stream(ask);
    const texts: string[] = [];
    stream.on('text', (delta) => {
      texts.push(delta);
      if (texts.length === 2) stream.abort();
    });
    expect(await rejection(stream.finalMessage())).toBeInstanceOf(Anthropic.APIUserAbortError);
    // 7 deltas were due; the abort stopped the stream after the second (one more may have been buffered).
    expect(texts.length).toBeGreaterThanOrEqual(2);
    expect(texts.length).toBeLessThan(7);
    await expect.poll(() => fake.inFlight, { timeout: 5000 }).toBe(0);
  });
});
