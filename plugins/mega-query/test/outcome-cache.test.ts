import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { outcomeKey } from '../src/outcome-cache.js';
import type { WalkedFile, WalkResult } from '../src/types.js';
import { age, dryRun, tempDir, ZOD_CORE } from './dry-run-kernel.js';

const PAST = new Date(Date.now() - 3_600_000);

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

  it('is not served once git churn changes, though no walked file did', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    const corpus = tempDir();
    cpSync(ZOD_CORE, corpus, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=x', '-c', 'user.email=x@y', '-c', 'commit.gpgsign=false', ...args], { cwd: corpus, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'zod core');
    age(corpus, PAST);
    const home = tempDir();
    await dryRun(corpus, home);
    mark(home);
    expect((await dryRun(corpus, home)).plan.chunks).toBe(999);
    // Two commits that change core.ts and change it back: the file's size, inode and mtime are as they were, its churn is not.
    const file = join(corpus, 'core.ts');
    const original = readFileSync(file);
    for (const text of ['export {};\n', original]) {
      writeFileSync(file, text);
      git('commit', '-qam', 'churn');
    }
    age(corpus, PAST);
    const after = await dryRun(corpus, home);
    expect(after.plan.chunks).not.toBe(999);
    expect(after).toEqual(await dryRun(corpus, tempDir()));
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

describe('outcomeKey', () => {
  const NOW = Date.parse('2026-06-01T00:00:00Z');
  // Enough files that their stamps fill several of the hash's pieces.
  const walked = (change: (file: WalkedFile, index: number) => WalkedFile = (file) => file): WalkResult => ({
    root: '/repo',
    source: 'git',
    skipped: [],
    excludes: [],
    files: Array.from({ length: 4000 }, (_, index) => change({ path: `packages/pkg-${index % 40}/src/module-${index}.ts`, abs: '', size: 1000 + index, mtimeMs: NOW - 86_400_000, ino: 5000 + index }, index)),
  });

  it('is the same for the same walk, and changes with any one file’s stamp wherever it lies', async () => {
    const key = await outcomeKey(walked(), { asked: 1 }, NOW);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await outcomeKey(walked(), { asked: 1 }, NOW)).toBe(key);
    expect(await outcomeKey(walked(), { asked: 2 }, NOW)).not.toBe(key);
    const keys = new Set([key]);
    for (const at of [0, 700, 1500, 2999, 3999]) {
      keys.add(await outcomeKey(walked((file, index) => (index === at ? { ...file, size: file.size + 1 } : file)), { asked: 1 }, NOW));
      keys.add(await outcomeKey(walked((file, index) => (index === at ? { ...file, ino: file.ino! + 1 } : file)), { asked: 1 }, NOW));
    }
    expect(keys.size).toBe(11);
  });

  it('is none when a file has no stamp, or one too recent to trust', async () => {
    expect(await outcomeKey(walked((file, index) => (index === 3999 ? { ...file, ino: undefined } : file)), {}, NOW)).toBeUndefined();
    expect(await outcomeKey(walked((file, index) => (index === 2000 ? { ...file, mtimeMs: NOW - 500 } : file)), {}, NOW)).toBeUndefined();
  });
});
