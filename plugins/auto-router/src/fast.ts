// `loom auto "…" --dry-run [--json]` answered before oclif loads: from the cached model
// alone, when it still matches what is installed. Anything else returns undefined and
// the CLI takes the ordinary path (which refits the cache). Imports nothing heavy.
import { inActiveSession } from '@loomkit/kernel/early';
import type { EarlyAnswer } from '@loomkit/kernel';
import { modelPath, readCache, stillInstalled } from './cache/index.js';
import { decisionJson, renderDecision } from './render.js';
import { createRouter } from './router.js';
import { readThresholds } from './store.js';

export interface FastOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The CLI's bin, e.g. `loom`, as the decision's command lines show it. */
  bin: string;
  /** The CLI's data and cache folders (the early answer's `dirs`). */
  dirs: { data: string; cache: string };
}

/** The text to print, or undefined when this run needs the full CLI. */
export function fastDryRun(argv: readonly string[], options: FastOptions): string | undefined {
  const flags = argv.filter((word) => word.startsWith('-'));
  if (!flags.includes('--dry-run') || flags.some((flag) => flag !== '--dry-run' && flag !== '--json')) return undefined;
  const text = argv.filter((word) => !word.startsWith('-')).join(' ').trim();
  if (text === '') return undefined;
  const { dirs } = options;
  const cached = readCache(modelPath(dirs.cache));
  if (!cached || !stillInstalled(cached.fingerprint, dirs.data)) return undefined;
  const router = createRouter(cached.data);
  const decision = router.route(text, { cwd: options.cwd, thresholds: readThresholds(dirs.data) });
  // In the unsure band with a key set, Claude may decide: that needs the kernel's llm.
  if (options.env.ANTHROPIC_API_KEY && (decision.band === 'confirm' || decision.band === 'choose')) return undefined;
  return flags.includes('--json') ? JSON.stringify(decisionJson(decision), null, 2) : renderDecision(options.bin, decision, cached.data.routes);
}

/** The CLI's early answer for `loom auto …` (see `EarlyAnswer`): the dry run printed here, or declined. */
export const answer: EarlyAnswer = (argv, ctx) => {
  // An active session records `auto` as a turn: the command's way.
  const out = argv[0] === 'auto' && !inActiveSession(ctx.cwd) ? fastDryRun(argv.slice(1), { cwd: ctx.cwd, env: ctx.env, bin: 'loom', dirs: ctx.dirs }) : undefined;
  if (out === undefined) return false;
  process.stdout.write(`${out}\n`);
  return true;
};
