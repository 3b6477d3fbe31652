import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mayBeInGit } from '../src/git-presence.js';
import { readChurn } from '../src/repomap/churn.js';
import { listGitFiles } from '../src/walk/git-list.js';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'loom-git-presence-')));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const folder = (...parts: string[]) => {
  const path = join(base, ...parts);
  mkdirSync(path, { recursive: true });
  return path;
};
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=x', '-c', 'user.email=x@y', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });

describe('whether git could see a folder', () => {
  it('is no for a folder with no .git and no HEAD up to the root, unless GIT_DIR or GIT_WORK_TREE is set', () => {
    const plain = folder('plain', 'deep');
    expect(mayBeInGit(base, {}), `${base}: the temp folder must not be inside a repository`).toBe(false);
    expect(mayBeInGit(plain, {})).toBe(false);
    expect(mayBeInGit(plain, { GIT_DIR: '/elsewhere/.git' })).toBe(true);
    expect(mayBeInGit(plain, { GIT_WORK_TREE: plain })).toBe(true);
  });

  it('is yes below a work tree and inside what may be a bare repository', () => {
    const repo = folder('repo');
    git(repo, 'init', '-q');
    expect(mayBeInGit(folder('repo', 'src', 'deep'), {})).toBe(true);
    const bare = folder('bare.git');
    git(bare, 'init', '-q', '--bare');
    expect(mayBeInGit(folder('bare.git', 'refs', 'heads'), {})).toBe(true);
    writeFileSync(join(folder('has-head'), 'HEAD'), 'not git at all');
    expect(mayBeInGit(folder('has-head', 'below'), {})).toBe(true);
  });

  it('gives what git gives outside a repository: no listing, no churn', async () => {
    const plain = folder('plain-files');
    writeFileSync(join(plain, 'a.ts'), 'a');
    expect(await listGitFiles(plain)).toBeUndefined();
    expect(await readChurn(plain, 50)).toEqual(new Map());
  });

  it('still asks git inside a repository: its listing and churn', async () => {
    const repo = folder('work');
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'a.ts'), 'a');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'one');
    expect(await listGitFiles(repo)).toEqual(new Set(['a.ts']));
    expect(await readChurn(repo, 50)).toEqual(new Map([['a.ts', 1]]));
  });
});
