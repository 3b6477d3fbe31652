import { join } from 'node:path';

/**
 * The environment of a throw-away user under `dir` for running the built `loom`: its own
 * home and Loom config, data and cache folders, no API key, no debug output. Add a key or
 * `ANTHROPIC_BASE_URL` on top when a test talks to the fake Claude.
 */
export function isolatedUserEnv(dir: string): Record<string, string> {
  return {
    HOME: join(dir, 'home'),
    LOOM_CONFIG_DIR: join(dir, 'config'),
    LOOM_DATA_DIR: join(dir, 'data'),
    LOOM_CACHE_DIR: join(dir, 'cache'),
    OCLIF_DISABLE_LINKED_ESM_WARNING: '1',
    ANTHROPIC_API_KEY: '',
    DEBUG: '',
  };
}
