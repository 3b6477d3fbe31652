import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCliRunner, type CliRunOptions } from '@loomkit/testkit';

export const LOOM_BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

/** User-level dirs of a throw-away user, so tests never read or write the real ones. */
export function isolatedUser(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'loom-user-'));
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    LOOM_CONFIG_DIR: join(home, 'config'),
    LOOM_DATA_DIR: join(home, 'data'),
    LOOM_CACHE_DIR: join(home, 'cache'),
    ANTHROPIC_API_KEY: '',
    DEBUG: '',
  };
}

const runner = createCliRunner(LOOM_BIN);

/** Runs the built `loom` as a user would, isolated from the machine's user dirs. */
export function createLoom(env: NodeJS.ProcessEnv = isolatedUser()) {
  return (args: string[], options: CliRunOptions = {}) => runner(args, { ...options, env: { ...env, ...options.env } });
}
