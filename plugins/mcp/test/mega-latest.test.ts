import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepLatestMega, readLatestMega, saveLatestMega } from '../src/mega-latest.js';

describe('the latest mega report', () => {
  let root: string;
  let paths: { projectRoot: string; cacheDir: string };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'loom-mcp-mega-'));
    paths = { projectRoot: join(root, 'project'), cacheDir: join(root, 'cache') };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps the latest report of a folder inside the project, replacing the one before', () => {
    expect(readLatestMega(paths)).toBeUndefined();
    expect(saveLatestMega({ root: paths.projectRoot, report: { version: 1, n: 1 } }, paths, new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(saveLatestMega({ root: join(paths.projectRoot, 'src'), report: { version: 1, n: 2 } }, paths, new Date('2026-01-02T00:00:00Z'))).toBe(true);
    expect(readLatestMega(paths)).toEqual({ root: join(paths.projectRoot, 'src'), savedAt: '2026-01-02T00:00:00.000Z', report: { version: 1, n: 2 } });
    // Each project its own; nothing written into the project.
    expect(readLatestMega({ ...paths, projectRoot: join(root, 'other') })).toBeUndefined();
    expect(existsSync(paths.projectRoot)).toBe(false);
  });

  it('does not keep the report of a folder outside the project', () => {
    expect(saveLatestMega({ root, report: {} }, paths)).toBe(false);
    expect(readLatestMega(paths)).toBeUndefined();
  });

  it('warns instead of failing the run when the report cannot be written', () => {
    // The cache folder's place is taken by a file: no folder can be made there.
    writeFileSync(paths.cacheDir, 'not a folder');
    const warnings: string[] = [];
    expect(() => keepLatestMega({ root: paths.projectRoot, report: {} }, { paths, logger: { warn: (line) => warnings.push(line) } })).not.toThrow();
    expect(warnings).toEqual([expect.stringMatching(/^the latest mega report was not kept for loom:\/\/mega\/latest: /)]);
    expect(readLatestMega(paths)).toBeUndefined();
  });
});
