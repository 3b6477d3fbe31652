import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasLoomSettings, stampedKeys } from './early-stamp.js';
import { findProjectRoot, PROJECT_CONFIG_FILE, PROJECT_STATE_DIR } from './paths.js';

/**
 * What the CLI gives a bundled plugin's early answer (the CLI's package.json `earlyAnswers`):
 * the module's `answer(argv, ctx)` runs before oclif and the kernel load, and returns true
 * only when it wrote the whole answer; false lets the ordinary command run.
 */
export interface EarlyContext {
  /** The CLI's package folder, for its package.json and its plugins' manifests. */
  cliRoot: URL;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The CLI's config, data and cache folders, as oclif's Config would give them. */
  dirs: { config: string; data: string; cache: string };
  /** The CLI's version (its package.json). */
  version: string;
}

export type EarlyAnswer = (argv: string[], ctx: EarlyContext) => boolean | Promise<boolean>;

/**
 * `answer`, declining (false) where it throws or rejects: an early answer may only ever be
 * skipped, never fail the command, whoever calls it. Stays synchronous when `answer` is.
 */
export function declineOnFailure(answer: EarlyAnswer): EarlyAnswer {
  return (argv, ctx) => {
    try {
      const answered = answer(argv, ctx);
      return answered instanceof Promise ? answered.catch(() => false) : answered;
    } catch {
      return false;
    }
  };
}

/** Settings that bear on every command: the log level (stderr), the kernel's (plugins disabled, deadlines). */
const KERNEL_SETTINGS = ['logLevel', 'kernel'];

/**
 * Why a booted kernel could answer differently from an early answer here, or undefined when
 * it cannot. A `LOOM_*` variable of a section may change a setting or fail validation;
 * installed or linked plugins add hooks and commands; `DEBUG=loom` asks for the kernel's logs.
 * Config files (the user's or the project's) are fine once a clean boot read them as they are
 * now (`early-stamp.ts`: no warning, no `--set`) and they set neither a kernel setting nor one
 * of `settings` (key paths or their prefixes, e.g. `security.injection`) the answer depends on.
 * `recorded`: the command is one the bundled session plugin records as a turn while a session
 * is active, which an early answer would skip. Windows folders are oclif's own business.
 * Imports nothing heavy (`node:fs`, `node:path`; `node:zlib` only where a config file is), so an early answer stays cheap.
 */
export function earlyDeclineReason(ctx: Pick<EarlyContext, 'cwd' | 'env' | 'dirs' | 'version'>, options: { recorded?: boolean; settings?: string[] } = {}): string | undefined {
  if (process.platform === 'win32') return 'windows folders';
  if (/\bloom\b/.test(ctx.env.DEBUG ?? '')) return 'DEBUG';
  if (hasLoomSettings(ctx.env)) return 'a LOOM_* variable';
  if (existsSync(join(ctx.dirs.data, 'package.json'))) return 'installed plugins';
  const projectRoot = findProjectRoot(ctx.cwd);
  if (existsSync(join(ctx.dirs.config, 'config.json')) || existsSync(join(projectRoot, PROJECT_CONFIG_FILE))) {
    const keys = stampedKeys({ projectRoot, dirs: ctx.dirs, version: ctx.version });
    if (keys === undefined) return 'config files no clean boot has read as they are';
    const settings = [...KERNEL_SETTINGS, ...(options.settings ?? [])];
    if (keys.some((key) => settings.some((setting) => key === setting || key.startsWith(`${setting}.`)))) return 'a config setting the answer depends on';
  }
  if (options.recorded && inActiveSession(ctx.cwd)) return 'an active session';
  return undefined;
}

/**
 * True when the project of `cwd` has an active session (the bundled session plugin marks it
 * with `<project>/.loom/sessions/active`): the session records every command but its own as a
 * turn, which an early answer would skip, so such a command's early answer declines.
 */
export function inActiveSession(cwd: string): boolean {
  return existsSync(join(findProjectRoot(cwd), PROJECT_STATE_DIR, 'sessions', 'active'));
}

let pipeWatched = false;

/**
 * Writes an early answer to stdout. A reader that stops early (`| head`) closes the pipe:
 * nothing more to say, as oclif has it, so EPIPE is not an error.
 */
export function writeAnswer(text: string): void {
  if (!pipeWatched) {
    pipeWatched = true;
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  process.stdout.write(text);
}

export { configFingerprint } from './early-stamp.js';
export { climbsOut, findProjectRoot, isWithin, PROJECT_STATE_DIR } from './paths.js';
export { readRegularFileSync } from './read-file.js';
export { collectBounded, readFileBounded } from './read-bounded.js';
export { lstatSyncSafe, statSyncSafe } from './stat-sync.js';
export { emitEarly, type EarlyHookContext, type EarlyHooks } from './early-hooks.js';
export { makeDirectorySync } from './make-directory.js';
