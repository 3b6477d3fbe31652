import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { Stream } from '@anthropic-ai/sdk/streaming';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { estimateTokens } from '../src/index.js';
import { MODEL, rejection, useFakeClaude } from './fake-claude.helpers.js';

const start = useFakeClaude();

/** zod's reading of a plain JSON schema, to check generated values against it. */
const zodOf = (schema: object) => z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: {
    type: 'object' as const,
    properties: {
      city: { type: 'string', minLength: 2 },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      days: { type: 'integer', minimum: 1, maximum: 7 },
      note: { type: 'string' },
    },
    required: ['city', 'unit', 'days'],
  },
};

describe('fake Claude: POST /v1/messages', () => {
  it('answers a plain create with a deterministic echo and usage that follows the text', async () => {
    const { client } = await start();
    const message = await client.messages.create({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Name three primes.' }] });
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.id).toMatch(/^msg_01[1-9A-HJ-NP-Za-km-z]{22}$/);
    expect(message.model).toBe(MODEL);
    expect(message.content).toEqual([{ type: 'text', text: 'Echo: Name three primes.', citations: null }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBe(estimateTokens('Name three primes.'));
    expect(message.usage.output_tokens).toBe(estimateTokens('Echo: Name three primes.'));
    expect(message._request_id).toMatch(/^req_01/);
  });

  it('answers with the scripted text, given the request body', async () => {
    const { fake, client } = await start();
    fake.reply((request) => `you asked ${request.model} for ${request.max_tokens} tokens`);
    const message = await client.messages.create({ model: MODEL, max_tokens: 99, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: `you asked ${MODEL} for 99 tokens` });
  });

  it('walks a list of replies, then falls back to the default', async () => {
    const { fake, client } = await start();
    fake.reply(['first', { text: 'second' }]);
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const message = await client.messages.create({ model: MODEL, max_tokens: 50, messages: [{ role: 'user', content: `n${i}` }] });
      texts.push((message.content[0] as Anthropic.TextBlock).text);
    }
    expect(texts).toEqual(['first', 'second', 'Echo: n2']);
  });

  it('stops at a stop sequence and at max_tokens as the model would', async () => {
    const { fake, client } = await start({ reply: 'alpha beta STOP gamma' });
    const stopped = await client.messages.create({ model: MODEL, max_tokens: 100, stop_sequences: ['STOP'], messages: [{ role: 'user', content: 'x' }] });
    expect(stopped.stop_reason).toBe('stop_sequence');
    expect(stopped.stop_sequence).toBe('STOP');
    expect((stopped.content[0] as Anthropic.TextBlock).text).toBe('alpha beta ');

    fake.reply('x'.repeat(100));
    const cut = await client.messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    expect(cut.stop_reason).toBe('max_tokens');
    expect((cut.content[0] as Anthropic.TextBlock).text).toBe('x'.repeat(20));
    expect(cut.usage.output_tokens).toBe(5);
  });

  it('streams the real event sequence, and the SDK assembles the scripted reply', async () => {
    const reply = 'Streaming works, one small delta after another.';
    const { client } = await start({ reply, chunkChars: 7 });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 200, messages: [{ role: 'user', content: 'stream please' }] });
    const events: string[] = [];
    const deltas: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    stream.on('text', (delta) => deltas.push(delta));
    const message = await stream.finalMessage();
    expect((message.content[0] as Anthropic.TextBlock).text).toBe(reply);
    expect(deltas.join('')).toBe(reply);
    expect(deltas.length).toBe(Math.ceil(reply.length / 7));
    expect(events[0]).toBe('message_start');
    expect(events[1]).toBe('content_block_start');
    expect(events.slice(2, -3).every((type) => type === 'content_block_delta')).toBe(true);
    expect(events.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(estimateTokens(reply));
    expect(message.usage.input_tokens).toBe(estimateTokens('stream please'));
  });

  it('sends SSE with a ping after the first block start, as the API does', async () => {
    const { client } = await start({ reply: 'hi' });
    const response = await client.messages.create({ model: MODEL, max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] }).asResponse();
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('request-id')).toMatch(/^req_01/);
    const names: Array<string | null> = [];
    for await (const event of Stream.rawEvents(response)) names.push(event.event);
    expect(names).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('streams a tool call as input_json_delta fragments that parse to the scripted input', async () => {
    const input = { city: 'Paris', unit: 'celsius', days: 3, note: 'bring an "umbrella" ☂' };
    const { client } = await start({ reply: { text: 'Let me check.', toolUse: { name: 'get_weather', input } }, chunkChars: 5 });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 300, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    const fragments: string[] = [];
    stream.on('inputJson', (partial) => fragments.push(partial));
    const message = await stream.finalMessage();
    expect(fragments.length).toBeGreaterThan(3);
    expect(fragments.join('')).toBe(JSON.stringify(input));
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toHaveLength(2);
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Let me check.' });
    const call = message.content[1] as Anthropic.ToolUseBlock;
    expect(call.type).toBe('tool_use');
    expect(call.name).toBe('get_weather');
    expect(call.id).toMatch(/^toolu_01/);
    expect(call.input).toEqual(input);
  });

  it('answers a forced tool call with an input valid against the tool schema', async () => {
    const { client } = await start();
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 300,
      tools: [weatherTool],
      tool_choice: { type: 'tool', name: 'get_weather' },
      messages: [{ role: 'user', content: 'Weather?' }],
    });
    expect(message.stop_reason).toBe('tool_use');
    const call = message.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(call.name).toBe('get_weather');
    const schema = zodOf(weatherTool.input_schema);
    expect(schema.safeParse(call.input).success).toBe(true);
    expect(call.input).toEqual({ city: 'xx', unit: 'celsius', days: 1 });
  });

  it('sends a scripted invalid tool input as it is, so callers can exercise repair', async () => {
    const { fake, client } = await start();
    fake.reply((request) => (request.tool_choice?.type === 'tool' ? { toolUse: { name: 'get_weather', input: { city: 42 } } } : undefined));
    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 300,
      tools: [weatherTool],
      tool_choice: { type: 'tool', name: 'get_weather' },
      messages: [{ role: 'user', content: 'Weather?' }],
    });
    const call = (await stream.finalMessage()).content[0] as Anthropic.ToolUseBlock;
    expect(call.input).toEqual({ city: 42 });
    expect(zodOf(weatherTool.input_schema).safeParse(call.input).success).toBe(false);
  });

  it('answers a json_schema output format with valid JSON text', async () => {
    const { client } = await start();
    const schema = { type: 'object', properties: { answer: { type: 'number', minimum: 3 }, why: { type: 'string' } }, required: ['answer', 'why'], additionalProperties: false };
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      output_config: { format: { type: 'json_schema', schema } },
      messages: [{ role: 'user', content: '2+2?' }],
    });
    const text = (message.content[0] as Anthropic.TextBlock).text;
    expect(zodOf(schema).parse(JSON.parse(text))).toEqual({ answer: 3, why: '' });
  });

  it('logs every request with its parsed body and the key redacted', async () => {
    const { fake, client } = await start();
    await client.messages.create({ model: MODEL, max_tokens: 10, system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }] });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({ seq: 0, method: 'POST', path: '/v1/messages', status: 200 });
    expect(request!.body).toEqual({ model: MODEL, max_tokens: 10, system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }] });
    expect(request!.headers['anthropic-version']).toBeTruthy();
    expect(request!.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(fake.requests)).not.toContain(fake.apiKey);
  });
});

describe('fake Claude: request validation', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['model', { max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, /^model: Field required/],
    ['max_tokens', { model: MODEL, messages: [{ role: 'user', content: 'x' }] }, /^max_tokens: Field required/],
    ['messages', { model: MODEL, max_tokens: 10 }, /^messages: Field required/],
    ['empty messages', { model: MODEL, max_tokens: 10, messages: [] }, /at least one message/],
    ['a bad role', { model: MODEL, max_tokens: 10, messages: [{ role: 'robot', content: 'x' }] }, /role/],
    ['an unknown top-level field', { model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'x' }], max_token: 5 }, /^max_token: Extra inputs are not permitted$/],
    ['max_tokens over the model limit', { model: MODEL, max_tokens: 10_000_000, messages: [{ role: 'user', content: 'x' }] }, /maximum allowed number of output tokens/],
  ];
  for (const [what, body, message] of cases) {
    it(`answers 400 invalid_request_error for ${what}`, async () => {
      const { client } = await start();
      const error = await rejection(client.post('/v1/messages', { body }));
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      const apiError = error as InstanceType<typeof Anthropic.BadRequestError>;
      expect(apiError.status).toBe(400);
      expect(apiError.type).toBe('invalid_request_error');
      expect(apiError.apiMessage).toMatch(message);
      expect(apiError.requestID).toMatch(/^req_01/);
      expect(apiError.error).toMatchObject({ type: 'error', request_id: apiError.requestID });
    });
  }

  it('answers 404 not_found_error for an unknown model, and accepts an alias', async () => {
    const { client } = await start();
    const error = await rejection(client.messages.create({ model: 'claude-nonexistent-9', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }));
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as APIError).type).toBe('not_found_error');
    expect((error as APIError).apiMessage).toBe('model: claude-nonexistent-9');
    const aliased = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    expect(aliased.model).toBe('claude-haiku-4-5-20251001');
  });

  it('rejects a forced tool that is not among the tools', async () => {
    const { client } = await start();
    const error = await rejection(
      client.messages.create({ model: MODEL, max_tokens: 10, tools: [weatherTool], tool_choice: { type: 'tool', name: 'nope' }, messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  });
});

describe('fake Claude: POST /v1/messages/count_tokens', () => {
  it('counts the same estimate a create reports as input', async () => {
    const { client } = await start();
    const params = {
      model: MODEL,
      system: 'You are terse.',
      tools: [weatherTool],
      messages: [
        { role: 'user' as const, content: 'What is the weather like in Lisbon this week?' },
        { role: 'assistant' as const, content: [{ type: 'text' as const, text: 'Checking.' }] },
        { role: 'user' as const, content: 'Thanks' },
      ],
    };
    const count = await client.messages.countTokens(params);
    const created = await client.messages.create({ ...params, max_tokens: 50 });
    expect(count.input_tokens).toBeGreaterThan(20);
    expect(count.input_tokens).toBe(created.usage.input_tokens);
    const shorter = await client.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: 'Thanks' }] });
    expect(shorter.input_tokens).toBe(estimateTokens('Thanks'));
  });

  it('refuses max_tokens, as the real endpoint does (extra inputs are not permitted)', async () => {
    const { client } = await start();
    const error = await rejection(client.post('/v1/messages/count_tokens', { body: { model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] } }));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as APIError).apiMessage).toBe('max_tokens: Extra inputs are not permitted');
  });

  it('needs no max_tokens but does need messages', async () => {
    const { client } = await start();
    const error = await rejection(client.post('/v1/messages/count_tokens', { body: { model: MODEL } }));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as APIError).apiMessage).toMatch(/^messages: Field required/);
  });
});
