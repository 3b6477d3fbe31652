import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ModelTable } from '@loomkit/llm';

/**
 * Why the full command could answer differently here, or undefined when it cannot: a config
 * layer (a user or project config file, a LOOM_* variable naming a section — the kernel's
 * env layer) could set `metrics.claudeDirs` or `llm.models`, or fail validation; installed or
 * linked plugins add hooks; an active session records the command as a turn (session's
 * recorder on `command:start`); debug output.
 */
export function declineReason(dirs: { config: string; data: string }, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (process.platform === 'win32') return 'windows folders';
  if (/\bloom\b/.test(env.DEBUG ?? '')) return 'DEBUG';
  const own = new Set(['LOOM_CONFIG_DIR', 'LOOM_DATA_DIR', 'LOOM_CACHE_DIR']);
  if (Object.keys(env).some((name) => name.startsWith('LOOM_') && !own.has(name))) return 'a LOOM_* variable';
  if (existsSync(join(dirs.config, 'config.json'))) return 'a user config file';
  if (existsSync(join(dirs.data, 'package.json'))) return 'installed plugins';
  let root: string | undefined;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'loom.config.json'))) return 'a project config file';
    root ??= existsSync(join(dir, '.git')) ? dir : undefined;
    if (dirname(dir) === dir) break;
  }
  if (existsSync(join(root ?? resolve(cwd), '.loom', 'sessions', 'active'))) return 'an active session';
  return undefined;
}

/**
 * llm's shipped price table as `modelTable({})` returns it (no config overrides: a config
 * declines), read without the zod schema; undefined if an entry is not the shape the schema
 * checks, so the full command says what is wrong.
 */
export function shippedPrices(file: string): ModelTable | undefined {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { updated?: unknown; source?: unknown; batchDiscount?: unknown; models?: Record<string, Record<string, unknown>> };
  if (typeof raw.updated !== 'string' || typeof raw.source !== 'string' || typeof raw.batchDiscount !== 'number' || typeof raw.models !== 'object' || raw.models === null) return undefined;
  const models: ModelTable['models'] = {};
  for (const [id, entry] of Object.entries(raw.models)) {
    const { contextWindow, input, output, cacheWrite, cacheRead, aliases = [], ...rest } = entry;
    const prices = [input, output, cacheWrite, cacheRead];
    if (Object.keys(rest).length > 0 || !Number.isInteger(contextWindow) || !prices.every((n) => typeof n === 'number' && n >= 0) || !Array.isArray(aliases) || !aliases.every((a) => typeof a === 'string')) return undefined;
    models[id] = { contextWindow: contextWindow as number, input: input as number, output: output as number, cacheWrite: cacheWrite as number, cacheRead: cacheRead as number, aliases: aliases as string[] };
  }
  return { updated: raw.updated, source: raw.source, batchDiscount: raw.batchDiscount, models };
}
