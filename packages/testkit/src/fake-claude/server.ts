import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { BatchStore, type BatchResult } from './batches.js';
import { errorBody, FakeApiError, notFound } from './errors.js';
import { InFlightGate } from './gate.js';
import { FaultPlan, NO_FAULT, type FaultDecision } from './faults.js';
import { idMaker, type IdKind } from './ids.js';
import { ModelCatalog } from './models.js';
import { complete, scriptedReply } from './replies.js';
import { encodeEvent, messageObject, streamEvents } from './sse.js';
import type {
  FakeClaude,
  FakeClaudeOptions,
  FakeFaultSpec,
  FakeMessagesRequest,
  FakeRecordedRequest,
  FakeReplyContext,
  FakeReplyScript,
} from './types.js';
import { countInputTokens, PromptCache } from './usage.js';
import { validateMessagesRequest } from './validate.js';

/** The real API refuses bodies over 32 MB. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const REDACTED = '[redacted]';

class Aborted extends Error {}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Aborted()));
  });
}

function parseBody(raw: Buffer): { ok: true; value: unknown } | { ok: false; text: string } {
  if (raw.length === 0) return { ok: true, value: undefined };
  const text = raw.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, text };
  }
}

class FakeClaudeServer implements FakeClaude {
  readonly apiKey: string;
  readonly requests: FakeRecordedRequest[] = [];
  url = '';
  inFlight = 0;
  peakInFlight = 0;

  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly shutdown = new AbortController();
  private readonly catalog: ModelCatalog;
  private readonly cache: PromptCache;
  private readonly batches: BatchStore;
  /** Responses whose request was served but whose answer is never sent (`'lost'`). */
  private readonly lostAnswers = new WeakSet<ServerResponse>();
  private readonly chunkChars: number;
  private newId: (kind: IdKind) => string;
  private script: FakeReplyScript | undefined;
  private plan: FaultPlan | undefined;
  private gate: InFlightGate | undefined;
  private scriptIndex = 0;
  private seq = 0;

  constructor(private readonly options: FakeClaudeOptions) {
    this.apiKey = options.apiKey ?? `sk-ant-fake-${randomBytes(12).toString('hex')}`;
    this.catalog = new ModelCatalog(options.models);
    this.cache = new PromptCache(options.minCacheTokens ?? 0);
    this.batches = new BatchStore(() => this.url, Math.max(0, options.batchPollsUntilEnded ?? 1));
    this.chunkChars = Math.max(1, options.chunkChars ?? 12);
    this.newId = idMaker(options.seed ?? 1);
    this.script = options.reply;
    this.faults(options.faults);
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  reply(script: FakeReplyScript | undefined): void {
    this.script = script;
    this.scriptIndex = 0;
  }

  faults(spec: FakeFaultSpec | undefined): void {
    this.gate?.releaseAll();
    this.plan = spec ? new FaultPlan(spec) : undefined;
    this.gate = spec?.holdUntilInFlight === undefined ? undefined : new InFlightGate(spec.holdUntilInFlight, spec.holdQuietMs ?? 3000, () => this.inFlight);
  }

  reset(): void {
    this.requests.length = 0;
    this.peakInFlight = this.inFlight;
    this.cache.clear();
    this.batches.clear();
    this.newId = idMaker(this.options.seed ?? 1);
    this.seq = 0;
    this.reply(this.options.reply);
    this.faults(this.options.faults);
  }

  async close(): Promise<void> {
    this.shutdown.abort();
    this.gate?.releaseAll();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  // ---------------------------------------------------------------- the request cycle

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    res.once('close', () => this.inFlight--);
    const requestId = this.newId('req');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: FakeRecordedRequest = {
      seq: this.seq++,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: {},
      headers: {},
      body: undefined,
      requestId,
      receivedAt: performance.now(),
    };
    for (const [name, value] of url.searchParams) record.query[name] = name in record.query ? `${record.query[name]},${value}` : value;
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      record.headers[name] = name === 'x-api-key' || name === 'authorization' ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
    }
    this.requests.push(record);
    try {
      const raw = await readBody(req);
      const parsed = raw === 'too_large' ? undefined : parseBody(raw);
      record.body = parsed === undefined ? undefined : parsed.ok ? parsed.value : parsed.text;
      const fault = this.plan?.decide(record) ?? NO_FAULT;
      if (fault.hold) await this.gate?.hold();
      await sleep(fault.latencyMs, this.shutdown.signal);
      if (fault.hang || this.gone(res)) return; // left open: the client's abort or close() ends it
      if (fault.answerLost) this.lostAnswers.add(res);
      this.authenticate(req);
      if (raw === 'too_large') throw new FakeApiError(413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.');
      if (!req.headers['anthropic-version']) throw new FakeApiError(400, 'invalid_request_error', 'anthropic-version: header is required');
      if (fault.status !== undefined) {
        const body = errorBody(fault.status, requestId);
        throw new FakeApiError(fault.status, body.error.type, body.error.message, fault.retryAfterSeconds);
      }
      if (parsed && !parsed.ok) throw new FakeApiError(400, 'invalid_request_error', 'There was an issue with the JSON body of your request: it is not valid JSON');
      await this.route(record, res, fault);
    } catch (error) {
      if (error instanceof Aborted || this.gone(res)) return;
      const apiError =
        error instanceof FakeApiError ? error : new FakeApiError(500, 'api_error', `fake-claude: ${error instanceof Error ? error.message : String(error)}`);
      this.sendError(record, res, apiError);
    }
  }

  private gone(res: ServerResponse): boolean {
    return this.shutdown.signal.aborted || res.destroyed || res.writableEnded;
  }

  private authenticate(req: IncomingMessage): void {
    const key = req.headers['x-api-key'];
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (key === undefined && bearer === undefined) throw new FakeApiError(401, 'authentication_error', 'x-api-key header is required');
    if (key !== this.apiKey && bearer !== this.apiKey) throw new FakeApiError(401, 'authentication_error', 'invalid x-api-key');
  }

  private async route(record: FakeRecordedRequest, res: ServerResponse, fault: FaultDecision): Promise<void> {
    const { method, path, body, query } = record;
    const batch = /^\/v1\/messages\/batches\/([^/]+)(\/results|\/cancel)?$/.exec(path);
    const model = /^\/v1\/models\/([^/]+)$/.exec(path);
    if (fault.cutBeforeAnswer && !(path === '/v1/messages' && (body as { stream?: unknown })?.stream === true)) {
      res.socket?.destroy();
      return;
    }
    if (method === 'POST' && path === '/v1/messages') return this.messages(record, res, fault);
    if (method === 'POST' && path === '/v1/messages/count_tokens') {
      const request = validateMessagesRequest(body, this.catalog, 'count_tokens', this.isBeta(record));
      this.cache.usage(this.catalog.resolve(request.model).id, request, false); // checks the breakpoints
      return this.sendJson(record, res, 200, { input_tokens: countInputTokens(request) });
    }
    if (method === 'POST' && path === '/v1/messages/batches') {
      const id = this.newId('msgbatch');
      return this.sendJson(record, res, 200, await this.batches.create(body, id, (params, batchId, customId) => this.batchItem(params, batchId, customId)));
    }
    if (method === 'GET' && path === '/v1/messages/batches') return this.sendJson(record, res, 200, this.batches.list(query));
    if (batch) {
      const id = decodeURIComponent(batch[1]!);
      if (method === 'GET' && batch[2] === undefined) return this.sendJson(record, res, 200, this.batches.retrieve(id));
      if (method === 'DELETE' && batch[2] === undefined) return this.sendJson(record, res, 200, this.batches.delete(id));
      if (method === 'POST' && batch[2] === '/cancel') return this.sendJson(record, res, 200, this.batches.cancel(id));
      if (method === 'GET' && batch[2] === '/results') {
        const jsonl = this.batches.results(id);
        return this.send(record, res, 200, { 'content-type': 'application/binary' }, jsonl);
      }
    }
    if (method === 'GET' && path === '/v1/models') return this.sendJson(record, res, 200, this.catalog.list(query));
    if (method === 'GET' && model) return this.sendJson(record, res, 200, this.catalog.retrieve(decodeURIComponent(model[1]!)));
    throw notFound('Not found');
  }

  // ---------------------------------------------------------------- Messages

  /** A beta request (an `anthropic-beta` header, or `?beta=true`) may use fields this fake does not list. */
  private isBeta(record: FakeRecordedRequest): boolean {
    return record.query.beta === 'true' || record.headers['anthropic-beta'] !== undefined;
  }

  private async runScript(request: FakeMessagesRequest, context: Omit<FakeReplyContext, 'index'>) {
    const index = this.scriptIndex++;
    try {
      return await scriptedReply(this.script, request, { index, ...context });
    } catch (error) {
      throw new FakeApiError(500, 'api_error', `fake-claude: the reply script threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Everything a Messages request is answered with, or the FakeApiError it fails with. */
  private async answer(body: unknown, context: Omit<FakeReplyContext, 'index'>, beta = false) {
    const request = validateMessagesRequest(body, this.catalog, 'create', beta);
    const model = this.catalog.resolve(request.model).id;
    this.cache.usage(model, request, false); // a request with too many breakpoints fails before the script runs
    const reply = await this.runScript(request, context);
    const completion = complete(reply, request, () => this.newId('toolu'));
    const input = this.cache.usage(model, request, true);
    return { request, parts: { id: this.newId('msg'), model, completion, input, serviceTier: context.batch ? ('batch' as const) : ('standard' as const) } };
  }

  private async messages(record: FakeRecordedRequest, res: ServerResponse, fault: FaultDecision): Promise<void> {
    const stream = (record.body as { stream?: unknown } | undefined)?.stream === true;
    const { parts } = await this.answer(record.body, { stream }, this.isBeta(record));
    const message = messageObject(parts);
    record.usage = message.usage;
    if (!stream) return this.sendJson(record, res, 200, message);
    record.status = 200;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'request-id': record.requestId,
    });
    res.flushHeaders();
    const events = streamEvents(parts, this.chunkChars);
    for (let i = 0; i < events.length; i++) {
      if (this.gone(res)) return;
      if (fault.cutAfterEvents !== undefined && i >= fault.cutAfterEvents) {
        res.socket?.destroy();
        return;
      }
      if (fault.endAfterEvents !== undefined && i >= fault.endAfterEvents) break;
      if (fault.streamError && i >= fault.streamError.afterEvents) {
        const error = errorBody(fault.streamError.type === 'overloaded_error' ? 529 : 500, record.requestId, fault.streamError.type);
        res.end(encodeEvent({ event: 'error', data: error }));
        return;
      }
      await new Promise<void>((resolve) => res.write(encodeEvent(events[i]!), () => resolve()));
      if (fault.eventDelayMs > 0 && i < events.length - 1) await sleep(fault.eventDelayMs, this.shutdown.signal);
    }
    if (!this.gone(res)) res.end();
  }

  private async batchItem(params: unknown, batchId: string, customId: string): Promise<BatchResult> {
    try {
      const { parts } = await this.answer(params, { stream: false, batch: { id: batchId, customId } });
      return { type: 'succeeded', message: messageObject(parts) };
    } catch (error) {
      const apiError = error instanceof FakeApiError ? error : new FakeApiError(500, 'api_error', String(error));
      return { type: 'errored', error: errorBody(apiError.status, null, apiError.type, apiError.message) };
    }
  }

  // ---------------------------------------------------------------- responses

  private send(record: FakeRecordedRequest, res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
    if (this.gone(res) || this.lostAnswers.has(res)) return;
    record.status = status;
    res.writeHead(status, { ...headers, 'request-id': record.requestId, 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  }

  private sendJson(record: FakeRecordedRequest, res: ServerResponse, status: number, body: unknown): void {
    this.send(record, res, status, { 'content-type': 'application/json' }, JSON.stringify(body));
  }

  private sendError(record: FakeRecordedRequest, res: ServerResponse, error: FakeApiError): void {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const retryAfter = error.retryAfterSeconds ?? (error.status === 429 ? 1 : undefined);
    if (retryAfter !== undefined && (error.status === 429 || error.status === 529)) headers['retry-after'] = String(retryAfter);
    this.send(record, res, error.status, headers, JSON.stringify(errorBody(error.status, record.requestId, error.type, error.message)));
  }
}

/**
 * Starts a loopback fake of the Anthropic API on 127.0.0.1 (a random port) that the real
 * `@anthropic-ai/sdk` cannot tell from the real one for the calls Loom makes: Messages
 * (plain and streaming), count_tokens, Message Batches and Models, with the real error
 * shapes, usage figures that follow the request (prompt caching included), scripted
 * replies and injectable faults. See the package README for the full contract.
 */
export async function startFakeClaude(options: FakeClaudeOptions = {}): Promise<FakeClaude> {
  const fake = new FakeClaudeServer(options);
  await fake.listen();
  return fake;
}
