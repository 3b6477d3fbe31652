import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
}

export type EarlyAnswer = (argv: string[], ctx: EarlyContext) => boolean | Promise<boolean>;

/** The LOOM_* variables that name folders (oclif's), not a config section (the kernel's env layer). */
const FOLDER_VARIABLES = new Set(['LOOM_CONFIG_DIR', 'LOOM_DATA_DIR', 'LOOM_CACHE_DIR']);

/**
 * Why a booted kernel could answer differently from an early answer here, or undefined when
 * it cannot: a config layer (the user's or the project's config file, a LOOM_* variable of a
 * section) may change a setting or fail validation; installed or linked plugins add hooks and
 * commands; DEBUG asks for the kernel's logs. Windows folders are oclif's own business.
 * `recorded`: the command is one the bundled session plugin records as a turn while a session
 * is active (it marks one with `<project>/.loom/sessions/active`), which an early answer skips.
 * Imports nothing but `node:fs` and `node:path`, so an early answer stays cheap.
 */
export function earlyDeclineReason(ctx: Pick<EarlyContext, 'cwd' | 'env' | 'dirs'>, options: { recorded?: boolean } = {}): string | undefined {
  if (process.platform === 'win32') return 'windows folders';
  if (/\bloom\b/.test(ctx.env.DEBUG ?? '')) return 'DEBUG';
  if (Object.keys(ctx.env).some((name) => name.startsWith('LOOM_') && !FOLDER_VARIABLES.has(name))) return 'a LOOM_* variable';
  if (existsSync(join(ctx.dirs.config, 'config.json'))) return 'a user config file';
  if (existsSync(join(ctx.dirs.data, 'package.json'))) return 'installed plugins';
  if (existsSync(join(findProjectRoot(ctx.cwd), PROJECT_CONFIG_FILE))) return 'a project config file';
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

export { findProjectRoot, PROJECT_STATE_DIR } from './paths.js';
