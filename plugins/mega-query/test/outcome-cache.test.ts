import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTestKernel, type TestKernel } from '@loomkit/kernel/testing';
import llmPlugin from '@loomkit/llm/plugin';
import securityPlugin from '@loomkit/plugin-security';
import { afterEach, describe, expect, it, vi } from 'vitest';
import megaQueryPlugin, { MegaQueryToken } from '../src/index.js';

// Real files nobody here wrote: zod's v4 core sources.
const ZOD_CORE = join(dirname(createRequire(import.meta.url).resolve('zod/package.json')), 'src/v4/core');
const PAST = new Date(Date.now() - 3_600_000);

const kernels: TestKernel[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const kernel of kernels.splice(0)) await kernel.dispose();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});
const tempDir = (): string => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mega-outcome-')));
  dirs.push(dir);
  return dir;
};
const age = (root: string) => {
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) if (entry.isFile()) utimesSync(join(entry.parentPath, entry.name), PAST, PAST);
};

async function dryRun(target: string, home: string, options: { question?: string; config?: Record<string, unknown> } = {}) {
  const kernel = await createTestKernel({ plugins: [llmPlugin, securityPlugin, megaQueryPlugin], cwd: home, env: {}, config: { 'mega-query': { workers: 0, ...options.config } } });
  kernels.push(kernel);
  const { report, plan } = await kernel.get(MegaQueryToken).mega({ target, dryRun: true, question: options.question });
  return { report, plan };
}

/** The stored outcome of the one repository scanned from `home`. */
function outcomeFile(home: string): string {
  const base = join(home, '.user-cache', 'mega-query');
  const [repository] = readdirSync(base);
  return join(base, repository!, 'outcome.json');
}

/** Marks the stored plan, so a run served from the cache shows it. */
function mark(home: string): void {
  const stored = JSON.parse(readFileSync(outcomeFile(home), 'utf8')) as { key: string; value: { plan: { chunks: number } } };
  stored.value.plan.chunks = 999;
  writeFileSync(outcomeFile(home), JSON.stringify(stored));
}

describe('the outcome cache of offline runs', () => {
  it('serves an unchanged repository asked the same, and nothing else', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    const corpus = tempDir();
    cpSync(ZOD_CORE, corpus, { recursive: true });
    age(corpus);
    const home = tempDir();
    const cold = await dryRun(corpus, home);
    expect(await dryRun(corpus, home)).toEqual(cold);

    mark(home);
    expect((await dryRun(corpus, home)).plan.chunks).toBe(999);
    // Another question, other settings: computed, not served.
    expect((await dryRun(corpus, home, { question: 'where are checks registered?' })).plan.chunks).not.toBe(999);
    expect(await dryRun(corpus, home)).toEqual(cold);
    mark(home);
    expect((await dryRun(corpus, home, { config: { chunkTokens: 20_000 } })).plan.chunks).not.toBe(999);

    // A file changed with its old mtime kept: its size (or inode) still tells.
    expect(await dryRun(corpus, home)).toEqual(cold);
    mark(home);
    writeFileSync(join(corpus, 'core.ts'), 'export {};\n');
    utimesSync(join(corpus, 'core.ts'), PAST, PAST);
    const changed = await dryRun(corpus, home);
    expect(changed.plan.chunks).not.toBe(999);
    expect(changed).toEqual(await dryRun(corpus, tempDir()));
    expect(changed).not.toEqual(cold);
  });

  it('stores nothing while a file is recent enough to change again unseen', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    const corpus = tempDir();
    cpSync(ZOD_CORE, corpus, { recursive: true });
    age(corpus);
    writeFileSync(join(corpus, 'fresh.ts'), 'export const fresh = 1;\n');
    const home = tempDir();
    await dryRun(corpus, home);
    expect(existsSync(outcomeFile(home))).toBe(false);
  });
});
