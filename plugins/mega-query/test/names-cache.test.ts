import { cpSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNameRules } from '../src/names-cache.js';
import { walk, type WalkOptions } from '../src/walk/index.js';
import { tempDir, ZOD_CORE } from './dry-run-kernel.js';

const DEFAULTS = { defaultExcludes: true, exclude: [], include: [] };
const options = (overrides: Partial<WalkOptions> = {}): WalkOptions => ({ ...DEFAULTS, maxFileBytes: 1_000_000, ...overrides });

/** zod's core sources (real files), with an excluded folder and an excluded file beside them. */
function corpus(): string {
  const root = tempDir();
  cpSync(ZOD_CORE, join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'dist/index.js'), 'built\n');
  writeFileSync(join(root, 'src/app.min.js'), 'minified\n');
  return root;
}

describe('the exclude patterns’ verdicts kept between walks', () => {
  it('gives a walk the same files and skips, fresh or kept, and keeps every name the walk met', async () => {
    const root = corpus();
    const cache = tempDir();
    const fresh = await walk(root, options());
    expect(fresh.skipped.map((skip) => [skip.path, skip.detail])).toEqual([
      ['dist/', 'dist/'],
      ['src/app.min.js', '*.min.js'],
    ]);

    const first = await openNameRules(cache, DEFAULTS);
    expect(first.rules.size).toBe(0);
    expect(await walk(root, options({ names: first.rules }))).toEqual(fresh);
    // Each file name and folder name once: 'src/' and 'dist/' as folders, the files by name.
    expect(first.rules.get('dist/')).toBe('dist/');
    expect(first.rules.get('app.min.js')).toBe('*.min.js');
    expect(first.rules.has('src/')).toBe(true);
    expect(first.rules.get('src/')).toBeUndefined();
    expect(first.rules.has('core.ts')).toBe(true);
    await first.save();

    const second = await openNameRules(cache, DEFAULTS);
    expect(new Map(second.rules)).toEqual(new Map(first.rules));
    expect(await walk(root, options({ names: second.rules }))).toEqual(fresh);
  });

  it('serves a kept verdict without matching the name again', async () => {
    const root = corpus();
    const cache = tempDir();
    const opened = await openNameRules(cache, DEFAULTS);
    opened.rules.set('src/', 'planted/');
    await opened.save();
    const walked = await walk(root, options({ names: (await openNameRules(cache, DEFAULTS)).rules }));
    expect(walked.files).toEqual([]);
    expect(walked.skipped.map((skip) => [skip.path, skip.detail])).toEqual([
      ['dist/', 'dist/'],
      ['src/', 'planted/'],
    ]);
  });

  it('keeps nothing for other patterns, and writes nothing when the walk met no new name', async () => {
    const root = corpus();
    const cache = tempDir();
    const opened = await openNameRules(cache, DEFAULTS);
    await walk(root, options({ names: opened.rules }));
    await opened.save();
    const file = join(cache, 'names.json');
    const written = statSync(file).mtimeMs;

    for (const other of [{ ...DEFAULTS, exclude: ['*.md'] }, { ...DEFAULTS, defaultExcludes: false }]) {
      expect((await openNameRules(cache, other)).rules.size).toBe(0);
    }
    const again = await openNameRules(cache, DEFAULTS);
    expect(again.rules.size).toBeGreaterThan(0);
    await walk(root, options({ names: again.rules }));
    await again.save();
    expect(statSync(file).mtimeMs).toBe(written);
  });

  it('starts empty from a damaged file, and a folder that cannot be written costs nothing', async () => {
    const cache = tempDir();
    writeFileSync(join(cache, 'names.json'), '{"key": 1, "value": ');
    const opened = await openNameRules(cache, DEFAULTS);
    expect(opened.rules.size).toBe(0);
    const blocked = join(tempDir(), 'file');
    writeFileSync(blocked, 'not a folder');
    const unwritable = await openNameRules(join(blocked, 'cache'), DEFAULTS);
    unwritable.rules.set('a.ts', undefined);
    await expect(unwritable.save()).resolves.toBeUndefined();
    expect(existsSync(join(blocked, 'cache'))).toBe(false);
  });
});
