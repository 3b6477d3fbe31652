import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFs, walk, type WalkFs, type WalkOptions } from '../src/walk/index.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) {
    chmodSync(root, 0o755);
    rmSync(root, { recursive: true, force: true });
  }
});

/** A folder outside any git work tree, holding `files`. */
function project(files: Record<string, string> = {}): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'mega-walk-fs-')));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const options = (overrides: Partial<WalkOptions> = {}): WalkOptions => ({ defaultExcludes: true, exclude: [], include: [], maxFileBytes: 1_000_000, ...overrides });
const paths = (result: { files: Array<{ path: string }> }) => result.files.map((file) => file.path);
const eacces = (path: string) => Object.assign(new Error(`EACCES: permission denied, '${path}'`), { code: 'EACCES' });

describe('walk outside git', () => {
  it('applies .gitignore files to their own folder, nested ones included, with negation', async () => {
    const root = project({
      '.gitignore': '*.tmp\n',
      'a.ts': 'a',
      'a.tmp': 'x',
      'sub/.gitignore': 'local.txt\n!keep.tmp\n',
      'sub/local.txt': 'x',
      'sub/keep.tmp': 'k',
      'sub/b.ts': 'b',
      'other/local.txt': 'not ignored here',
    });
    const result = await walk(root, options());
    expect(result.source).toBe('filesystem');
    expect(paths(result)).toEqual(['.gitignore', 'a.ts', 'other/local.txt', 'sub/.gitignore', 'sub/b.ts', 'sub/keep.tmp']);
    expect(result.skipped).toEqual([]);
  });

  it('skips default excludes, an excluded folder once and without entering it, and lists the patterns', async () => {
    const root = project({
      'src/app.ts': 'app',
      'src/app.min.js': 'min',
      'package-lock.json': '{}',
      'node_modules/dep/index.js': 'dep',
      'node_modules/dep/lib/deep.js': 'deep',
      'dist/out.js': 'out',
    });
    const result = await walk(root, options());
    expect(paths(result)).toEqual(['src/app.ts']);
    expect(result.skipped).toEqual([
      { path: 'dist/', reason: 'excluded', detail: 'dist/' },
      { path: 'node_modules/', reason: 'excluded', detail: 'node_modules/' },
      { path: 'package-lock.json', reason: 'excluded', detail: 'package-lock.json' },
      { path: 'src/app.min.js', reason: 'excluded', detail: '*.min.js' },
    ]);
    expect(result.excludes).toContain('node_modules/');
    expect(result.excludes).toContain('yarn.lock');
  });

  it('lets include win over a default, adds exclude patterns, and keeps everything without defaults', async () => {
    const root = project({ 'src/app.ts': 'a', 'src/gen.generated.ts': 'g', 'dist/keep.js': 'k', 'docs/notes.md': 'n', 'vendor/mine/x.go': 'x', 'vendor/theirs/y.go': 'y' });
    const configured = await walk(root, options({ include: ['*.generated.ts', 'dist/', 'vendor/mine/**'], exclude: ['docs/'] }));
    expect(paths(configured)).toEqual(['dist/keep.js', 'src/app.ts', 'src/gen.generated.ts', 'vendor/mine/x.go']);
    expect(configured.skipped).toEqual([
      { path: 'docs/', reason: 'excluded', detail: 'docs/' },
      { path: 'vendor/theirs/', reason: 'excluded', detail: 'vendor/' },
    ]);
    expect(configured.excludes.at(-1)).toBe('docs/');

    const bare = await walk(root, options({ defaultExcludes: false }));
    expect(paths(bare)).toHaveLength(6);
    expect(bare.excludes).toEqual([]);
  });

  it('skips files over the size cap with their size, and files the policy denies with its reason', async () => {
    const root = project({ 'big.txt': 'x'.repeat(101), 'edge.txt': 'x'.repeat(100), '.env': 'A=1' });
    const result = await walk(root, options({ maxFileBytes: 100, deny: (abs) => (abs.endsWith('/.env') ? 'credentials store' : undefined) }));
    expect(paths(result)).toEqual(['edge.txt']);
    expect(result.skipped).toEqual([
      { path: '.env', reason: 'denied', detail: 'credentials store' },
      { path: 'big.txt', reason: 'too-large', detail: '101 bytes' },
    ]);
  });

  it('tells the policy a file it lstat\'d is plain and its folder real (the walk follows no link); a link is neither', async () => {
    const root = project({ 'deep/er/a.ts': 'a', 'b.ts': 'b' });
    symlinkSync(join(root, 'b.ts'), join(root, 'deep', 'link.ts'));
    const asked: Array<[string, boolean, boolean]> = [];
    await walk(root, options({ deny: (abs, plain, realFolder) => void asked.push([abs.slice(root.length + 1), plain, realFolder]) }));
    expect(asked.sort()).toEqual([
      ['b.ts', true, true],
      ['deep/er/a.ts', true, true],
      ['deep/link.ts', false, true],
    ]);
  });

  it('reads a file linked inside the root once, under its own path', async () => {
    const root = project({ 'real.ts': 'r', 'lib/util.ts': 'u' });
    symlinkSync(join(root, 'real.ts'), join(root, 'alias.ts'));
    symlinkSync('util.ts', join(root, 'lib', 'util-link.ts'));
    symlinkSync(join(root, 'lib'), join(root, 'lib-link'));
    const result = await walk(root, options());
    expect(paths(result)).toEqual(['lib/util.ts', 'real.ts']);
    expect(result.skipped).toEqual([]);
  });

  it('keeps a link whose target is not listed itself, once', async () => {
    const root = project({ '.gitignore': 'hidden/\n', 'hidden/secret-sauce.ts': 's' });
    symlinkSync(join(root, 'hidden', 'secret-sauce.ts'), join(root, 'b.ts'));
    symlinkSync(join(root, 'hidden', 'secret-sauce.ts'), join(root, 'a.ts'));
    const result = await walk(root, options());
    expect(result.files).toEqual([
      { path: '.gitignore', abs: join(root, '.gitignore'), size: 8, ...stampOf(join(root, '.gitignore')) },
      { path: 'a.ts', abs: join(root, 'a.ts'), size: 1, ...stampOf(join(root, 'a.ts')) },
    ]);
  });

  it('never follows a symlink out of the root', async () => {
    const outside = project({ 'passwd.txt': 'secret', 'dir/x.txt': 'x' });
    const root = project({ 'in.ts': 'i' });
    symlinkSync(join(outside, 'passwd.txt'), join(root, 'out-file'));
    symlinkSync(join(outside, 'dir'), join(root, 'out-dir'));
    const result = await walk(root, options());
    expect(paths(result)).toEqual(['in.ts']);
    expect(result.skipped).toEqual([
      { path: 'out-dir', reason: 'symlink-outside-root', detail: join(outside, 'dir') },
      { path: 'out-file', reason: 'symlink-outside-root', detail: join(outside, 'passwd.txt') },
    ]);
  });

  it('ends on a folder symlink to its parent and on a link cycle, reporting both as loops', async () => {
    const root = project({ 'a/file.ts': 'f' });
    symlinkSync('..', join(root, 'a', 'up'));
    symlinkSync('ping', join(root, 'pong'));
    symlinkSync('pong', join(root, 'ping'));
    const result = await walk(root, options());
    expect(paths(result)).toEqual(['a/file.ts']);
    expect(result.skipped).toEqual([
      { path: 'a/up', reason: 'symlink-loop', detail: '.' },
      { path: 'ping', reason: 'symlink-loop' },
      { path: 'pong', reason: 'symlink-loop' },
    ]);
  });

  it('reports a file that vanishes between listing and stat, and one it may not stat', async () => {
    const root = project({ 'a.ts': 'a', 'gone.ts': 'g', 'locked.ts': 'l' });
    const fs: WalkFs = {
      ...nodeFs,
      lstat: async (path) => {
        if (path.endsWith('gone.ts')) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        if (path.endsWith('locked.ts')) throw eacces(path);
        return nodeFs.lstat(path);
      },
    };
    const result = await walk(root, options({ fs }));
    expect(paths(result)).toEqual(['a.ts']);
    expect(result.skipped).toEqual([
      { path: 'gone.ts', reason: 'vanished' },
      { path: 'locked.ts', reason: 'permission-denied' },
    ]);
  });

  it('reports a subfolder it may not list, and goes on', async () => {
    const root = project({ 'a.ts': 'a', 'private/b.ts': 'b' });
    const fs: WalkFs = { ...nodeFs, readdir: async (path) => (path.endsWith('private') ? Promise.reject(eacces(path)) : nodeFs.readdir(path)) };
    const result = await walk(root, options({ fs }));
    expect(paths(result)).toEqual(['a.ts']);
    expect(result.skipped).toEqual([{ path: 'private/', reason: 'permission-denied' }]);
  });

  it('with real permissions when not root: an unreadable folder is skipped, an unreadable root refused', async () => {
    const root = project({ 'a.ts': 'a', 'private/b.ts': 'b' });
    chmodSync(join(root, 'private'), 0o000);
    const asRoot = process.getuid?.() === 0;
    try {
      const result = await walk(root, options());
      // root reads anything: then the folder is simply listed.
      expect(paths(result)).toEqual(asRoot ? ['a.ts', 'private/b.ts'] : ['a.ts']);
      if (asRoot) await expect(walk(join(root, 'private'), options())).resolves.toMatchObject({ files: [{ path: 'b.ts' }] });
      else await expect(walk(join(root, 'private'), options())).rejects.toMatchObject({ code: 'MEGA_PERMISSION_DENIED' });
    } finally {
      chmodSync(join(root, 'private'), 0o755);
    }
  });

  it('refuses an unreadable root with a LoomError and a hint', async () => {
    const root = project({ 'a.ts': 'a' });
    const fs: WalkFs = { ...nodeFs, readdir: async (path) => Promise.reject(eacces(path)) };
    await expect(walk(root, options({ fs }))).rejects.toMatchObject({ name: 'LoomError', code: 'MEGA_PERMISSION_DENIED', hint: expect.stringMatching(/permission|user/) });
  });

  it('refuses a missing path and a file with distinct LoomErrors', async () => {
    const root = project({ 'a.ts': 'a' });
    await expect(walk(join(root, 'nope'), options())).rejects.toMatchObject({ name: 'LoomError', code: 'MEGA_PATH_NOT_FOUND' });
    await expect(walk(join(root, 'a.ts', 'below'), options())).rejects.toMatchObject({ code: 'MEGA_PATH_NOT_FOUND' });
    const error = await walk(join(root, 'a.ts'), options()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'LoomError', code: 'MEGA_NOT_A_DIRECTORY' });
    expect((error as { hint?: string }).hint).toMatch(/folder/);
  });

  it('returns nothing, not an error, for an empty folder, and reports progress', async () => {
    const root = project();
    const seen: number[] = [];
    const result = await walk(root, options({ onProgress: (found) => seen.push(found) }));
    expect(result).toEqual({ root, source: 'filesystem', files: [], skipped: [], excludes: expect.any(Array) });
    expect(seen.at(-1)).toBe(0);
  });

  it('stops when aborted', async () => {
    const root = project({ 'a.ts': 'a' });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(walk(root, options({ signal: controller.signal }))).rejects.toThrow('stop');
  });
});

function stampOf(abs: string): { mtimeMs: number; ino: number } {
  const { mtimeMs, ino } = statSync(abs);
  return { mtimeMs, ino };
}
