import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoomError } from '@loomkit/kernel';
import type { CallRecord } from '../schema.js';
import { safeRecord } from '../sources/loom.js';
import { readCompleteLines } from '../store/lines.js';
import { makeDirectorySync } from '@loomkit/kernel/early';

const NEWLINE = 0x0a;
/** The bucket bounds the GenAI semantic conventions advise for gen_ai.client.token.usage. */
const TOKEN_BOUNDS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const DURATION_BOUNDS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

type Attribute = { key: string; value: { stringValue: string } };
const attr = (key: string, value: string): Attribute => ({ key, value: { stringValue: value } });

interface Point {
  attributes: Attribute[];
  values: number[];
}

/**
 * OTLP/HTTP JSON of Loom's calls, per the OpenTelemetry GenAI semantic conventions:
 * `gen_ai.client.token.usage` (histogram, `{token}`, with `gen_ai.token.type` input or
 * output; cache reads and writes are input tokens told apart by `gen_ai.token.cache`),
 * `gen_ai.client.operation.duration` (histogram, s, with `error.type` on failures), and
 * Loom's own `loom.llm.cost` (sum, USD). Delta temporality: each export sends the calls
 * made since the previous one.
 */
export function otlpPayload(records: CallRecord[], version: string): object {
  const tokens = new Map<string, Point>();
  const durations = new Map<string, Point>();
  const cost = new Map<string, { attributes: Attribute[]; sum: number }>();
  const base = (r: CallRecord) => [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.provider.name', 'anthropic'), attr('gen_ai.system', 'anthropic'), attr('gen_ai.request.model', r.model), attr('loom.command', r.command ?? '')];
  const add = (map: Map<string, Point>, attributes: Attribute[], value: number) => {
    const key = JSON.stringify(attributes);
    let point = map.get(key);
    if (!point) map.set(key, (point = { attributes, values: [] }));
    point.values.push(value);
  };
  for (const r of records) {
    const common = base(r);
    if (r.error === null) {
      add(tokens, [...common, attr('gen_ai.token.type', 'input')], r.input);
      add(tokens, [...common, attr('gen_ai.token.type', 'output')], r.output);
      if (r.cacheRead > 0) add(tokens, [...common, attr('gen_ai.token.type', 'input'), attr('gen_ai.token.cache', 'read')], r.cacheRead);
      if (r.cacheWrite > 0) add(tokens, [...common, attr('gen_ai.token.type', 'input'), attr('gen_ai.token.cache', 'write')], r.cacheWrite);
    }
    add(durations, r.error === null ? common : [...common, attr('error.type', r.error)], r.latencyMs / 1000);
    const key = JSON.stringify(common);
    const entry = cost.get(key) ?? { attributes: common, sum: 0 };
    entry.sum += r.costUsd;
    cost.set(key, entry);
  }
  const start = String(BigInt(Math.min(...records.map((r) => r.t))) * 1_000_000n);
  const end = String(BigInt(Math.max(...records.map((r) => r.t))) * 1_000_000n);
  const histogram = (points: Map<string, Point>, bounds: number[]) => ({
    aggregationTemporality: 1,
    dataPoints: [...points.values()].map(({ attributes, values }) => ({
      attributes,
      startTimeUnixNano: start,
      timeUnixNano: end,
      count: String(values.length),
      sum: values.reduce((a, b) => a + b, 0),
      min: Math.min(...values),
      max: Math.max(...values),
      explicitBounds: bounds,
      bucketCounts: [...bounds, Infinity].map((bound, index) => String(values.filter((v) => v <= bound && (index === 0 || v > bounds[index - 1]!)).length)),
    })),
  });
  return {
    resourceMetrics: [
      {
        resource: { attributes: [attr('service.name', 'loom'), attr('service.version', version)] },
        scopeMetrics: [
          {
            scope: { name: '@loomkit/plugin-metrics', version },
            metrics: [
              { name: 'gen_ai.client.token.usage', description: 'Number of input and output tokens used', unit: '{token}', histogram: histogram(tokens, TOKEN_BOUNDS) },
              { name: 'gen_ai.client.operation.duration', description: 'GenAI operation duration', unit: 's', histogram: histogram(durations, DURATION_BOUNDS) },
              { name: 'loom.llm.cost', description: 'What the calls cost by the llm price table', unit: 'USD', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [...cost.values()].map(({ attributes, sum }) => ({ attributes, startTimeUnixNano: start, timeUnixNano: end, asDouble: sum })) } },
            ],
          },
        ],
      },
    ],
  };
}

export interface ExportResult {
  endpoint: string;
  calls: number;
  /** Lines of the log that could not be read and were left out. */
  skippedLines: number;
}

/** `<url>/v1/metrics`, when `url` is an http(s) URL: the OTLP/HTTP path of a collector's base URL. */
export function endpointOf(url: string): string {
  let base: URL | undefined;
  try {
    base = new URL(url.endsWith('/') ? url : `${url}/`);
  } catch {
    base = undefined;
  }
  if (base === undefined || (base.protocol !== 'http:' && base.protocol !== 'https:')) {
    throw new LoomError('METRICS_OTLP_URL_INVALID', `${JSON.stringify(url)} is not an http(s) URL of a collector`, { hint: 'give its OTLP/HTTP base URL, e.g. --otlp http://127.0.0.1:4318' });
  }
  return new URL('v1/metrics', base).toString();
}

/** Sends the calls logged since the last export; the log offset advances only once the collector accepts them. */
export async function exportOtlp(options: { logFile: string; stateDir: string; url: string; version: string; fetch?: typeof fetch }): Promise<ExportResult> {
  const endpoint = endpointOf(options.url);
  const marker = join(options.stateDir, 'otlp-offset.json');
  const saved = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { endpoint: string; offset: number }) : undefined;
  const from = saved?.endpoint === endpoint ? saved.offset : 0;
  const size = statSync(options.logFile, { throwIfNoEntry: false })?.size ?? 0;
  const records: CallRecord[] = [];
  let skippedLines = 0;
  const read = size > from ? readCompleteLines(options.logFile, from, size, (chunk, start, end) => {
    for (let at = start; at < end; ) {
      const next = chunk.indexOf(NEWLINE, at);
      const record = safeRecord(chunk.toString('utf8', at, next));
      if (record) records.push(record);
      else skippedLines++;
      at = next + 1;
    }
  }) : { offset: from };
  if (records.length > 0) {
    const response = await (options.fetch ?? fetch)(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(otlpPayload(records, options.version)) }).catch((error: unknown) => {
      throw new LoomError('METRICS_OTLP_UNREACHABLE', `could not reach ${endpoint}: ${error instanceof Error ? error.message : String(error)}`, { hint: 'is the collector running? OTLP/HTTP listens on port 4318 by default' });
    });
    if (!response.ok) throw new LoomError('METRICS_OTLP_REJECTED', `${endpoint} answered ${response.status}`, { hint: 'check that the URL is the collector\'s OTLP/HTTP endpoint (e.g. http://127.0.0.1:4318) and that it accepts JSON' });
  }
  makeDirectorySync(options.stateDir);
  writeFileSync(marker, `${JSON.stringify({ endpoint, offset: read.offset })}\n`);
  return { endpoint, calls: records.length, skippedLines };
}
