import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const SETUP = fileURLToPath(new URL('./vitest.setup.ts', import.meta.url));

/** The settings every package's tests share; each package's vitest.config.ts names itself. */
export function loomProject(name: string, overrides: { testTimeout?: number } = {}) {
  return defineProject({
    test: {
      name,
      include: ['test/**/*.test.ts'],
      setupFiles: [SETUP],
      testTimeout: overrides.testTimeout ?? 15_000,
    },
  });
}
