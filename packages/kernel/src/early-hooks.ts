import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { EarlyContext } from './early-answer.js';
import { createLogger, type Logger } from './logger.js';
import { resolvePaths, type Paths } from './paths.js';

/** What a bundled plugin's early hook gets: the paths a booted kernel would give it, and a logger as its own. */
export interface EarlyHookContext {
  paths: Paths;
  logger: Logger;
}

/** An early hooks module: the plugin's name (its logger's scope) and its handlers by event, the same ones its manifest's `hooks` names. */
export interface EarlyHooks {
  plugin: string;
  hooks: Record<string, (payload: never, ctx: EarlyHookContext) => void | Promise<void>>;
}

/**
 * Emits `event` in a process that answers early, where no kernel runs the plugins' hooks: the
 * CLI's package.json `earlyHooks` names, for each event an early answer may emit, the modules
 * of the bundled plugins that hook it (`[]` when none does), and each one's handler runs in
 * turn. An event it does not list throws, so the answer declines and the booted kernel emits
 * it: an early answer never skips a hook. A handler that throws fails the answer likewise.
 */
export async function emitEarly(ctx: Pick<EarlyContext, 'cliRoot' | 'cwd' | 'dirs'>, event: string, payload: unknown): Promise<void> {
  const manifest = new URL('package.json', ctx.cliRoot);
  const table = (JSON.parse(readFileSync(manifest, 'utf8')) as { earlyHooks?: Record<string, unknown> }).earlyHooks;
  const modules = table !== undefined && Object.hasOwn(table, event) ? table[event] : undefined;
  if (!Array.isArray(modules)) throw new Error(`no early hooks listed for ${event}`);
  const paths = resolvePaths({ cwd: ctx.cwd, userConfigDir: ctx.dirs.config, dataDir: ctx.dirs.data, cacheDir: ctx.dirs.cache });
  // The modules are the CLI's dependencies: resolved from its package, as it imports its early answers.
  const resolveFromCli = createRequire(manifest).resolve;
  for (const specifier of modules) {
    const module = (await import(pathToFileURL(resolveFromCli(String(specifier))).href)) as Partial<EarlyHooks>;
    const handler = module.hooks?.[event];
    if (typeof handler !== 'function' || typeof module.plugin !== 'string') throw new Error(`${String(specifier)} has no early hook for ${event}`);
    await handler(payload as never, { paths, logger: createLogger('warn').child(module.plugin) });
  }
}
