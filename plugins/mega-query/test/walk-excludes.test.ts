import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { splitExcludes } from '../src/walk/apply-excludes.js';
import { DEFAULT_EXCLUDES } from '../src/walk/default-excludes.js';
import { createExcludeMatcher } from '../src/walk/excludes.js';

const require = createRequire(import.meta.url);

/**
 * Real paths nobody here wrote: the installed files of three packages, under their names, so
 * they hold `dist/`, nested `node_modules/`, declaration files and the like at several depths.
 * A few edge names are added: a file named like an excluded folder, a negated name.
 */
function corpus(): string[] {
  const paths = ['vitest', 'zod', '@oclif/core'].flatMap((name) => {
    const root = dirname(require.resolve(`${name}/package.json`));
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `${name}/${relative(root, `${entry.parentPath}/${entry.name}`)}`);
  });
  return [...paths, 'build', 'src/build', 'src/build/out.js', 'lib/keep.d.ts', 'lib/deep/keep.d.ts', 'x/node_modules/y/keep.d.ts'];
}

/** Every folder of `paths`, as the walk asks them (no trailing slash). */
const foldersOf = (paths: string[]): string[] => [...new Set(paths.flatMap((path) => path.split('/').slice(0, -1).map((_, n, parts) => parts.slice(0, n + 1).join('/'))))];

/** A deterministic shuffle: the matcher must not depend on being asked in listing order. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 7;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const cases: Array<[string, string[]]> = [
  ['the defaults (every pattern a name)', []],
  ['names with a negation', ['*.d.ts', '!keep.d.ts', 'LICENSE*']],
  ['patterns with a slash inside', ['zod/v4/classic/', 'vitest/*.d.ts', '**/locales/*.js']],
  ['an anchored pattern', ['/build']],
];

describe('exclude matcher', () => {
  const paths = corpus();
  const folders = foldersOf(paths);
  it.each(cases)('gives the ignore library’s verdict on every real path and folder: %s', (_, exclude) => {
    const patterns = [...DEFAULT_EXCLUDES, ...exclude];
    const reference = ignore().add(patterns);
    const matcher = createExcludeMatcher({ defaultExcludes: true, exclude, include: [] });
    const expectFile = paths.map((path) => [path, reference.test(path).rule?.pattern]);
    const expectDir = folders.map((folder) => [folder, reference.test(`${folder}/`).rule?.pattern]);
    // Asked out of order, files and folders interleaved.
    const asked = shuffled([...paths.map((path) => ['file', path] as const), ...folders.map((folder) => ['dir', folder] as const)]);
    const got = new Map(asked.map(([kind, path]) => [`${kind} ${path}`, kind === 'file' ? matcher.file(path) : matcher.dir(path)]));
    expect(paths.map((path) => [path, got.get(`file ${path}`)])).toEqual(expectFile);
    expect(folders.map((folder) => [folder, got.get(`dir ${folder}`)])).toEqual(expectDir);
    // The corpus exercises what it should: excluded folders deep down, and kept files.
    expect(expectDir.filter(([folder, rule]) => rule === 'node_modules/' && folder!.split('/').length > 2).length).toBeGreaterThan(0);
    expect(expectDir.filter(([, rule]) => rule === 'dist/').length).toBeGreaterThan(0);
    expect(expectFile.filter(([, rule]) => rule === undefined).length).toBeGreaterThan(100);
  });

  it('applies a negation to the name alone, and a folder pattern to folders only', () => {
    const matcher = createExcludeMatcher({ defaultExcludes: false, exclude: ['*.d.ts', '!keep.d.ts', 'build/'], include: [] });
    expect(matcher.file('lib/deep/keep.d.ts')).toBeUndefined();
    expect(matcher.file('lib/deep/other.d.ts')).toBe('*.d.ts');
    expect(matcher.file('src/build')).toBeUndefined();
    expect(matcher.dir('src/build')).toBe('build/');
    expect(matcher.file('src/build/keep.d.ts')).toBe('build/');
  });
});

describe('splitExcludes', () => {
  const split = (paths: string[], exclude: string[] = []) => {
    const splitter = splitExcludes(createExcludeMatcher({ defaultExcludes: true, exclude, include: [] }));
    const said = paths.map((path) => splitter.add(path));
    return { said, kept: splitter.kept, skipped: splitter.skipped };
  };

  it.each(cases)('keeps what the ignore library keeps, whatever the order, naming each excluded folder once: %s', (_, exclude) => {
    const paths = corpus();
    const reference = ignore().add([...DEFAULT_EXCLUDES, ...exclude]);
    const sorted = split([...paths].sort(), exclude);
    expect(new Set(sorted.kept)).toEqual(new Set(paths.filter((path) => !reference.ignores(path))));
    // Each skipped file by the rule the library names for it.
    for (const skip of sorted.skipped.filter((skip) => !skip.path.endsWith('/'))) expect([skip.path, skip.detail]).toEqual([skip.path, reference.test(skip.path).rule?.pattern]);
    const mixed = split(shuffled(paths), exclude);
    expect(new Set(mixed.kept)).toEqual(new Set(sorted.kept));
    const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : 1);
    expect([...mixed.skipped].sort(byPath)).toEqual([...sorted.skipped].sort(byPath));
    const folders = sorted.skipped.filter((skip) => skip.path.endsWith('/')).map((skip) => skip.path);
    expect(new Set(folders).size).toBe(folders.length);
    expect(folders.filter((folder) => folders.some((above) => above !== folder && folder.startsWith(above)))).toEqual([]);
    // Every path is kept or accounted for, and nothing kept lies under a folder named as excluded.
    expect(sorted.kept.filter((path) => folders.some((folder) => path.startsWith(folder)))).toEqual([]);
    for (const path of paths) expect(sorted.kept.includes(path) || sorted.skipped.some((skip) => skip.path === path || path.startsWith(skip.path))).toBe(true);
  });

  it('says of each path whether it is kept', () => {
    const paths = ['src/a.ts', 'node_modules/x/i.js', 'src/a.min.js', 'yarn.lock', 'README.md'];
    const { said, kept } = split(paths);
    expect(said).toEqual(paths.map((path) => kept.includes(path)));
    expect(kept).toEqual(['src/a.ts', 'README.md']);
  });

  it('keeps everything when no pattern is in force', () => {
    const splitter = splitExcludes(createExcludeMatcher({ defaultExcludes: false, exclude: [], include: [] }));
    expect(['node_modules/x.js', 'a.min.js'].map((path) => splitter.add(path))).toEqual([true, true]);
    expect(splitter.kept).toEqual(['node_modules/x.js', 'a.min.js']);
    expect(splitter.skipped).toEqual([]);
  });
});
