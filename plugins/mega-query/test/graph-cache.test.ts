import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importGraphOf } from '../src/graph-cache.js';
import { buildImportGraph } from '../src/repomap/import-graph.js';
import { pageRank } from '../src/repomap/pagerank.js';
import { rankFiles } from '../src/repomap/rank.js';
import type { ScannedFile } from '../src/types.js';
import { importing, scannedFile, symbol } from './repomap-helpers.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mega-graph-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A small workspace: app → lib (by package name) → util, util ↔ helpers in a cycle, a test beside. */
function repository(): ScannedFile[] {
  return [
    importing('app/main.ts', '@acme/lib', './config.js'),
    importing('app/config.ts'),
    scannedFile('lib/package.json', { symbols: [symbol('@acme/lib', '"name": "@acme/lib"', { kind: 'module' })] }, 'json'),
    importing('lib/src/index.ts', './util.js'),
    importing('lib/src/util.ts', './helpers.js'),
    importing('lib/src/helpers.ts', './util.js'),
    importing('lib/test/util.test.ts', '../src/util.js'),
  ];
}

/** What building the graph and its PageRank gives, with no cache. */
function fresh(files: ScannedFile[]) {
  const graph = buildImportGraph(files);
  return { ...graph, ranks: pageRank(files.map((file) => file.path), graph.edges) };
}

const keptFile = (dir: string) => join(dir, 'graph.json');

/** Marks the kept graph, key untouched, so a run served from it shows the mark. */
function mark(dir: string): void {
  const kept = JSON.parse(readFileSync(keptFile(dir), 'utf8')) as { key: string; value: { ranks: number[] } };
  kept.value.ranks = kept.value.ranks.map(() => 0.5);
  writeFileSync(keptFile(dir), JSON.stringify(kept));
}
const marked = (graph: { ranks?: Map<string, number> }) => [...graph.ranks!.values()].every((rank) => rank === 0.5);

describe('the kept import graph', () => {
  it('gives what building the graph gives, then serves it from the cache folder', async () => {
    const files = repository();
    const dir = tempDir();
    const built = await importGraphOf(files, dir);
    expect(built).toEqual(fresh(files));
    expect(built.edges).toContainEqual(['app/main.ts', 'lib/src/index.ts']);
    expect(built.cycles).toEqual([['lib/src/helpers.ts', 'lib/src/util.ts']]);
    expect(existsSync(keptFile(dir))).toBe(true);

    expect(await importGraphOf(files, dir)).toEqual(built);
    mark(dir);
    expect(marked(await importGraphOf(files, dir))).toBe(true);
  });

  it('ranks files as the graph built anew does', async () => {
    const files = repository();
    const dir = tempDir();
    await importGraphOf(files, dir);
    const kept = await importGraphOf(files, dir);
    const churn = new Map([['lib/src/util.ts', 3]]);
    expect(rankFiles(files, kept, churn)).toEqual(rankFiles(files, buildImportGraph(files), churn));
    expect(rankFiles(files, kept, churn, 'where is the util helper')).toEqual(rankFiles(files, buildImportGraph(files), churn, 'where is the util helper'));
  });

  it('keeps serving it through edits that change no import', async () => {
    const files = repository();
    const dir = tempDir();
    await importGraphOf(files, dir);
    mark(dir);
    const edited = files.map((file) => (file.path === 'lib/src/util.ts' ? { ...file, hash: 'f'.repeat(16), lines: 90, tokens: 800, facts: { ...file.facts!, symbols: [symbol('util', 'function util()')] } } : file));
    expect(marked(await importGraphOf(edited, dir))).toBe(true);
  });

  it('builds it anew when an import, a path, a language, the order or a package name changed', async () => {
    const base = repository();
    const changes: Array<[string, ScannedFile[]]> = [
      ['an import', base.map((file) => (file.path === 'lib/src/index.ts' ? importing('lib/src/index.ts', './helpers.js') : file))],
      ['a file added', [...base, importing('lib/src/extra.ts', './util.js')]],
      ['a file gone', base.filter((file) => file.path !== 'app/config.ts')],
      ['a language', base.map((file) => (file.path === 'lib/src/helpers.ts' ? { ...file, language: 'text' } : file))],
      ['the order', [...base].reverse()],
      ['a package name', base.map((file) => (file.path === 'lib/package.json' ? scannedFile('lib/package.json', { symbols: [symbol('@acme/other', '"name"', { kind: 'module' })] }, 'json') : file))],
    ];
    for (const [change, files] of changes) {
      const dir = tempDir();
      await importGraphOf(base, dir);
      mark(dir);
      const graph = await importGraphOf(files, dir);
      expect(marked(graph), change).toBe(false);
      expect(graph, change).toEqual(fresh(files));
    }
  });

  it('builds it anew over a kept file that is damaged or of another shape', async () => {
    const files = repository();
    for (const damage of ['{"key":', JSON.stringify({ key: 'x', value: {} }), 'null']) {
      const dir = tempDir();
      writeFileSync(keptFile(dir), damage);
      expect(await importGraphOf(files, dir)).toEqual(fresh(files));
    }
    // The right key with a value that does not fit these files is not trusted either.
    const dir = tempDir();
    await importGraphOf(files, dir);
    const kept = JSON.parse(readFileSync(keptFile(dir), 'utf8')) as { key: string; value: { ranks: number[] } };
    kept.value.ranks.pop();
    writeFileSync(keptFile(dir), JSON.stringify(kept));
    expect(await importGraphOf(files, dir)).toEqual(fresh(files));
  });
});
