import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LoomError } from '@loomkit/kernel';
import { SOURCES, type Filters, type SourceFilter } from '../query/index.js';
import { parseWhen } from '../query/when.js';
import type { MetricsService } from '../service.js';
import type { ScanProgress } from '../types.js';
import { dashboardData } from './data.js';
import { CLIENT_SCRIPT, PAGE } from './page.js';
import { replaceFileSync } from '../store/replace-file.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface DashboardOptions {
  service: MetricsService;
  /** Only a loopback address: the page shows what you spent and where you worked. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** How often to look for new calls (ms). */
  pollMs?: number;
  now?: () => number;
}

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

/** Throws unless `host` is a loopback address; the dashboard is never served to a network. */
export function assertLoopback(host: string): void {
  if (!LOOPBACK.has(host)) {
    throw new LoomError('METRICS_DASHBOARD_NOT_LOOPBACK', `the dashboard only listens on 127.0.0.1, not ${host}`, {
      hint: 'open it on this machine, or forward the port yourself (ssh -L 8080:127.0.0.1:<port> …) if you must see it elsewhere',
    });
  }
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  assertLoopback(host);
  const now = options.now ?? Date.now;
  const chartJs = readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'));
  const clients = new Set<Client>();

  const query = (url: URL): { source: SourceFilter; filters: Filters } => {
    const source = (SOURCES as readonly string[]).includes(url.searchParams.get('source') ?? '') ? (url.searchParams.get('source') as SourceFilter) : 'all';
    const text = (name: string) => url.searchParams.get(name) || undefined;
    const since = text('since');
    const until = text('until');
    return {
      source,
      filters: { since: since === undefined ? undefined : parseWhen(since, now(), 'since'), until: until === undefined ? undefined : parseWhen(until, now(), 'until'), project: text('project'), model: text('model') },
    };
  };
  const snapshot = new Snapshot(join(options.service.cacheDir, 'dashboard.json'));
  const json = (source: SourceFilter, filters: Filters) => JSON.stringify(dashboardData(options.service, source, filters, now()), (key, value) => (key === 'generatedAt' ? undefined : value));
  const fresh = (client: Client) => {
    if (!clients.has(client)) return;
    client.last = json(client.source, client.filters);
    client.res.write(`data: ${client.last}\n\n`);
    if (isUsualView(client.source, client.filters)) snapshot.write(client.last);
  };
  const reading = new FirstRead(options.service, (event) => {
    for (const client of clients) client.res.write(event);
  }, () => {
    for (const client of clients) setImmediate(() => fresh(client));
  });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // A page on another site can reach 127.0.0.1 through DNS rebinding; it cannot forge the Host header.
    const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (!LOOPBACK.has(hostHeader)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (url.pathname === '/') send(res, 'text/html; charset=utf-8', PAGE);
      else if (url.pathname === '/app.js') send(res, 'text/javascript; charset=utf-8', CLIENT_SCRIPT);
      else if (url.pathname === '/chart.js') send(res, 'text/javascript; charset=utf-8', chartJs);
      else if (url.pathname === '/api/data') {
        const { source, filters } = query(url);
        if (reading.ready) send(res, 'application/json', json(source, filters));
        else {
          reading.start();
          res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end(JSON.stringify({ error: 'still reading the history', reading: reading.progress() }));
        }
      } else if (url.pathname === '/api/session') {
        const turns = options.service.turns(url.searchParams.get('key') ?? '');
        if (turns) send(res, 'application/json', JSON.stringify(turns));
        else res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'no such session' }));
      } else if (url.pathname === '/events') {
        const { source, filters } = query(url);
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        const client: Client = { res, source, filters, last: '' };
        // The last view drawn is painted at once, marked as such; the fresh one follows when computed.
        const saved = isUsualView(source, filters) ? snapshot.read() : undefined;
        clients.add(client);
        req.on('close', () => clients.delete(client));
        const snapshotEvent = saved ? `event: snapshot\ndata: ${saved}\n\n` : '';
        if (!reading.ready) {
          // Still reading (a cold start over a long history): the page shows how far; the totals come when it is done.
          res.write(`${snapshotEvent}${reading.event()}`);
          reading.start();
        }
        // Totalling blocks this thread for a while: it starts only once what is ready is out of the door.
        else if (saved) res.write(snapshotEvent, () => setImmediate(() => fresh(client)));
        else setImmediate(() => fresh(client));
      } else res.writeHead(404).end('not found');
    } catch (error) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    }
  });

  // New calls show up as the call log growing; Claude Code's folders are re-listed only every 10th tick.
  const logState = () => {
    const stat = statSync(options.service.callLog.file, { throwIfNoEntry: false });
    return stat ? `${stat.size}:${stat.mtimeMs}` : '';
  };
  let lastLog = logState();
  let ticks = 0;
  const timer = setInterval(() => {
    if (clients.size === 0 || !reading.ready) return;
    const fingerprint = logState();
    const logChanged = fingerprint !== lastLog;
    const relist = ++ticks % 10 === 0;
    if (!logChanged && !relist) return;
    lastLog = fingerprint;
    for (const client of clients) {
      if (!logChanged && client.source === 'loom') continue;
      const next = json(client.source, client.filters);
      if (next === client.last) continue;
      client.last = next;
      client.res.write(`data: ${next}\n\n`);
      if (isUsualView(client.source, client.filters)) snapshot.write(next);
    }
  }, options.pollMs ?? 500);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        reading.stop();
        for (const client of clients) client.res.end();
        server.close(() => resolve());
      }),
  };
}

interface Client {
  res: ServerResponse;
  source: SourceFilter;
  filters: Filters;
  last: string;
}

// Resolved against the package root, so sources run by vitest start the built worker too.
const SCAN_WORKER = new URL('../../dist/dashboard/scan-worker.js', import.meta.url);

/**
 * The dashboard's first scan when a source has no saved scan state yet, on a worker thread,
 * started by the first page: it reads a whole history (seconds for a GB of transcripts or a
 * year of calls), and the server must answer meanwhile. Progress goes to every page as `progress` events; when it
 * is done, the server's own scan starts from the caches it filled. A worker that fails or
 * cannot start leaves the scan to this thread, as before: slower, never wrong.
 */
class FirstRead {
  /** With saved scan states the first scan reads only what is new: this thread does it, as every later one. */
  ready: boolean;
  private worker: Worker | undefined;
  private readonly sources = new Map<string, ScanProgress>();

  constructor(
    private readonly service: MetricsService,
    private readonly broadcast: (event: string) => void,
    private readonly done: () => void,
  ) {
    this.ready = service.cached();
  }

  start(): void {
    if (this.ready || this.worker) return;
    const finish = () => {
      if (this.ready) return;
      this.ready = true;
      void this.worker?.terminate();
      this.done();
    };
    try {
      this.worker = new Worker(SCAN_WORKER, { execArgv: [], workerData: this.service.options });
    } catch {
      finish();
      return;
    }
    this.worker.on('message', (message: { progress?: ScanProgress }) => {
      if (!message.progress) return finish();
      this.sources.set(message.progress.source, message.progress);
      this.broadcast(this.event());
    });
    this.worker.once('error', finish);
    this.worker.once('exit', finish);
  }

  progress(): ScanProgress[] {
    return [...this.sources.values()];
  }

  event(): string {
    return `event: progress\ndata: ${JSON.stringify({ reading: this.progress() })}\n\n`;
  }

  stop(): void {
    this.ready = true;
    void this.worker?.terminate();
  }
}

/** The page as it opens: every source, no filter. Only that view is kept for the next start. */
const isUsualView = (source: SourceFilter, filters: Filters) => source === 'all' && Object.values(filters).every((value) => value === undefined);

/**
 * The usual view's data as last sent, on disk: a year of calls takes seconds to total after
 * a start, a few hundred KB of JSON takes milliseconds to send. It is only ever shown as
 * `snapshot` until the fresh totals replace it.
 */
class Snapshot {
  private last: string | undefined;
  constructor(private readonly file: string) {}

  read(): string | undefined {
    try {
      return (this.last ??= readFileSync(this.file, 'utf8'));
    } catch {
      return undefined;
    }
  }

  write(data: string): void {
    if (data === this.last) return;
    this.last = data;
    try {
      replaceFileSync(this.file, data);
    } catch {
      // only a slower first paint next time
    }
  }
}

function send(res: ServerResponse, type: string, body: string | Buffer): void {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'" });
  res.end(body);
}
