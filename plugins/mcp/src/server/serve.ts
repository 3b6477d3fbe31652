import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Config } from '@oclif/core';
import pLimit from 'p-limit';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { LoomError, type Kernel } from '@loomkit/kernel';
import { createInProcessRunner } from '@loomkit/kernel/command';
import { catalogOf } from '../catalog/index.js';
import { readLatestMega } from '../mega-latest.js';
import { tableInputs } from '../table/inputs.js';
import type { EarlyServer } from './handoff.js';
import { createHandlers, createMcpServer, type ServerDeps } from './index.js';
import { createProtector } from './protect.js';
import { serveOnStdio, withoutTerminal } from './stdio.js';

/** Commands running at once; Claude calls among them are further held by the llm limiter. */
const MAX_RUNNING = 8;

export interface ServeOptions {
  kernel: Kernel;
  config: Config;
  /** Serve streamable HTTP on 127.0.0.1 at this port (0: any free port) instead of stdio. */
  http?: number | undefined;
  /** Ends the server. */
  signal: AbortSignal;
  /** A line for the user, on stderr: stdout is the protocol's. */
  log(line: string): void;
  /** The server the early entry started on stdio before the kernel booted: it gets this kernel's handlers. */
  early?: EarlyServer | undefined;
}

/** Boots nothing new: every tool call runs on `kernel`, in this process, until the client goes or `signal` aborts. */
export async function serve(options: ServeOptions): Promise<void> {
  const { kernel, config } = options;
  const runner = createInProcessRunner(config, kernel);
  // Calls run side by side, but a client firing a hundred at once must not hold a hundred
  // repositories in memory: beyond MAX_RUNNING commands, calls wait their turn in order.
  const limit = pLimit(MAX_RUNNING);
  const deps: ServerDeps = {
    name: 'loom',
    version: config.version,
    tools: catalogOf(kernel, config),
    run: (command, argv, signal) =>
      limit(() => (signal.aborted ? { exitCode: 130, error: { code: 'CANCELLED', message: `${command} was cancelled before it started` } } : runner.run(command, argv, signal))),
    protector: createProtector(kernel),
    has: (command) => config.findCommand(command.replaceAll(' ', ':')) !== undefined,
    latestMega: () => readLatestMega(kernel.paths),
  };
  withoutTerminal();
  try {
    if (options.early) await options.early.attach(createHandlers(deps), tableInputs(config, kernel.paths), options.signal);
    else if (options.http === undefined) await (await serveOnStdio(createMcpServer(deps), { signal: options.signal })).closed;
    else await serveHttp(deps, options.http, options);
  } finally {
    runner.close();
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Streamable HTTP with one session per client, on 127.0.0.1 only; a `Host` not naming loopback is refused (DNS rebinding). */
async function serveHttp(deps: ServerDeps, port: number, options: Pick<ServeOptions, 'signal' | 'log'>): Promise<void> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) reply(response, 500, (error as Error).message);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    if (!LOOPBACK_HOSTS.has(host)) return reply(response, 403, `host ${host} is not served`);
    if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname !== '/mcp') return reply(response, 404, 'the MCP endpoint is /mcp');
    const id = request.headers['mcp-session-id'];
    const known = typeof id === 'string' ? sessions.get(id) : undefined;
    if (known) return known.handleRequest(request, response);
    if (id !== undefined) return reply(response, 404, 'unknown session: initialize again');
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (session) => void sessions.set(session, transport),
    });
    transport.onclose = () => void (transport.sessionId && sessions.delete(transport.sessionId));
    await createMcpServer(deps).connect(transport);
    await transport.handleRequest(request, response);
    // Anything but an initialize request without a session was refused by the transport.
    if (!transport.sessionId) await transport.close();
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) =>
      reject(new LoomError('MCP_HTTP_LISTEN', `cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}`, { hint: 'pick another port with --http PORT (0 picks a free one)' })),
    );
    http.listen(port, '127.0.0.1', resolve);
  });
  const address = http.address();
  options.log(`loom mcp: streamable HTTP on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/mcp`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    options.signal.addEventListener('abort', stop, { once: true });
    process.once('SIGTERM', stop);
  });
  await Promise.all([...sessions.values()].map((transport) => transport.close()));
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
}

function reply(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}
