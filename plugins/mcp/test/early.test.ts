/**
 * The early entry's two parts that run before the SDK: which requests the cached table
 * answers (and how), and the reader that splits stdin between those answers and the SDK.
 */
import { PassThrough, type Readable } from 'node:stream';
import { InitializeRequestSchema, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { earlyAnswers, negotiated } from '../src/early/answers.js';
import { readEarly } from '../src/early/reader.js';
import type { ListedTool } from '../src/server/register.js';

const TOOLS: ListedTool[] = [{ name: 'hello', title: 'Greet', description: 'Greet someone.', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } }];
const RESULT = { protocolVersion: '2025-11-25', capabilities: { tools: { listChanged: true } }, serverInfo: { name: 'loom', version: '0.1.0' }, instructions: 'Use loom.' };
const TABLE = { initialize: { versions: ['2025-11-25', '2025-06-18', '2024-11-05'], latest: '2025-11-25', result: RESULT }, tools: TOOLS };
const CLIENT = { name: 'test', version: '1.0.0' };

const line = (message: object) => JSON.stringify(message);
const initialize = (params: Record<string, unknown> = {}, id: unknown = 1) => line({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: CLIENT, ...params } });
const listTools = (id: unknown = 2, extra: object = {}) => line({ jsonrpc: '2.0', id, method: 'tools/list', ...extra });
const INITIALIZED = line({ jsonrpc: '2.0', method: 'notifications/initialized' });

describe('the answers a cached table gives', () => {
  it('answers initialize with the stored result, the version negotiated as the SDK does, in the SDK\'s response shape', () => {
    const { take, answered } = earlyAnswers(TABLE);
    const taken = take(initialize({ protocolVersion: '2024-11-05' }, 'a'));
    expect(taken?.reply).toBe(`{"result":{"protocolVersion":"2024-11-05","capabilities":{"tools":{"listChanged":true}},"serverInfo":{"name":"loom","version":"0.1.0"},"instructions":"Use loom."},"jsonrpc":"2.0","id":"a"}\n`);
    // The SDK sees it too (it keeps the client's capabilities), and its own response is the duplicate.
    expect(taken?.forward).toBe(true);
    expect([...answered]).toEqual(['a']);
    expect(JSON.parse(take(initialize({ protocolVersion: '1999-01-01' }, 7))!.reply!).result.protocolVersion).toBe('2025-11-25');
  });

  it('negotiates like the SDK: the client\'s version when supported, else the latest', () => {
    expect(negotiated(TABLE.initialize, '2025-06-18')).toBe('2025-06-18');
    expect(negotiated(TABLE.initialize, '2025-03-26')).toBe('2025-11-25');
  });

  it('answers tools/list with the table\'s tools, not forwarded, and says the client has its list', () => {
    const { take } = earlyAnswers(TABLE);
    expect(take(listTools(2))).toEqual({ reply: `${line({ result: { tools: TOOLS }, jsonrpc: '2.0', id: 2 })}\n`, forward: false, listed: true });
    expect(take(listTools(3, { params: { cursor: 'x' } }))?.listed).toBe(true);
  });

  it('forwards notifications without answering them', () => {
    expect(earlyAnswers(TABLE).take(INITIALIZED)).toEqual({ forward: true });
  });

  it.each([
    ['not JSON', '{"jsonrpc":"2.0","id":1,'],
    ['another method', line({ jsonrpc: '2.0', id: 1, method: 'ping' })],
    ['a tool call', line({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'hello' } })],
    ['a response', line({ jsonrpc: '2.0', id: 1, result: {} })],
    ['a wrong jsonrpc', line({ jsonrpc: '1.0', id: 1, method: 'tools/list' })],
    ['an extra top-level key (the SDK\'s schema is strict)', line({ jsonrpc: '2.0', id: 1, method: 'tools/list', extra: true })],
    ['a fractional id', listTools(1.5)],
    ['an id beyond safe integers', listTools(2 ** 60)],
    ['a null id', listTools(null)],
    ['tools/list with _meta', listTools(1, { params: { _meta: { progressToken: 1 } } })],
    ['tools/list with a numeric cursor', listTools(1, { params: { cursor: 3 } })],
    ['initialize without clientInfo', line({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {} } })],
    ['initialize with a numeric version', initialize({ protocolVersion: 20250618 })],
    ['initialize with client icons', initialize({ clientInfo: { ...CLIENT, icons: [] } })],
    ['initialize with _meta', initialize({ _meta: {} })],
    ['initialize with roots.listChanged not a boolean', initialize({ capabilities: { roots: { listChanged: 'yes' } } })],
    ['initialize with a scalar sampling capability', initialize({ capabilities: { sampling: { context: true } } })],
    ['initialize with an elicitation form that is no object', initialize({ capabilities: { elicitation: { form: 1 } } })],
  ])('leaves to the SDK %s', (_name, text) => {
    expect(earlyAnswers(TABLE).take(text)).toBeUndefined();
  });

  it('answers only initialize requests the SDK\'s own schema accepts', () => {
    // Every initialize answered here is one the SDK parses too: the capabilities real clients send.
    for (const capabilities of [{}, { roots: { listChanged: true } }, { elicitation: {} }, { sampling: {}, elicitation: { form: { applyDefaults: true }, url: {} } }, { experimental: { x: {} } }, { vendor: 5 }]) {
      const text = initialize({ capabilities });
      expect(earlyAnswers(TABLE).take(text)?.reply, JSON.stringify(capabilities)).toBeDefined();
      expect(JSONRPCMessageSchema.safeParse(JSON.parse(text)).success).toBe(true);
      expect(InitializeRequestSchema.safeParse(JSON.parse(text)).success).toBe(true);
    }
  });

  it('does not answer an id twice (the SDK\'s duplicate is dropped by id)', () => {
    const { take } = earlyAnswers(TABLE);
    expect(take(initialize({}, 1))).toBeDefined();
    expect(take(initialize({}, 1))).toBeUndefined();
  });
});

/** Everything a stream gives until it ends. */
async function drain(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

describe('the early reader', () => {
  function start() {
    const input = new PassThrough();
    const replies: string[] = [];
    const answers = earlyAnswers(TABLE);
    const reader = readEarly(input, answers.take, (reply) => replies.push(reply));
    return { input, replies, reader };
  }
  const ids = (replies: string[]) => replies.map((reply) => (JSON.parse(reply) as { id: unknown }).id);

  it('answers lines split across chunks and CRLF endings, and hands the SDK the rest untouched', async () => {
    const { input, replies, reader } = start();
    const text = `${initialize()}\r\n${INITIALIZED}\n${listTools(2)}\n`;
    for (const piece of [text.slice(0, 10), text.slice(10, 200), text.slice(200)]) input.write(piece);
    await reader.needed;
    expect(ids(replies)).toEqual([1, 2]);
    const handed = reader.handOff();
    input.end('{"jsonrpc":"2.0","id":3,"method":"ping"}\n');
    // initialize (the SDK must know the client) and the notification, byte for byte; not tools/list.
    expect(await drain(handed)).toBe(`${initialize()}\r\n${INITIALIZED}\n{"jsonrpc":"2.0","id":3,"method":"ping"}\n`);
  });

  it('answers nothing after a line it leaves to the SDK, so responses stay in order', async () => {
    const { input, replies, reader } = start();
    const ping = line({ jsonrpc: '2.0', id: 2, method: 'ping' });
    input.write(`${initialize()}\n${ping}\n${listTools(3)}\n{"partial":`);
    await reader.needed;
    input.write(` true}\n${listTools(4)}\n`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ids(replies)).toEqual([1]);
    const handed = reader.handOff();
    input.end();
    expect(await drain(handed)).toBe(`${initialize()}\n${ping}\n${listTools(3)}\n{"partial": true}\n${listTools(4)}\n`);
  });

  it('stops reading its input once the SDK\'s transport lets go of the stream (the server closed)', async () => {
    const { input, reader } = start();
    input.write(`${initialize()}\n`);
    const handed = reader.handOff();
    const listener = () => undefined;
    handed.on('data', listener);
    await new Promise((resolve) => setImmediate(resolve));
    expect(input.isPaused()).toBe(false);
    // What StdioServerTransport.close() does.
    handed.off('data', listener);
    handed.pause();
    expect(input.listenerCount('data')).toBe(0);
    expect(input.isPaused()).toBe(true);
  });

  it('hands over a line still incomplete, and an input that already ended', async () => {
    const { input, replies, reader } = start();
    input.end(`${initialize()}\n{"jsonrpc":"2.0","id":2,"meth`);
    await reader.needed;
    expect(ids(replies)).toEqual([1]);
    expect(await drain(reader.handOff())).toBe(`${initialize()}\n{"jsonrpc":"2.0","id":2,"meth`);
  });

  it('leaves a line too long for an early answer to the SDK without waiting for its end', async () => {
    const { input, replies, reader } = start();
    const long = 'x'.repeat(1.5 * 1024 * 1024);
    input.write(long);
    await reader.needed;
    expect(replies).toEqual([]);
    const handed = reader.handOff();
    input.end(`\n${listTools(2)}\n`);
    expect(await drain(handed)).toBe(`${long}\n${listTools(2)}\n`);
  });
});
