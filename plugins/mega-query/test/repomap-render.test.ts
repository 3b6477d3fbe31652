import { estimateTextTokens } from '@loomkit/llm';
import { createTempProject } from '@loomkit/testkit';
import { isLoomError } from '@loomkit/kernel';
import { describe, expect, it } from 'vitest';
import { buildRepoMap, extractFacts, renderRepoMap, signaturesOf } from '../src/repomap/index.js';
import type { RepoMap, ScannedFile } from '../src/types.js';
import { importing, scannedFile, symbol } from './repomap-helpers.js';

describe('signaturesOf', () => {
  it('lists the path, then signatures indented, members under their class', () => {
    const file = scannedFile('src/store.ts', {
      symbols: [
        symbol('get', 'get(key: string): string', { kind: 'method', parent: 'Store', startLine: 4 }),
        symbol('Store', 'export class Store', { kind: 'class', startLine: 3 }),
        symbol('open', 'export function open(): Store', { startLine: 12 }),
      ],
    });
    expect(signaturesOf(file)).toBe(['src/store.ts:', '  export class Store', '    get(key: string): string', '  export function open(): Store'].join('\n'));
  });

  it('nests a nested class and its methods one level deeper each', () => {
    const file = scannedFile('A.java', {
      symbols: [
        symbol('Outer', 'public class Outer', { kind: 'class', startLine: 1 }),
        symbol('Inner', 'static class Inner', { kind: 'class', parent: 'Outer', startLine: 2 }),
        symbol('run', 'void run()', { kind: 'method', parent: 'Inner', startLine: 3 }),
      ],
    });
    expect(signaturesOf(file).split('\n')).toEqual(['A.java:', '  public class Outer', '    static class Inner', '      void run()']);
  });

  it('is the bare path for a file without facts', () => {
    expect(signaturesOf(scannedFile('README.md', undefined, 'markdown'))).toBe('README.md:');
  });
});

describe('renderRepoMap', () => {
  // 40 files, each with a few signatures; file k ranks k-th.
  const files: ScannedFile[] = Array.from({ length: 40 }, (_, k) =>
    scannedFile(`src/module${k}.ts`, {
      symbols: Array.from({ length: 3 }, (_, s) => symbol(`fn${k}x${s}`, `export function fn${k}x${s}(input: string): number`, { startLine: s + 1 })),
    }),
  );
  const map: RepoMap = {
    graph: { edges: [], hubs: [], cycles: [] },
    ranked: files.map((file, k) => ({ path: file.path, score: 1 - k / 40, pagerank: 0, churn: 0, relevance: 0, role: 'implementation' as const })),
  };

  it('never exceeds the budget, and shows more files as the budget grows', () => {
    let previous = -1;
    for (const budget of [0, 10, 40, 100, 250, 600, 1_500, 100_000]) {
      const rendered = renderRepoMap(map, files, { tokens: budget });
      expect(rendered.tokens).toBeLessThanOrEqual(budget);
      expect(rendered.tokens).toBe(estimateTextTokens(rendered.text));
      expect(rendered.files).toBeGreaterThanOrEqual(previous);
      previous = rendered.files;
    }
    expect(renderRepoMap(map, files, { tokens: 100_000 }).files).toBe(40);
    expect(renderRepoMap(map, files, { tokens: 250 }).files).toBeLessThan(renderRepoMap(map, files, { tokens: 600 }).files);
  });

  it('shows the best-ranked files first, in rank order', () => {
    const { text, files: shown } = renderRepoMap(map, files, { tokens: 300 });
    expect(shown).toBeGreaterThan(1);
    const headers = text.split('\n').filter((line) => !line.startsWith(' '));
    expect(headers).toEqual(files.slice(0, shown).map((file) => `${file.path}:`));
    expect(text.split('\n')[1]).toBe('  export function fn0x0(input: string): number');
  });

  it('skips a file too big for what is left and keeps filling with smaller ones', () => {
    const huge = scannedFile('src/huge.ts', { symbols: Array.from({ length: 200 }, (_, s) => symbol(`big${s}`, `export function big${s}(): void`, { startLine: s + 1 })) });
    const ranked = [{ path: huge.path, score: 1, pagerank: 0, churn: 0, relevance: 0, role: 'implementation' as const }, ...map.ranked];
    const rendered = renderRepoMap({ ...map, ranked }, [huge, ...files], { tokens: 200 });
    expect(rendered.text).not.toContain('src/huge.ts');
    expect(rendered.text.startsWith('src/module0.ts:')).toBe(true);
    expect(rendered.tokens).toBeLessThanOrEqual(200);
  });

  it('writes each file as its path and indented heads, in rank order', async () => {
    const mixed = [importing('a.ts', './b.js'), scannedFile('b.ts', await extractFacts('export function b(): void {}\n', 'typescript'))];
    const ranked = [
      { path: 'b.ts', score: 1, pagerank: 0.6, churn: 0, relevance: 0, role: 'implementation' as const },
      { path: 'a.ts', score: 0.5, pagerank: 0.4, churn: 0, relevance: 0, role: 'implementation' as const },
    ];
    const rendered = renderRepoMap({ graph: { edges: [['a.ts', 'b.ts']], hubs: [], cycles: [] }, ranked }, mixed, { tokens: 1_000 });
    expect(rendered.text).toBe('b.ts:\n  export function b(): void\na.ts:');
    expect(rendered.files).toBe(2);
  });

  it('refuses a budget that is not a number of tokens', () => {
    let thrown: unknown;
    try {
      renderRepoMap(map, files, { tokens: Number.NaN });
    } catch (error) {
      thrown = error;
    }
    expect(isLoomError(thrown) && thrown.code).toBe('MEGA_MAP_BUDGET');
    expect(() => renderRepoMap(map, files, { tokens: -1 })).toThrow(/budget/);
  });
});

describe('buildRepoMap', () => {
  it('ranks a real repository: the question picks the file, churn and graph fill in', async () => {
    const sources: Record<string, string> = {
      'src/core.ts': 'export class Kernel {\n  start(): void {}\n}\n',
      'src/a.ts': "import { Kernel } from './core.js';\nexport const a = new Kernel();\n",
      'src/b.ts': "import { Kernel } from './core.js';\nexport const b = new Kernel();\n",
      'src/billing/refund.ts': "import { Kernel } from '../core.js';\nexport function issueRefund(amount: number): number {\n  return amount;\n}\n",
    };
    const project = await createTempProject({ git: true, files: sources });
    try {
      const files = await Promise.all(Object.entries(sources).map(async ([path, text]) => scannedFile(path, await extractFacts(text, 'typescript'))));
      const plain = await buildRepoMap(files, { root: project.root, churnCommits: 10 });
      expect(plain.graph.hubs[0]).toEqual({ path: 'src/core.ts', importers: 3 });
      expect(plain.ranked[0]!.path).toBe('src/core.ts');
      expect(plain.ranked.every((file) => file.churn === 1)).toBe(true);
      expect(plain.ranked).toHaveLength(4);

      const asked = await buildRepoMap(files, { root: project.root, churnCommits: 0, question: 'where is a refund issued?' });
      expect(asked.ranked[0]).toMatchObject({ path: 'src/billing/refund.ts', churn: 0, why: { symbols: ['issueRefund'], role: 'implementation' } });
      expect(asked.ranked.slice(1).every((file) => file.relevance === 0)).toBe(true);
      const rendered = renderRepoMap(asked, files, { tokens: 1_000 });
      expect(rendered.text.split('\n').slice(0, 2)).toEqual(['src/billing/refund.ts:', '  export function issueRefund(amount: number): number']);
    } finally {
      project.remove();
    }
  });
});

