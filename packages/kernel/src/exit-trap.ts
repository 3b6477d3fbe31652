import { LoomError } from './errors.js';

/**
 * Runs `work` with `process.exit` turned into a thrown LoomError naming the plugin, so
 * a plugin that calls it while it loads or sets up fails alone instead of ending the
 * command (with exit 0 and nothing printed). Boot is sequential, so one trap at a time.
 */
export async function trapExit<T>(plugin: string, phase: string, work: () => T | Promise<T>): Promise<T> {
  const exit = process.exit;
  process.exit = ((code?: number | string | null) => {
    throw new LoomError('PLUGIN_EXIT', `plugin ${plugin} called process.exit(${code ?? ''}) during ${phase}`, {
      hint: `Loom ignored the call and disabled the plugin; report it to the authors of ${plugin}`,
      plugin,
    });
  }) as typeof process.exit;
  try {
    return await work();
  } finally {
    process.exit = exit;
  }
}
