import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFs, walk, type WalkOptions } from '../src/walk/index.js';
import { inspect } from '../src/walk/inspect.js';
import { statAhead } from '../src/walk/stat-ahead.js';

// The worker is the built dist/walk/stat-worker.js: `pnpm build` first, as for the CLI tests.

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const MAX_BYTES = 100;

/**
 * A tree of `count` small files in nested folders, and first in listing order one of each thing
 * that is not a plain file: a file over the cap, a symlink to a file, one to a folder, one out of
 * the tree, a FIFO, and a path that is gone by the time it is stat'd.
 */
function tree(count: number): { root: string; listed: string[]; odd: string[] } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'mega-stat-ahead-')));
  roots.push(root);
  mkdirSync(join(root, 'a/b'), { recursive: true });
  writeFileSync(join(root, 'a/big.txt'), 'x'.repeat(MAX_BYTES + 1));
  writeFileSync(join(root, 'a/target.txt'), 'target');
  symlinkSync('target.txt', join(root, 'a/link.txt'));
  symlinkSync('b', join(root, 'a/folder-link'));
  symlinkSync('/etc/hostname', join(root, 'a/outside'));
  execFileSync('mkfifo', [join(root, 'a/fifo')]);
  const odd = ['a/big.txt', 'a/link.txt', 'a/folder-link', 'a/outside', 'a/fifo', 'a/gone.txt'];
  const listed = [...odd];
  for (let index = 0; index < count; index++) {
    const path = `a/b/${index % 7}/f${index}.ts`;
    mkdirSync(join(root, 'a/b', String(index % 7)), { recursive: true });
    writeFileSync(join(root, path), `export const n = ${index};\n`);
    listed.push(path);
  }
  listed.push('a/target.txt');
  return { root, listed, odd };
}

describe('stats on a worker beside the listing', () => {
  it('gives each path the inspection this thread would, and leaves what is not a plain file to the caller', async () => {
    const { root, listed, odd } = tree(2000);
    const ahead = statAhead(root, MAX_BYTES, 0);
    try {
      for (const path of listed) ahead.add(path);
      const found = await ahead.finish();
      for (const [path, inspection] of found) expect(inspection).toEqual(await inspect(root, path, MAX_BYTES, nodeFs));
      // The first batches went to the worker: it answered its plain files and none of the rest.
      expect(odd.filter((path) => found.has(path))).toEqual(['a/big.txt']);
      expect(found.get('a/big.txt')).toMatchObject({ kind: 'skip', skipped: { reason: 'too-large' } });
      // Every plain file under the cap is answered, by the worker or by this thread.
      expect(listed.filter((path) => !found.has(path))).toEqual(odd.slice(1));
    } finally {
      ahead.close();
    }
  });

  it('stops at an aborted signal, before it stats what is left, and closes after', async () => {
    // More batches than the worker may hold, so some are left for this thread.
    const { root, listed } = tree(4000);
    const ahead = statAhead(root, MAX_BYTES, 0);
    for (const path of listed) ahead.add(path);
    const stop = new AbortController();
    stop.abort(new Error('stopped'));
    await expect(ahead.finish(stop.signal)).rejects.toThrow('stopped');
    // Closing ends the worker; closing again is harmless (a walk's finally may follow an abort).
    expect(() => ahead.close()).not.toThrow();
    expect(() => ahead.close()).not.toThrow();
  });

  it('starts no worker below its threshold, and the caller inspects everything', async () => {
    const { root, listed } = tree(600);
    const ahead = statAhead(root, MAX_BYTES, 10_000);
    for (const path of listed) ahead.add(path);
    expect((await ahead.finish()).size).toBe(0);
    ahead.close();
  });

  it('names the folders that are folders all the way from the root, for the batches it stats and for those this thread does', async () => {
    // More batches than the worker may hold: this thread stats some, the worker looks at their folders.
    const { root, listed } = tree(4000);
    const throughLink = ['a/folder-link/0/f0.ts', 'a/folder-link/1/f1.ts'];
    const ahead = statAhead(root, MAX_BYTES, 0, { folders: true });
    try {
      for (const path of [...throughLink, ...listed]) ahead.add(path);
      const found = await ahead.finish();
      // Read through the link, the files are plain; their folders are not real ones.
      expect(found.get('a/folder-link/0/f0.ts')).toMatchObject({ kind: 'file' });
      expect([...ahead.plainFolders].sort()).toEqual(['a', 'a/b', ...Array.from({ length: 7 }, (_, index) => `a/b/${index}`)]);
    } finally {
      ahead.close();
    }
    // Not asked to: no folder is named.
    const quiet = statAhead(root, MAX_BYTES, 0);
    try {
      for (const path of listed) quiet.add(path);
      await quiet.finish();
      expect(quiet.plainFolders.size).toBe(0);
    } finally {
      quiet.close();
    }
  });

  const options = (statAheadFrom: number): WalkOptions => ({ defaultExcludes: true, exclude: [], include: [], maxFileBytes: MAX_BYTES, statAheadFrom });

  it('gives the walk the same files, skips and stamps with a worker as without', async () => {
    const { root } = tree(1500);
    const alone = await walk(root, options(Number.POSITIVE_INFINITY));
    const beside = await walk(root, options(0));
    expect(beside.source).toBe('filesystem');
    expect(beside).toEqual(alone);
    expect(alone.files.length).toBe(1501);
    // The listing itself leaves the FIFO out; the link is read as its target, listed too.
    expect(alone.skipped.map((skip) => [skip.path, skip.reason])).toEqual([
      ['a/big.txt', 'too-large'],
      ['a/outside', 'symlink-outside-root'],
    ]);
  });

  it('does the same for the listing of git, which arrives whole (the worker takes the first batches, this thread the rest)', async () => {
    const { root } = tree(1500);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=x', '-c', 'user.email=x@y', '-c', 'commit.gpgsign=false', ...args], { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    rmSync(join(root, 'a/fifo'));
    git('add', '-A');
    git('commit', '-qm', 'tree');
    // Tracked, then deleted: git still lists it, and the walk finds it gone.
    rmSync(join(root, 'a/b/0/f0.ts'));
    const alone = await walk(root, options(Number.POSITIVE_INFINITY));
    const beside = await walk(root, options(0));
    expect(beside.source).toBe('git');
    expect(beside).toEqual(alone);
    expect(alone.files.length).toBe(1500);
    expect(alone.skipped.map((skip) => skip.path)).toContain('a/b/0/f0.ts');
  });

  it('tells the policy a git-listed file is in a real folder only where the worker found one, so a folder turned link is resolved', async () => {
    const { root } = tree(1500);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=x', '-c', 'user.email=x@y', '-c', 'commit.gpgsign=false', ...args], { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    rmSync(join(root, 'a/fifo'));
    writeFileSync(join(root, 'top.ts'), 'top');
    git('add', '-A');
    git('commit', '-qm', 'tree');
    // A tracked folder replaced by a link out of the tree: git still lists its files.
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'mega-stat-ahead-outside-')));
    roots.push(outside);
    writeFileSync(join(outside, `f6.ts`), 'outside');
    rmSync(join(root, 'a/b/6'), { recursive: true });
    symlinkSync(outside, join(root, 'a/b/6'));
    for (const statAheadFrom of [0, Number.POSITIVE_INFINITY]) {
      const told = new Map<string, boolean>();
      const result = await walk(root, {
        ...options(statAheadFrom),
        deny: (abs, plain, realFolder) => {
          told.set(abs.slice(root.length + 1), realFolder);
          // As the policy would decide, with the folder taken as real only when told so.
          return (realFolder ? abs : join(realpathSync(dirname(abs)), basename(abs))).startsWith(`${root}/`) ? undefined : 'outside';
        },
      });
      expect(result.skipped).toContainEqual({ path: 'a/b/6/f6.ts', reason: 'denied', detail: 'outside' });
      expect(result.files.map((file) => file.path)).not.toContain('a/b/6/f6.ts');
      expect(told.get('a/b/6/f6.ts')).toBe(false);
      // The root's own files are in the real root; the others only where the worker looked.
      expect(told.get('top.ts')).toBe(true);
      expect(told.get('a/b/0/f7.ts')).toBe(statAheadFrom === 0);
    }
  });
});
