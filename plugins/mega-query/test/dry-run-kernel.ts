import { mkdtempSync, readdirSync, realpathSync, rmSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTestKernel, type TestKernel } from '@loomkit/kernel/testing';
import llmPlugin from '@loomkit/llm/plugin';
import securityPlugin from '@loomkit/plugin-security';
import { afterEach, vi } from 'vitest';
import megaQueryPlugin, { MegaQueryToken } from '../src/index.js';

/** A real corpus nobody here wrote: zod's own TypeScript sources (about 50 files), to copy. */
export const ZOD_CORE = join(dirname(createRequire(import.meta.url).resolve('zod/package.json')), 'src/v4/core');

const kernels: TestKernel[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const kernel of kernels.splice(0)) await kernel.dispose();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

/** A real temp folder, removed after the test. */
export function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mega-dry-run-')));
  dirs.push(dir);
  return dir;
}

/** Dates every file of `root` an hour back: old enough that a scan stamps it (a stamp within 2 s of a scan is not trusted). */
export function age(root: string, past = new Date(Date.now() - 3_600_000)): void {
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) if (entry.isFile()) utimesSync(join(entry.parentPath, entry.name), past, past);
}

/**
 * `query mega --dry-run --json` as a kernel in `home`, so with caches of its own; `workers`
 * above 0 runs the built dist/scan/worker.js (`pnpm build` first).
 */
export async function dryRun(target: string, home: string, options: { question?: string; workers?: number; config?: Record<string, unknown> } = {}) {
  const config = { 'mega-query': { workers: options.workers ?? 0, ...options.config } };
  const kernel = await createTestKernel({ plugins: [llmPlugin, securityPlugin, megaQueryPlugin], cwd: home, env: {}, config });
  kernels.push(kernel);
  const { report, plan } = await kernel.get(MegaQueryToken).mega({ target, dryRun: true, question: options.question });
  return { report, plan };
}
