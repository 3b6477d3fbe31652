import { describe, expect, it } from 'vitest';
import { staticReport } from '../src/report/static-report.js';
import { mapOf, ranked, scanned, scanOf } from './report-fixtures.js';

describe('staticReport: languages and totals', () => {
  const files = [
    scanned('a.ts', { language: 'typescript', lines: 100, size: 3_000, tokens: 700 }),
    scanned('b.ts', { language: 'typescript', lines: 50, size: 1_000, tokens: 300 }),
    scanned('c.py', { language: 'python', lines: 400, size: 9_000, tokens: 2_000 }),
    scanned('README', { language: 'text', lines: 5, size: 200, tokens: 40 }),
  ];
  const report = staticReport(scanOf(files), mapOf());

  it('sums files, lines, bytes and tokens per language, most lines first', () => {
    expect(report.languages).toEqual([
      { language: 'python', files: 1, lines: 400, bytes: 9_000, tokens: 2_000 },
      { language: 'typescript', files: 2, lines: 150, bytes: 4_000, tokens: 1_000 },
      { language: 'text', files: 1, lines: 5, bytes: 200, tokens: 40 },
    ]);
  });

  it('derives totals from the files, and the languages add up to them', () => {
    expect(report.totals).toEqual({ files: 4, lines: 555, bytes: 13_200, tokens: 3_040 });
    const sum = (key: 'files' | 'lines' | 'bytes' | 'tokens') => report.languages.reduce((total, stats) => total + stats[key], 0);
    expect({ files: sum('files'), lines: sum('lines'), bytes: sum('bytes'), tokens: sum('tokens') }).toEqual(report.totals);
  });

  it('lists ten files per table unless told otherwise', () => {
    const many = Array.from({ length: 12 }, (_, index) => scanned(`f${index}.ts`, { size: 100 + index }));
    const { largest } = staticReport(scanOf(many), mapOf());
    expect(largest).toHaveLength(10);
    expect(largest[0]?.path).toBe('f11.ts');
    expect(largest[9]?.path).toBe('f2.ts');
  });

  it('lists the largest files by bytes, with their tokens, up to `top`', () => {
    const top2 = staticReport(scanOf(files), mapOf(), { top: 2 });
    expect(top2.largest).toEqual([
      { path: 'c.py', bytes: 9_000, lines: 400, tokens: 2_000 },
      { path: 'a.ts', bytes: 3_000, lines: 100, tokens: 700 },
    ]);
  });
});

describe('staticReport: the repo map', () => {
  const files = ['a.ts', 'b.ts', 'c.ts', 'd.ts'].map((path) => scanned(path));
  const map = mapOf({
    ranked: [ranked('a.ts', { score: 0.9, pagerank: 0.1 }), ranked('b.ts', { score: 0.5, pagerank: 0.4 }), ranked('c.ts', { score: 0.4, pagerank: 0.3 }), ranked('d.ts', { score: 0.1, pagerank: 0.2 })],
    edges: [
      ['a.ts', 'b.ts'],
      ['c.ts', 'b.ts'],
      ['d.ts', 'b.ts'],
      ['b.ts', 'c.ts'],
    ],
    hubs: [
      { path: 'c.ts', importers: 1 },
      { path: 'b.ts', importers: 3 },
    ],
    cycles: [['x.ts', 'y.ts'], ['b.ts', 'c.ts', 'd.ts']],
  });
  const report = staticReport(scanOf(files), map, { top: 3 });

  it('counts an importer once however many edges it has to a file', () => {
    const twice = mapOf({ ranked: [ranked('b.ts', { pagerank: 1 })], edges: [['a.ts', 'b.ts'], ['a.ts', 'b.ts'], ['c.ts', 'b.ts']] });
    expect(staticReport(scanOf(files), twice).central[0]).toEqual({ path: 'b.ts', pagerank: 1, importers: 2 });
  });

  it('ranks central files by pagerank, not by combined score, and counts their importers', () => {
    expect(report.central).toEqual([
      { path: 'b.ts', pagerank: 0.4, importers: 3 },
      { path: 'c.ts', pagerank: 0.3, importers: 1 },
      { path: 'd.ts', pagerank: 0.2, importers: 0 },
    ]);
  });

  it('keeps hubs most-imported first and cycles largest first, counting them all', () => {
    expect(report.imports.edges).toBe(4);
    expect(report.imports.hubs.map((hub) => hub.path)).toEqual(['b.ts', 'c.ts']);
    expect(report.imports.cycles).toEqual([['b.ts', 'c.ts', 'd.ts'], ['x.ts', 'y.ts']]);
    expect(staticReport(scanOf(files), map, { top: 1 }).imports).toMatchObject({ cycles: [['b.ts', 'c.ts', 'd.ts']], cycleCount: 2 });
  });
});

describe('staticReport: git hotspots', () => {
  const files = [scanned('big.ts', { lines: 1_000 }), scanned('busy.ts', { lines: 100 }), scanned('both.ts', { lines: 300 }), scanned('still.ts', { lines: 5_000 })];

  it('orders files with churn by churn × lines, leaving out files never changed', () => {
    // gone.ts is ranked but was not scanned: it has no size to weigh its churn by.
    const map = mapOf({ ranked: [ranked('big.ts', { churn: 1 }), ranked('busy.ts', { churn: 12 }), ranked('both.ts', { churn: 5 }), ranked('still.ts', { churn: 0 }), ranked('gone.ts', { churn: 50 })] });
    const { hotspots } = staticReport(scanOf(files), map);
    expect(hotspots.files).toEqual([
      { path: 'both.ts', churn: 5, lines: 300, score: 1_500 },
      { path: 'busy.ts', churn: 12, lines: 100, score: 1_200 },
      { path: 'big.ts', churn: 1, lines: 1_000, score: 1_000 },
    ]);
    expect(hotspots.note).toBeUndefined();
  });

  it('lists docs and fixtures below code, however often a changelog changes', () => {
    const withDocs = [...files, scanned('History.md', { lines: 3_000 }), scanned('test/fixtures/big.json', { lines: 900 })];
    const map = mapOf({
      ranked: [
        ranked('History.md', { churn: 40, role: 'doc' }),
        ranked('test/fixtures/big.json', { churn: 9, role: 'fixture' }),
        ranked('busy.ts', { churn: 12 }),
        ranked('big.ts', { churn: 1 }),
      ],
    });
    expect(staticReport(scanOf(withDocs), map).hotspots.files.map((spot) => spot.path)).toEqual(['busy.ts', 'big.ts', 'History.md', 'test/fixtures/big.json']);
    // Code fills the list first: with room for two, no doc is shown.
    expect(staticReport(scanOf(withDocs), map, { top: 2 }).hotspots.files.map((spot) => spot.path)).toEqual(['busy.ts', 'big.ts']);
  });

  it('says there is no history outside git, and no churn inside it', () => {
    const map = mapOf({ ranked: files.map((file) => ranked(file.path)) });
    const outside = staticReport(scanOf(files, { source: 'filesystem' }), map).hotspots;
    const inside = staticReport(scanOf(files, { source: 'git' }), map).hotspots;
    expect(outside.files).toEqual([]);
    expect(outside.note).toMatch(/not a git repository/);
    expect(inside.note).toMatch(/no commits/);
  });
});

describe('staticReport: markers, security and skipped files', () => {
  it('totals TODO markers and lists the files with most', () => {
    const files = [scanned('a.ts', { todos: 2 }), scanned('b.ts', { todos: 0 }), scanned('c.ts', { todos: 7 })];
    expect(staticReport(scanOf(files), mapOf()).todos).toEqual({
      total: 9,
      files: [
        { path: 'c.ts', todos: 7 },
        { path: 'a.ts', todos: 2 },
      ],
    });
  });

  it('lists masked secrets most severe first, and injection-flagged files by score', () => {
    const files = [
      scanned('low.ts', { secrets: [{ ruleId: 'generic', severity: 'low', line: 3, preview: 'ab…yz' }] }),
      scanned('crit.ts', { secrets: [{ ruleId: 'github-pat', severity: 'critical', line: 9, preview: 'ghp_…a1b2' }], injection: { score: 0.6, verdict: 'suspicious' } }),
      scanned('inj.md', { injection: { score: 0.95, verdict: 'injection' } }),
      scanned('fine.md', { injection: { score: 0.2, verdict: 'benign' } }),
    ];
    const { security } = staticReport(scanOf(files), mapOf());
    expect(security.secrets).toEqual([
      { path: 'crit.ts', line: 9, ruleId: 'github-pat', severity: 'critical', preview: 'ghp_…a1b2' },
      { path: 'low.ts', line: 3, ruleId: 'generic', severity: 'low', preview: 'ab…yz' },
    ]);
    expect(security.injection).toEqual([
      { path: 'inj.md', score: 0.95, verdict: 'injection' },
      { path: 'crit.ts', score: 0.6, verdict: 'suspicious' },
    ]);
  });

  it('shows only the length of a preview that is not masked', () => {
    const files = [scanned('leak.ts', { secrets: [{ ruleId: 'aws', severity: 'high', line: 1, preview: 'AKIAABCDEFGHIJKLMNOP' }] })];
    expect(staticReport(scanOf(files), mapOf()).security.secrets[0]?.preview).toBe('…(20)');
  });

  it('summarises skipped files by reason, most first, with at most three examples, and keeps the excludes', () => {
    const skipped = [
      { path: 'x.bin', reason: 'binary' as const },
      { path: 'a.lock', reason: 'excluded' as const, detail: '*.lock' },
      { path: 'b.min.js', reason: 'excluded' as const, detail: '*.min.js' },
      { path: 'c.lock', reason: 'excluded' as const, detail: '*.lock' },
      { path: 'd.lock', reason: 'excluded' as const, detail: '*.lock' },
    ];
    const report = staticReport(scanOf([scanned('a.ts')], { skipped, excludes: ['*.lock', '*.min.js'] }), mapOf());
    expect(report.skipped.total).toBe(5);
    expect(report.skipped.byReason).toEqual([
      {
        reason: 'excluded',
        count: 4,
        examples: [
          { path: 'a.lock', detail: '*.lock' },
          { path: 'b.min.js', detail: '*.min.js' },
          { path: 'c.lock', detail: '*.lock' },
        ],
      },
      { reason: 'binary', count: 1, examples: [{ path: 'x.bin' }] },
    ]);
    expect(report.excludes).toEqual(['*.lock', '*.min.js']);
  });
});
