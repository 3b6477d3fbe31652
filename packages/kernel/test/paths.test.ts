import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_CONFIG_FILE, PROJECT_STATE_DIR, climbsOut, findProjectRoot, isWithin, resolvePaths } from '../src/paths.js';

let root: string;

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'loom-paths-')));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const dir = (...segments: string[]) => {
  const path = join(root, ...segments);
  mkdirSync(path, { recursive: true });
  return path;
};

describe('findProjectRoot', () => {
  it('finds the nearest folder with loom.config.json', () => {
    writeFileSync(join(dir('project'), 'loom.config.json'), '{}');
    expect(findProjectRoot(dir('project', 'src', 'deep'))).toBe(join(root, 'project'));
    expect(findProjectRoot(join(root, 'project'))).toBe(join(root, 'project'));
  });

  it('prefers the nearest loom.config.json when there are several', () => {
    writeFileSync(join(dir('outer'), 'loom.config.json'), '{}');
    writeFileSync(join(dir('outer', 'inner'), 'loom.config.json'), '{}');
    expect(findProjectRoot(dir('outer', 'inner', 'src'))).toBe(join(root, 'outer', 'inner'));
  });

  it('falls back to the nearest folder with .git', () => {
    dir('repo', '.git');
    expect(findProjectRoot(dir('repo', 'packages', 'a'))).toBe(join(root, 'repo'));
  });

  it('prefers loom.config.json over a nearer .git', () => {
    writeFileSync(join(dir('project'), 'loom.config.json'), '{}');
    dir('project', 'vendor', 'lib', '.git');
    expect(findProjectRoot(dir('project', 'vendor', 'lib', 'src'))).toBe(join(root, 'project'));
  });

  it('falls back to cwd itself, resolved to an absolute path', () => {
    const cwd = dir('plain', 'folder');
    expect(findProjectRoot(cwd)).toBe(cwd);
    expect(findProjectRoot(join(cwd, '..', 'folder'))).toBe(cwd);
  });
});

describe('resolvePaths', () => {
  it('derives the project and user paths', () => {
    writeFileSync(join(dir('project'), 'loom.config.json'), '{}');
    const paths = resolvePaths({ cwd: dir('project', 'src'), userConfigDir: '/u/config/loom', dataDir: '/u/data/loom', cacheDir: '/u/cache/loom' });
    expect(paths).toEqual({
      projectRoot: join(root, 'project'),
      stateDir: join(root, 'project', '.loom'),
      projectConfigFile: join(root, 'project', 'loom.config.json'),
      userConfigDir: '/u/config/loom',
      userConfigFile: join('/u/config/loom', 'config.json'),
      dataDir: '/u/data/loom',
      cacheDir: '/u/cache/loom',
    });
  });

  it('names the file and folder it looks for', () => {
    expect(PROJECT_CONFIG_FILE).toBe('loom.config.json');
    expect(PROJECT_STATE_DIR).toBe('.loom');
  });
});

describe('isWithin and climbsOut', () => {
  it('takes a name that starts with two dots as a name, and only `..` as the folder above', () => {
    expect(isWithin('/p', '/p')).toBe(true);
    expect(isWithin('/p', '/p/a/b')).toBe(true);
    expect(isWithin('/p', '/p/..notes')).toBe(true);
    expect(isWithin('/p', '/p/..hidden/a.txt')).toBe(true);
    expect(isWithin('/p', '/p/a/../..x')).toBe(true);
    expect(isWithin('/p', '/')).toBe(false);
    expect(isWithin('/p', '/q')).toBe(false);
    expect(isWithin('/p', '/p2/a')).toBe(false);
    expect(isWithin('/p/a', '/p/b')).toBe(false);
    expect(isWithin('/p', '/p/a/../../q')).toBe(false);
    expect(climbsOut('..')).toBe(true);
    expect(climbsOut('../x')).toBe(true);
    expect(climbsOut('/elsewhere')).toBe(true);
    expect(climbsOut('..x')).toBe(false);
    expect(climbsOut('x/..')).toBe(false);
    expect(climbsOut('')).toBe(false);
  });
});
