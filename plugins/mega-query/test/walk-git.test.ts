import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { walk, type WalkOptions } from '../src/walk/index.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function tempDir(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'mega-walk-git-')));
  roots.push(root);
  return root;
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

const git = (root: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=x', '-c', 'user.email=x@y', '-c', 'commit.gpgsign=false', ...args], { cwd: root, stdio: 'pipe' });

/** A repository with `committed` in its first commit (force-added, so later ignores do not matter). */
function repo(committed: Record<string, string>): string {
  const root = tempDir();
  git(root, 'init', '-q');
  write(root, committed);
  git(root, 'add', '-f', '.');
  git(root, 'commit', '-q', '-m', 'init');
  return root;
}

const options = (overrides: Partial<WalkOptions> = {}): WalkOptions => ({ defaultExcludes: true, exclude: [], include: [], maxFileBytes: 1_000_000, ...overrides });
const paths = (result: { files: Array<{ path: string }> }) => result.files.map((file) => file.path);

describe('walk in a git work tree', () => {
  it('lists tracked and untracked files, keeps a tracked file a later .gitignore matches, drops untracked ignored ones', async () => {
    const root = repo({ 'src/a.ts': 'a', 'notes.log': 'tracked log' });
    write(root, { '.gitignore': '*.log\n', 'src/new.ts': 'new', 'debug.log': 'untracked log' });
    const result = await walk(root, options());
    expect(result.source).toBe('git');
    expect(result.root).toBe(root);
    expect(paths(result)).toEqual(['.gitignore', 'notes.log', 'src/a.ts', 'src/new.ts']);
    expect(result.skipped).toEqual([]);
  });

  it("tells the policy only the root's own files are in a real folder: git lists paths whose folders may have become links since", async () => {
    const root = repo({ 'src/a.ts': 'a', 'b.ts': 'b' });
    const asked = new Map<string, boolean>();
    await walk(root, options({ deny: (abs, plain, realFolder) => void asked.set(abs.slice(root.length + 1), plain && realFolder) }));
    expect(Object.fromEntries(asked)).toEqual({ 'b.ts': true, 'src/a.ts': false });
  });

  it('lists paths relative to a subfolder root, only that subfolder', async () => {
    const root = repo({ 'pkg/lib/x.ts': 'x', 'pkg/y.ts': 'y', 'other/z.ts': 'z' });
    const result = await walk(join(root, 'pkg'), options());
    expect(result.source).toBe('git');
    expect(result.root).toBe(join(root, 'pkg'));
    expect(paths(result)).toEqual(['lib/x.ts', 'y.ts']);
    expect(result.files[0]?.abs).toBe(join(root, 'pkg', 'lib', 'x.ts'));
  });

  it('reports a tracked file deleted from disk as vanished', async () => {
    const root = repo({ 'kept.ts': 'k', 'gone.ts': 'g' });
    unlinkSync(join(root, 'gone.ts'));
    const result = await walk(root, options());
    expect(paths(result)).toEqual(['kept.ts']);
    expect(result.skipped).toEqual([{ path: 'gone.ts', reason: 'vanished' }]);
  });

  it('excludes a tracked vendored folder with one entry for the folder, and tracked lockfiles by name', async () => {
    const root = repo({ 'vendor/lib/a.go': 'a', 'vendor/lib/b.go': 'b', 'go.sum': 'sums', 'main.go': 'package main' });
    const result = await walk(root, options());
    expect(paths(result)).toEqual(['main.go']);
    expect(result.skipped).toEqual([
      { path: 'go.sum', reason: 'excluded', detail: 'go.sum' },
      { path: 'vendor/', reason: 'excluded', detail: 'vendor/' },
    ]);
  });

  it('records sizes from disk', async () => {
    const root = repo({ 'five.txt': '12345' });
    const result = await walk(root, options());
    expect(result.files).toEqual([{ path: 'five.txt', abs: join(root, 'five.txt'), size: 5, ...stampOf(join(root, 'five.txt')) }]);
  });

  it('walks the filesystem when the root itself is git-ignored (git would list nothing of it)', async () => {
    const root = repo({ '.gitignore': 'generated/\n', 'a.ts': 'a' });
    write(root, { 'generated/out.ts': 'o' });
    const result = await walk(join(root, 'generated'), options());
    expect(result.source).toBe('filesystem');
    expect(paths(result)).toEqual(['out.ts']);
  });

  it('lists a file in a merge conflict once, though the index holds it three times', async () => {
    const root = repo({ 'both.ts': 'base\n', 'kept.ts': 'k' });
    git(root, 'checkout', '-q', '-b', 'other');
    write(root, { 'both.ts': 'other\n' });
    git(root, 'commit', '-qam', 'other');
    git(root, 'checkout', '-q', '-');
    write(root, { 'both.ts': 'main\n', 'untracked.ts': 'u' });
    git(root, 'commit', '-qam', 'main');
    expect(() => git(root, 'merge', '-q', 'other')).toThrow();
    // The conflict's three stages are three index entries of one path.
    expect(String(git(root, 'ls-files', '--cached')).split('\n').filter((line) => line === 'both.ts')).toHaveLength(3);
    const result = await walk(root, options());
    expect(paths(result)).toEqual(['both.ts', 'kept.ts', 'untracked.ts']);
  });

  it('gives an empty result for an empty repository', async () => {
    const root = tempDir();
    git(root, 'init', '-q');
    const result = await walk(root, options());
    expect(result).toMatchObject({ source: 'git', files: [], skipped: [] });
  });
});

function stampOf(abs: string): { mtimeMs: number; ino: number } {
  const { mtimeMs, ino } = statSync(abs);
  return { mtimeMs, ino };
}
