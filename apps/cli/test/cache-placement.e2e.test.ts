import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempProject } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import { createLoom, isolatedUser } from './support/cli.js';

const gitStatus = (root: string) => execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root, encoding: 'utf8' });

describe('where query mega keeps its caches (issue 11 §4.5, issue 15)', () => {
  it('reads a repository without writing into it, and finds its cache again from another folder', async () => {
    const repo = await createTempProject({ git: true, files: { 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n' } });
    const before = gitStatus(repo.root);
    const env = isolatedUser();
    const loom = createLoom(env);
    const elsewhere = mkdtempSync(join(tmpdir(), 'loom-elsewhere-'));

    const fromInside = await loom(['query', 'mega', '.', '--dry-run', '--json'], { cwd: join(repo.root, 'src') });
    expect(fromInside.code).toBe(0);
    expect(gitStatus(repo.root)).toBe(before);
    expect(existsSync(join(repo.root, '.loom'))).toBe(false);
    const caches = readdirSync(join(env.LOOM_CACHE_DIR!, 'mega-query'));
    expect(caches).toHaveLength(1);
    expect(readdirSync(join(env.LOOM_CACHE_DIR!, 'mega-query', caches[0]!)).sort()).toEqual(['churn.json', 'files.jsonl', 'graph.json', 'names.json', 'protection.jsonl', 'stamps.json']);

    // The same repository named from elsewhere: the same cache, not a second one.
    const fromOutside = await loom(['query', 'mega', repo.root, '--dry-run', '--json'], { cwd: elsewhere });
    expect(fromOutside.code).toBe(0);
    expect(readdirSync(join(env.LOOM_CACHE_DIR!, 'mega-query'))).toEqual(caches);
    expect(existsSync(join(elsewhere, '.loom'))).toBe(false);
  });

  it('keeps the caches in the project once `loom init` made .loom/', async () => {
    const repo = await createTempProject({ git: true, files: { 'src/a.ts': 'export const a = 1;\n' } });
    mkdirSync(join(repo.root, '.loom'));
    const env = isolatedUser();
    const result = await createLoom(env)(['query', 'mega', '.', '--dry-run', '--json'], { cwd: repo.root });
    expect(result.code).toBe(0);
    expect(readdirSync(join(repo.root, '.loom', 'cache', 'mega-query')).sort()).toEqual(['churn.json', 'files.jsonl', 'graph.json', 'names.json', 'protection.jsonl', 'stamps.json']);
    expect(existsSync(join(env.LOOM_CACHE_DIR!, 'mega-query'))).toBe(false);
  });
});
