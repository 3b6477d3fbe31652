// `loom auto "…" --dry-run [--json]` answered before oclif loads: from the cached model
// alone, when it still matches what is installed. Anything else returns undefined and
// the CLI takes the ordinary path (which refits the cache). Imports nothing heavy.
import type { EarlyAnswer } from '@loomkit/kernel';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { modelPath, readCache, stillInstalled } from './cache/index.js';
import { decisionJson, renderDecision } from './render.js';
import { createRouter } from './router.js';
import { readThresholds } from './store.js';

export interface FastOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The CLI's bin and oclif dirname, e.g. `loom` (also the env prefix LOOM_…_DIR). */
  bin: string;
}

/** The text to print, or undefined when this run needs the full CLI. */
export function fastDryRun(argv: readonly string[], options: FastOptions): string | undefined {
  const flags = argv.filter((word) => word.startsWith('-'));
  if (!flags.includes('--dry-run') || flags.some((flag) => flag !== '--dry-run' && flag !== '--json')) return undefined;
  const text = argv.filter((word) => !word.startsWith('-')).join(' ').trim();
  if (text === '') return undefined;
  const dirs = userDirs(options.bin, options.env);
  const cached = readCache(modelPath(dirs.cache));
  if (!cached || !stillInstalled(cached.fingerprint, dirs.data)) return undefined;
  const router = createRouter(cached.data);
  const decision = router.route(text, { cwd: options.cwd, thresholds: readThresholds(dirs.data) });
  // In the unsure band with a key set, Claude may decide: that needs the kernel's llm.
  if (options.env.ANTHROPIC_API_KEY && (decision.band === 'confirm' || decision.band === 'choose')) return undefined;
  return flags.includes('--json') ? JSON.stringify(decisionJson(decision), null, 2) : renderDecision(options.bin, decision, cached.data.routes);
}

/** oclif's data and cache dirs (its Config rules on Linux and macOS; elsewhere the env override). */
export function userDirs(bin: string, env: NodeJS.ProcessEnv): { data: string; cache: string } {
  const prefix = bin.toUpperCase().replace(/-/g, '_');
  const home = env.HOME ?? homedir();
  const mac = process.platform === 'darwin';
  return {
    data: env[`${prefix}_DATA_DIR`] ?? join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), bin),
    cache: env[`${prefix}_CACHE_DIR`] ?? (mac ? join(home, 'Library', 'Caches', bin) : join(env.XDG_CACHE_HOME ?? join(home, '.cache'), bin)),
  };
}

/** The CLI's early answer for `loom auto …` (see `EarlyAnswer`): the dry run printed here, or declined. */
export const answer: EarlyAnswer = (argv, ctx) => {
  const out = argv[0] === 'auto' ? fastDryRun(argv.slice(1), { cwd: ctx.cwd, env: ctx.env, bin: 'loom' }) : undefined;
  if (out === undefined) return false;
  process.stdout.write(`${out}\n`);
  return true;
};
