import { defineProject } from 'vitest/config';

/** The settings every package's tests share; each package's vitest.config.ts names itself. */
export function loomProject(name: string, overrides: { testTimeout?: number } = {}) {
  return defineProject({
    test: {
      name,
      include: ['test/**/*.test.ts'],
      // tsyringe needs the Reflect polyfill before it loads; the CLI's entry does the same.
      setupFiles: ['reflect-metadata'],
      testTimeout: overrides.testTimeout ?? 15_000,
    },
  });
}
