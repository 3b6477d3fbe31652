import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createCliRunner } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_RECORD_VERSION, type CallRecord } from '../src/schema.js';
import { CallLog } from '../src/store/call-log.js';
import { cli as bin, tempDir } from './support.js';

const home = tempDir('loom-otlp-');
const env = { HOME: join(home.dir, 'home'), LOOM_DATA_DIR: join(home.dir, 'data'), LOOM_CONFIG_DIR: join(home.dir, 'config'), LOOM_CACHE_DIR: join(home.dir, 'cache'), ANTHROPIC_API_KEY: '' };
const cli = createCliRunner(bin);
interface Attr { key: string; value: { stringValue: string } }
interface HistogramPoint { attributes: Attr[]; count: string; sum: number; bucketCounts: string[] }
interface Metric { name: string; unit: string; histogram: { dataPoints: HistogramPoint[] } }
interface OtlpBody { resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: Metric[] }> }> }
const received: Array<{ path: string; type: string; body: OtlpBody }> = [];
let collector: Server;
let url: string;

beforeAll(async () => {
  // A stand-in for an OpenTelemetry collector's OTLP/HTTP receiver, on loopback.
  collector = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: JSON.parse(body) as OtlpBody });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => collector.close(resolve));
  home.remove();
});

const record = (n: number, model: string, error: string | null = null): CallRecord => ({
  v: CALL_RECORD_VERSION, id: `r${n}`, t: Date.UTC(2026, 10, 3, 10, n), command: 'query mega', session: null, project: '/p', model,
  input: 10 * n, output: 100 + n, cacheWrite: n === 1 ? 500 : 0, cacheRead: 2000, costUsd: 0.01 * n, savedUsd: 0, latencyMs: 1500, retries: 0, error,
});

const point = (metric: Metric, type: string, model: string, cache?: string) =>
  metric.histogram.dataPoints.find((p) => {
    const a = Object.fromEntries(p.attributes.map((x) => [x.key, x.value.stringValue]));
    return a['gen_ai.token.type'] === type && a['gen_ai.request.model'] === model && a['gen_ai.token.cache'] === cache;
  });

describe('loom metrics export --otlp', () => {
  it('sends GenAI token usage to the collector, and only new calls the next time', async () => {
    const log = new CallLog(env.LOOM_DATA_DIR);
    for (const r of [record(1, 'claude-haiku-4-5'), record(2, 'claude-haiku-4-5'), record(3, 'claude-sonnet-4-6'), record(4, 'claude-sonnet-4-6', 'HTTP_529')]) log.append(r);
    const first = await cli(['metrics', 'export', '--otlp', url, '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.json()).toMatchObject({ calls: 4 });
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe('/v1/metrics');
    expect(received[0]!.type).toBe('application/json');
    const metrics = received[0]!.body.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
    const usage = metrics.find((m) => m.name === 'gen_ai.client.token.usage')!;
    expect(usage.unit).toBe('{token}');
    expect(point(usage, 'input', 'claude-haiku-4-5')).toMatchObject({ count: '2', sum: 30 });
    expect(point(usage, 'output', 'claude-haiku-4-5')).toMatchObject({ count: '2', sum: 203 });
    expect(point(usage, 'input', 'claude-haiku-4-5', 'read')).toMatchObject({ count: '2', sum: 4000 });
    expect(point(usage, 'input', 'claude-haiku-4-5', 'write')).toMatchObject({ count: '1', sum: 500 });
    // The failed call has no tokens, but its duration carries error.type.
    expect(point(usage, 'output', 'claude-sonnet-4-6')).toMatchObject({ count: '1', sum: 103 });
    const duration = metrics.find((m) => m.name === 'gen_ai.client.operation.duration')!;
    const failed = duration.histogram.dataPoints.find((p) => p.attributes.some((a) => a.key === 'error.type' && a.value.stringValue === 'HTTP_529'));
    expect(failed).toMatchObject({ count: '1', sum: 1.5 });
    const bucketsOk = usage.histogram.dataPoints.every((p) => p.bucketCounts.reduce((a, b) => a + Number(b), 0) === Number(p.count));
    expect(bucketsOk).toBe(true);

    const again = await cli(['metrics', 'export', '--otlp', url, '--json'], { env });
    expect(again.json()).toMatchObject({ calls: 0 });
    expect(received).toHaveLength(1);
    log.append(record(5, 'claude-haiku-4-5'));
    log.close();
    const third = await cli(['metrics', 'export', '--otlp', url, '--json'], { env });
    expect(third.json()).toMatchObject({ calls: 1 });
    expect(point(received[1]!.body.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!, 'output', 'claude-haiku-4-5')).toMatchObject({ count: '1', sum: 105 });
  });

  it('says what to do when no collector is given or it is not there', async () => {
    const missing = await cli(['metrics', 'export'], { env });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('METRICS_OTLP_MISSING');
    const log = new CallLog(env.LOOM_DATA_DIR);
    log.append(record(6, 'claude-haiku-4-5'));
    log.close();
    const down = await cli(['metrics', 'export', '--otlp', 'http://127.0.0.1:9'], { env });
    expect(down.stderr).toContain('METRICS_OTLP_UNREACHABLE');
    for (const url of ['notaurl', 'ftp://127.0.0.1:4318', '127.0.0.1:4318']) {
      const bad = await cli(['metrics', 'export', '--otlp', url], { env });
      expect({ url, code: bad.code }).toEqual({ url, code: 1 });
      expect(bad.stderr).toMatch(new RegExp(`^error\\[METRICS_OTLP_URL_INVALID\\]: "${url.replace(/\./g, '\\.')}" is not an http\\(s\\) URL of a collector\\nhint: `));
    }
  });
});
