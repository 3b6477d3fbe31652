import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedModelTable } from '@loomkit/llm';
import { createMetricsService, type MetricsService } from '../src/service.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The price table's raw numbers, read from the file itself rather than through Loom's pricing code. */
export const rawPrices = (JSON.parse(readFileSync(resolve(here, '../../../packages/llm/data/models.json'), 'utf8')) as { models: Record<string, { input: number; output: number; cacheWrite: number; cacheRead: number }> }).models;

/** The generator's models, by the dated ids Claude Code writes. */
export const transcriptPrices = {
  'claude-sonnet-4-5-20250929': rawPrices['claude-sonnet-4-5']!,
  'claude-opus-4-1-20250805': rawPrices['claude-opus-4-1']!,
  'claude-haiku-4-5-20251001': rawPrices['claude-haiku-4-5']!,
};

/** Many short sessions over a few days: a small corpus with several sessions, projects and days to tell apart. */
export const shortSessions = { turns: [4, 40], days: 3 } as const;

export function tempDir(prefix = 'loom-metrics-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function service(root: string, claudeDirs: string[] = []): MetricsService {
  return createMetricsService({ dataDir: join(root, 'data'), cacheDir: join(root, 'cache'), claudeDirs, models: shippedModelTable() });
}

export const cli = resolve(here, '../../../apps/cli/bin/run.js');
