import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempProject, type TempProject } from '@loomkit/testkit';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnIdentity, readChurn } from '../src/repomap/churn.js';

describe('readChurn', () => {
  let project: TempProject;

  // History: commit 1 (initial) adds everything; commits 2–4 each change a few files.
  beforeAll(async () => {
    project = await createTempProject({
      git: true,
      files: { 'README.md': '# demo\n', 'pkg/src/hot.ts': 'v1\n', 'pkg/src/cold.ts': 'v1\n', 'pkg/docs/ünïcode name.md': 'v1\n', 'other/x.ts': 'v1\n' },
    });
    const git = simpleGit({ baseDir: project.root });
    const commit = async (files: Record<string, string>, message: string) => {
      project.write(files);
      await git.add('.');
      await git.commit(message);
    };
    await commit({ 'pkg/src/hot.ts': 'v2\n', 'other/x.ts': 'v2\n' }, 'second');
    await commit({ 'pkg/src/hot.ts': 'v3\n', 'pkg/docs/ünïcode name.md': 'v2\n' }, 'third');
    await commit({ 'pkg/src/hot.ts': 'v4\n' }, 'fourth');
  });
  afterAll(() => project.remove());

  it('counts the commits touching each file, paths relative to the work tree root', async () => {
    const churn = await readChurn(project.root, 100);
    expect(churn.get('pkg/src/hot.ts')).toBe(4);
    expect(churn.get('pkg/src/cold.ts')).toBe(1);
    expect(churn.get('other/x.ts')).toBe(2);
    expect(churn.get('pkg/docs/ünïcode name.md')).toBe(2);
    expect(churn.get('README.md')).toBe(1);
  });

  it('reads only the last N commits', async () => {
    const churn = await readChurn(project.root, 3);
    expect(churn.get('pkg/src/hot.ts')).toBe(3);
    expect(churn.has('pkg/src/cold.ts')).toBe(false);
    expect(churn.get('other/x.ts')).toBe(1);
  });

  it('gives paths relative to a root inside the work tree, and only files under it', async () => {
    const churn = await readChurn(join(project.root, 'pkg'), 100);
    expect([...churn].sort()).toEqual([
      ['docs/ünïcode name.md', 2],
      ['src/cold.ts', 1],
      ['src/hot.ts', 4],
    ]);
  });

  it('is empty, not an error, for commits 0, a folder outside git, or a missing folder', async () => {
    expect((await readChurn(project.root, 0)).size).toBe(0);
    const plain = realpathSync(mkdtempSync(join(tmpdir(), 'loom-churn-')));
    try {
      expect((await readChurn(plain, 100)).size).toBe(0);
      expect((await readChurn(join(plain, 'missing'), 100)).size).toBe(0);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('is empty for a repository without commits', async () => {
    const fresh = await createTempProject({ files: { 'a.ts': 'x\n' } });
    try {
      await simpleGit({ baseDir: fresh.root }).init();
      expect((await readChurn(fresh.root, 100)).size).toBe(0);
    } finally {
      fresh.remove();
    }
  });
});

describe('readChurn with a cache folder', () => {
  let project: TempProject;
  let cacheDir: string;
  const commit = async (files: Record<string, string>, message: string) => {
    project.write(files);
    const git = simpleGit({ baseDir: project.root });
    await git.add('.');
    await git.commit(message);
  };

  beforeAll(async () => {
    project = await createTempProject({ git: true, files: { 'a.ts': 'v1\n', 'b.ts': 'v1\n' } });
    await commit({ 'a.ts': 'v2\n' }, 'second');
    cacheDir = realpathSync(mkdtempSync(join(tmpdir(), 'loom-churn-cache-')));
  });
  afterAll(() => {
    project.remove();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('gives what git gives, kept under HEAD and the window, and read again while HEAD stays', async () => {
    expect(await readChurn(project.root, 100, cacheDir)).toEqual(await readChurn(project.root, 100));
    expect(existsSync(join(cacheDir, 'churn.json'))).toBe(true);
    // An unchanged HEAD is answered from the kept file: a value planted under its key comes back.
    const kept = JSON.parse(readFileSync(join(cacheDir, 'churn.json'), 'utf8')) as { key: string; value: unknown };
    writeFileSync(join(cacheDir, 'churn.json'), JSON.stringify({ key: kept.key, value: { paths: 'planted.ts\0other.ts\0', counts: [9, 1] } }));
    const planted = await readChurn(project.root, 100, cacheDir);
    expect([...planted]).toEqual([['planted.ts', 9], ['other.ts', 1]]);
    expect(churnIdentity(planted)).toBe(kept.key);
    // Another window is another key.
    expect(await readChurn(project.root, 1, cacheDir)).toEqual(new Map([['a.ts', 1]]));
  });

  it('keeps a folder’s churn apart from the work tree’s, in the same cache folder', async () => {
    mkdirSync(join(project.root, 'sub'), { recursive: true });
    await commit({ 'sub/c.ts': 'v1\n' }, 'sub');
    const whole = await readChurn(project.root, 100, cacheDir);
    expect(await readChurn(join(project.root, 'sub'), 100, cacheDir)).toEqual(new Map([['c.ts', 1]]));
    expect(await readChurn(project.root, 100, cacheDir)).toEqual(whole);
    expect(whole.get('sub/c.ts')).toBe(1);
  });

  it('is empty, not a rejection, for a file named as the root', async () => {
    await expect(readChurn(join(project.root, 'a.ts'), 100, cacheDir)).resolves.toEqual(new Map());
  });

  it('reads git again once HEAD moves, under another identity', async () => {
    const before = await readChurn(project.root, 100, cacheDir);
    expect(churnIdentity(before)).toMatch(/^[0-9a-f]{40}:100:/);
    await commit({ 'b.ts': 'v2\n' }, 'third');
    const after = await readChurn(project.root, 100, cacheDir);
    expect(after).toEqual(new Map([['a.ts', 2], ['b.ts', 2], ['sub/c.ts', 1]]));
    expect(churnIdentity(after)).not.toBe(churnIdentity(before));
    // The same churn read back from the kept file keeps its identity; read without a cache folder it has none.
    expect(churnIdentity(await readChurn(project.root, 100, cacheDir))).toBe(churnIdentity(after));
    expect(churnIdentity(await readChurn(project.root, 100))).toBeUndefined();
  });

  it('keeps nothing for a shallow clone, whose history a fetch may deepen under the same HEAD', async () => {
    const clone = realpathSync(mkdtempSync(join(tmpdir(), 'loom-churn-shallow-')));
    const shallowCache = join(clone, 'cache');
    try {
      await simpleGit().clone(`file://${project.root}`, join(clone, 'repo'), ['--depth', '1']);
      expect(await readChurn(join(clone, 'repo'), 100, shallowCache)).toEqual(new Map([['a.ts', 1], ['b.ts', 1], ['sub/c.ts', 1]]));
      expect(existsSync(join(shallowCache, 'churn.json'))).toBe(false);
      expect(churnIdentity(await readChurn(join(clone, 'repo'), 100, shallowCache))).toBeUndefined();
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});
