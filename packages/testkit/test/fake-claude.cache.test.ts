import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../src/index.js';
import { MODEL, rejection, useFakeClaude } from './fake-claude.helpers.js';

const start = useFakeClaude();

const handbook = 'The handbook. '.repeat(200); // 2800 characters: 700 tokens
const system = [{ type: 'text' as const, text: handbook, cache_control: { type: 'ephemeral' as const } }];
const ask = (question: string, extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}) => ({
  model: MODEL,
  max_tokens: 100,
  system,
  messages: [{ role: 'user' as const, content: question }],
  ...extra,
});

describe('fake Claude: prompt caching', () => {
  it('writes the prefix up to a breakpoint the first time, reads it after', async () => {
    const { client } = await start();
    const first = await client.messages.create(ask('First question?'));
    expect(first.usage.cache_creation_input_tokens).toBe(estimateTokens(handbook));
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(first.usage.input_tokens).toBe(estimateTokens('First question?'));
    expect(first.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: estimateTokens(handbook), ephemeral_1h_input_tokens: 0 });

    const second = await client.messages.create(ask('A different, second question?'));
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(estimateTokens(handbook));
    expect(second.usage.input_tokens).toBe(estimateTokens('A different, second question?'));
  });

  it('reports the same figures when streaming, in message_start and message_delta', async () => {
    const { client } = await start();
    await client.messages.create(ask('warm the cache'));
    const stream = client.messages.stream(ask('streamed question'));
    const starts: Anthropic.Usage[] = [];
    const deltas: Anthropic.MessageDeltaUsage[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'message_start') starts.push(event.message.usage);
      if (event.type === 'message_delta') deltas.push(event.usage);
    });
    const message = await stream.finalMessage();
    expect(starts[0]!.cache_read_input_tokens).toBe(estimateTokens(handbook));
    expect(deltas[0]!.cache_read_input_tokens).toBe(estimateTokens(handbook));
    expect(message.usage.cache_read_input_tokens).toBe(estimateTokens(handbook));
    expect(message.usage.input_tokens).toBe(estimateTokens('streamed question'));
  });

  it('records the usage it reported with each request, streamed or not, so a test can price what was billed', async () => {
    const { fake, client } = await start();
    const plain = await client.messages.create(ask('plain question'));
    const streamed = await client.messages.stream(ask('streamed question')).finalMessage();
    const recorded = fake.requests.map((request) => request.usage);
    expect(recorded).toHaveLength(2);
    for (const [usage, message] of [[recorded[0], plain], [recorded[1], streamed]] as const) {
      expect(usage).toMatchObject({
        input_tokens: message.usage.input_tokens,
        output_tokens: message.usage.output_tokens,
        cache_creation_input_tokens: message.usage.cache_creation_input_tokens,
        cache_read_input_tokens: message.usage.cache_read_input_tokens,
      });
    }
    expect(recorded[1]!.cache_read_input_tokens).toBe(estimateTokens(handbook));
  });

  it('misses when the prefix changes, the model changes, or after reset()', async () => {
    const { fake, client } = await start();
    await client.messages.create(ask('q'));
    const changed = await client.messages.create(
      ask('q', { system: [{ type: 'text', text: handbook + 'Addendum.', cache_control: { type: 'ephemeral' } }] }),
    );
    expect(changed.usage.cache_read_input_tokens).toBe(0);
    expect(changed.usage.cache_creation_input_tokens).toBe(estimateTokens(handbook + 'Addendum.'));
    const otherModel = await client.messages.create(ask('q', { model: 'claude-opus-4-8' }));
    expect(otherModel.usage.cache_read_input_tokens).toBe(0);
    fake.reset();
    const afterReset = await client.messages.create(ask('q'));
    expect(afterReset.usage.cache_read_input_tokens).toBe(0);
    expect(afterReset.usage.cache_creation_input_tokens).toBe(estimateTokens(handbook));
  });

  it('reads the longest cached prefix and writes the rest up to the last breakpoint', async () => {
    const { client } = await start();
    await client.messages.create(ask('q'));
    const history = 'Earlier turns. '.repeat(40);
    const longer = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      system,
      messages: [
        { role: 'user', content: [{ type: 'text', text: history, cache_control: { type: 'ephemeral', ttl: '1h' } }] },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'next' },
      ],
    });
    expect(longer.usage.cache_read_input_tokens).toBe(estimateTokens(handbook));
    expect(longer.usage.cache_creation_input_tokens).toBe(estimateTokens(history));
    expect(longer.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: estimateTokens(history) });
    expect(longer.usage.input_tokens).toBe(estimateTokens('ok') + estimateTokens('next'));
  });

  it('caches up to the last block with top-level cache_control', async () => {
    const { client } = await start();
    const params = { model: MODEL, max_tokens: 50, cache_control: { type: 'ephemeral' as const }, messages: [{ role: 'user' as const, content: handbook }] };
    expect((await client.messages.create(params)).usage.cache_creation_input_tokens).toBe(estimateTokens(handbook));
    expect((await client.messages.create(params)).usage.cache_read_input_tokens).toBe(estimateTokens(handbook));
  });

  it('ignores breakpoints below minCacheTokens, like the per-model minimum', async () => {
    const { client } = await start({ minCacheTokens: 1024 });
    const usage = (await client.messages.create(ask('q'))).usage;
    expect(usage.cache_creation_input_tokens).toBe(0);
    expect(usage.input_tokens).toBe(estimateTokens(handbook) + estimateTokens('q'));
  });

  it('refuses more than 4 breakpoints', async () => {
    const { client } = await start();
    const block = (text: string) => ({ type: 'text' as const, text, cache_control: { type: 'ephemeral' as const } });
    const error = await rejection(
      client.messages.create({ model: MODEL, max_tokens: 10, system: [block('a'), block('b'), block('c'), block('d'), block('e')], messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as APIError).apiMessage).toMatch(/maximum of 4 blocks with cache_control/);
  });
});
