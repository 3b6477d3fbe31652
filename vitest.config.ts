import { defineConfig } from 'vitest/config';

// One run over every package, so CI gets a single report (and one coverage table).
export default defineConfig({
  test: {
    projects: ['packages/*', 'plugins/*', 'apps/*', 'examples/*'],
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**', 'plugins/*/src/**', 'apps/*/src/**'],
      reporter: ['text-summary', 'json-summary', 'json'],
      reportsDirectory: 'reports/coverage',
    },
  },
});
