import { afterEach, describe, expect, it } from 'vitest';
import { ask, llmAgainstFake, type Harness } from './support/harness.js';

let harness: Harness | undefined;
const start = async (...args: Parameters<typeof llmAgainstFake>) => (harness = (await llmAgainstFake(...args)) as Harness);
afterEach(async () => {
  await harness?.fake.close();
  harness = undefined;
});

const on = (path: string) => (request: { path: string }) => request.path === path;
const statuses = (h: Harness, path: string) => h.fake.requests.filter(on(path)).map((request) => request.status);

describe('every request kind goes through the retry policy', () => {
  it('count_tokens retries 529 and 429 and returns the API count', async () => {
    const h = await start({}, { faults: { match: on('/v1/messages/count_tokens'), sequence: [529, 429, 'ok'], retryAfterSeconds: 0 } });
    const count = await h.llm.countTokens(ask('count these words please'));
    expect(count.estimated).toBe(false);
    expect(count.inputTokens).toBeGreaterThan(0);
    expect(statuses(h, '/v1/messages/count_tokens')).toEqual([529, 429, 200]);
  });

  it('count_tokens gives up after maxAttempts with the attempts in the message', async () => {
    const h = await start({ retry: { maxAttempts: 2 } }, { faults: { match: on('/v1/messages/count_tokens'), rate: 1 } });
    await expect(h.llm.countTokens(ask('q'))).rejects.toMatchObject({ code: 'LLM_OVERLOADED', message: expect.stringContaining('after 2 attempts') });
    expect(statuses(h, '/v1/messages/count_tokens')).toEqual([529, 529]);
  });

  it('batch creation and polling retry 529s; one batch is created', async () => {
    const h = await start({}, { faults: { match: (request) => request.path.startsWith('/v1/messages/batches'), sequence: [529, 'ok', 529, 'ok'] }, batchPollsUntilEnded: 0 });
    const record = await h.llm.batches.submit([{ customId: 'a', request: ask('q') }], { label: 'x' });
    const ended = await h.llm.batches.wait(record.id);
    expect(ended.status).toBe('ended');
    const creates = h.fake.requests.filter((request) => request.method === 'POST' && request.path === '/v1/messages/batches');
    expect(creates.map((request) => request.status)).toEqual([529, 200]);
    expect(h.fake.requests.filter((request) => request.method === 'GET' && request.path === `/v1/messages/batches/${record.id}`).map((request) => request.status)).toEqual([529, 200]);
  });
});

describe('a batch create whose answer was lost is not paid twice', () => {
  const creates = (h: Harness) => h.fake.requests.filter((request) => request.method === 'POST' && request.path === '/v1/messages/batches');

  it('after a create that made the batch but never answered, the retry takes that batch instead of making a second', async () => {
    const h = await start({ retry: { idleTimeoutMs: 150 } }, { faults: { match: on('/v1/messages/batches'), sequence: ['lost'] }, batchPollsUntilEnded: 0 });
    const record = await h.llm.batches.submit([{ customId: 'a', request: ask('q') }, { customId: 'b', request: ask('r') }]);
    expect(creates(h)).toHaveLength(1);
    const listed = h.fake.requests.filter((request) => request.method === 'GET' && request.path === '/v1/messages/batches');
    expect(listed.map((request) => request.status)).toEqual([200]);
    expect(record.requests).toBe(2);
    const outcomes = [];
    await h.llm.batches.wait(record.id);
    for await (const outcome of h.llm.batches.results(record.id)) outcomes.push(outcome.customId);
    expect(outcomes.sort()).toEqual(['a', 'b']);
  });

  it('a create that hung before reaching the API is sent again once nothing was made', async () => {
    const h = await start({ retry: { idleTimeoutMs: 150 } }, { faults: { match: on('/v1/messages/batches'), sequence: ['hang', 'ok'] }, batchPollsUntilEnded: 0 });
    const record = await h.llm.batches.submit([{ customId: 'a', request: ask('q') }]);
    expect(creates(h).map((request) => request.status)).toEqual([undefined, 200]);
    expect(record.id).toMatch(/^msgbatch_/);
  });

  it('a batch of another size made since is not taken for ours', async () => {
    const h = await start({ retry: { idleTimeoutMs: 150 } }, { faults: { match: (request) => request.method === 'POST' && request.seq > 0, sequence: ['hang'] }, batchPollsUntilEnded: 0 });
    // Another client's one-request batch, made within the clock-skew window of ours.
    const other = await h.llm.batches.submit([{ customId: 'x', request: ask('other') }]);
    const record = await h.llm.batches.submit([{ customId: 'a', request: ask('q') }, { customId: 'b', request: ask('r') }]);
    expect(record.id).not.toBe(other.id);
    expect(record.requests).toBe(2);
    expect(creates(h).map((request) => request.status)).toEqual([200, undefined, 200]);
  });
});

describe('a hung attempt is abandoned after llm.retry.idleTimeoutMs and retried', () => {
  it('a message whose first attempt never answers succeeds on the second', async () => {
    const h = await start({ retry: { idleTimeoutMs: 150 } }, { reply: 'second time lucky', faults: { sequence: ['hang', 'ok'] } });
    const result = await h.llm.create(ask('q'));
    expect(result.attempts).toBe(2);
    expect(result.message.content).toEqual([expect.objectContaining({ text: 'second time lucky' })]);
  });

  it('a stream that stalls between events is abandoned too; the consumer sees a restart', async () => {
    // 400 ms between events against a 150 ms idle clock: the first attempt stalls after its
    // first event; the second is served at full speed.
    const h = await start({ retry: { idleTimeoutMs: 150 } }, { reply: 'streamed', faults: { match: (request) => request.seq === 0, eventDelayMs: 400 } });
    const events: string[] = [];
    const stream = h.llm.stream(ask('q'));
    for await (const event of stream) events.push(event.type);
    expect(events).toContain('restart');
    expect((await stream.result).attempts).toBe(2);
  });

  it('count_tokens hung on its first attempt is retried', async () => {
    const h = await start({ retry: { idleTimeoutMs: 150 } }, { faults: { match: on('/v1/messages/count_tokens'), sequence: ['hang', 'ok'] } });
    await expect(h.llm.countTokens(ask('q'))).resolves.toMatchObject({ estimated: false });
    expect(h.fake.requests.filter(on('/v1/messages/count_tokens'))).toHaveLength(2);
  });

  it('when every attempt hangs it fails with LLM_IDLE_TIMEOUT after maxAttempts, well before the deadline', async () => {
    const h = await start({ retry: { idleTimeoutMs: 100, maxAttempts: 3 } }, { faults: { hang: true } });
    await expect(h.llm.create(ask('q'))).rejects.toMatchObject({ code: 'LLM_IDLE_TIMEOUT', hint: expect.stringContaining('idleTimeoutMs') });
    expect(h.fake.requests).toHaveLength(3);
  });

  it('Ctrl-C during a hung attempt is a cancellation, not a timeout', async () => {
    const controller = new AbortController();
    const h = await start({ retry: { idleTimeoutMs: 10_000 } }, { faults: { hang: true } }, { signal: controller.signal });
    const pending = h.llm.create(ask('q'));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(h.fake.requests).toHaveLength(1);
  });
});
