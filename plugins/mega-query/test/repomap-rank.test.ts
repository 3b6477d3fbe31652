import { describe, expect, it } from 'vitest';
import { bm25 } from '../src/repomap/bm25.js';
import { buildImportGraph } from '../src/repomap/import-graph.js';
import { matchingLines } from '../src/repomap/matching-lines.js';
import { pageRank } from '../src/repomap/pagerank.js';
import { rankFiles } from '../src/repomap/rank.js';
import { termsOf } from '../src/repomap/terms.js';
import { importing, lineOf, scannedFile, symbol } from './repomap-helpers.js';

const sum = (values: Iterable<number>): number => [...values].reduce((total, value) => total + value, 0);

describe('pageRank', () => {
  const leaves = ['a', 'b', 'c', 'd', 'e'];
  const nodes = ['hub', ...leaves, 'loner'];
  const edges = leaves.map((leaf): [string, string] => [leaf, 'hub']);

  it('puts a file imported by many above the files importing it', () => {
    const ranks = pageRank(nodes, edges);
    for (const leaf of leaves) expect(ranks.get('hub')!).toBeGreaterThan(3 * ranks.get(leaf)!);
  });

  it('keeps ranks summing to 1, dangling nodes included', () => {
    expect(sum(pageRank(nodes, edges).values())).toBeCloseTo(1, 9);
    // A chain ends in a dangling node; a graph with no edges is all dangling.
    expect(sum(pageRank(['x', 'y', 'z'], [['x', 'y'], ['y', 'z']]).values())).toBeCloseTo(1, 9);
    expect([...pageRank(['p', 'q'], []).values()]).toEqual([0.5, 0.5]);
  });

  it('matches the closed form of a two-node cycle plus a dangling node', () => {
    // x ↔ y and z alone: by symmetry r(x) = r(y) and r(z) = (1-d)/3 + d·r(z)/3.
    const ranks = pageRank(['x', 'y', 'z'], [['x', 'y'], ['y', 'x']]);
    const z = 0.15 / 3 / (1 - 0.85 / 3);
    expect(ranks.get('z')).toBeCloseTo(z, 6);
    expect(ranks.get('x')).toBeCloseTo((1 - z) / 2, 6);
  });

  it('ignores edges naming unknown nodes, and an empty graph ranks nothing', () => {
    expect(sum(pageRank(['a', 'b'], [['a', 'ghost']]).values())).toBeCloseTo(1, 9);
    expect(pageRank([], []).size).toBe(0);
  });
});

describe('termsOf', () => {
  it('splits camelCase, acronyms, snake_case and paths, lower-cased, without stopwords; a compound also gives its whole self', () => {
    expect(termsOf('parseHTTPResponse')).toEqual(['parsehttprespon', 'par', 'http', 'respon']);
    expect(termsOf('src/auth/token_store.ts')).toEqual(['src', 'auth', 'token', 'stor', 'ts']);
    expect(termsOf('How are the tokens counted?')).toEqual(['token', 'count']);
    expect(termsOf('utf8Decoder of x')).toEqual(['utf8decoder', 'utf', 'decoder']);
  });

  it('gives inflections of a word one stem', () => {
    const stems = (words: string[]) => new Set(words.flatMap((word) => termsOf(word)));
    expect(stems(['render', 'renders', 'rendered', 'rendering'])).toEqual(new Set(['render']));
    expect(stems(['cache', 'cached', 'caching', 'caches'])).toEqual(new Set(['cach']));
    expect(stems(['entry', 'entries'])).toEqual(new Set(['entry']));
    expect(stems(['string', 'strings'])).toEqual(new Set(['str']));
    // Short stems and -ss/-us/-is endings stay whole.
    expect(termsOf('need status class analysis')).toEqual(['need', 'status', 'class', 'analysis']);
  });
});

describe('bm25 and relevance', () => {
  it('scores the document with the rarer shared term higher, normalised to 1', () => {
    const scores = bm25(
      new Map([
        ['one', ['token', 'store', 'file']],
        ['two', ['file', 'reader']],
        ['three', ['file', 'writer']],
      ]),
      ['token', 'file'],
    );
    expect(scores.get('one')).toBe(1);
    expect(scores.get('two')!).toBeLessThan(scores.get('one')!);
    expect(scores.get('two')).toBeCloseTo(scores.get('three')!, 12);
  });

  it('is 0 everywhere when nothing matches', () => {
    const scores = bm25(new Map([['a', ['x']]]), ['y']);
    expect(scores.get('a')).toBe(0);
  });

  it('finds a file by its symbol names as well as its path, and says which symbols matched', () => {
    const files = [
      scannedFile('src/auth/session.ts', { symbols: [symbol('refreshAccessToken', 'export function refreshAccessToken()')] }),
      scannedFile('src/ui/button.ts', { symbols: [symbol('Button', 'export class Button')] }),
      scannedFile('src/billing/invoice.ts', { symbols: [symbol('totalOf', 'export function totalOf()')] }),
    ];
    const rank = (question: string) => rankFiles(files, buildImportGraph(files), new Map(), question);
    const [first, ...rest] = rank('Where is the access token refreshed?');
    expect(first).toMatchObject({ path: 'src/auth/session.ts', why: { symbols: ['refreshAccessToken'] } });
    for (const other of rest) expect(other.relevance).toBe(0);
    expect(rank('button styles')[0]).toMatchObject({ path: 'src/ui/button.ts', why: { symbols: ['Button'], path: ['button'] } });
  });
});

describe('rankFiles', () => {
  const files = [
    importing('src/a.ts', './core.js'),
    importing('src/b.ts', './core.js'),
    importing('src/c.ts', './core.js'),
    scannedFile('src/core.ts', { symbols: [symbol('Kernel', 'export class Kernel', { kind: 'class' })] }),
    scannedFile('src/payments/refund.ts', { symbols: [symbol('issueRefund', 'export function issueRefund()')] }),
    scannedFile('README.md', undefined, 'markdown'),
  ];
  const graph = buildImportGraph(files);

  it('without a question, the hub leads; scores in [0, 1]; ties by path', () => {
    const ranked = rankFiles(files, graph, new Map());
    expect(ranked[0]!.path).toBe('src/core.ts');
    expect(ranked[0]!.score).toBe(1);
    expect(ranked.map((file) => file.path).slice(1)).toEqual(['README.md', 'src/a.ts', 'src/b.ts', 'src/c.ts', 'src/payments/refund.ts']);
    for (const file of ranked) {
      expect(file.score).toBeGreaterThanOrEqual(0);
      expect(file.score).toBeLessThanOrEqual(1);
      expect(file.relevance).toBe(0);
    }
    expect(sum(ranked.map((file) => file.pagerank))).toBeCloseTo(1, 9);
  });

  it('lets churn lift a file among equals, log-scaled', () => {
    const ranked = rankFiles(files, graph, new Map([['src/b.ts', 3], ['src/c.ts', 1]]));
    const order = ranked.map((file) => file.path);
    expect(order.indexOf('src/b.ts')).toBeLessThan(order.indexOf('src/c.ts'));
    expect(order.indexOf('src/c.ts')).toBeLessThan(order.indexOf('src/a.ts'));
    const byPath = new Map(ranked.map((file) => [file.path, file]));
    expect(byPath.get('src/b.ts')!.churn).toBe(3);
    // log1p(1)/log1p(3) of the churn share: half, not a third.
    const churnShare = (path: string) => byPath.get(path)!.score - byPath.get('src/a.ts')!.score;
    expect(churnShare('src/c.ts') / churnShare('src/b.ts')).toBeCloseTo(Math.log(2) / Math.log(4), 9);
  });

  it('puts the file matching the question first, above the hub', () => {
    const ranked = rankFiles(files, graph, new Map(), 'how are refunds issued?');
    expect(ranked[0]!.path).toBe('src/payments/refund.ts');
    expect(ranked[0]!.relevance).toBeGreaterThan(0);
    for (const other of ranked.slice(1)) expect(other.relevance).toBe(0);
    expect(ranked[1]!.path).toBe('src/core.ts');
  });

  it('falls back to the graph when the question matches nothing', () => {
    const ranked = rankFiles(files, graph, new Map(), 'zebra');
    expect(ranked[0]).toMatchObject({ path: 'src/core.ts', score: 1, relevance: 0 });
  });
});

describe('matchingLines', () => {
  const text = [
    "import { Database } from './db.js';",
    '',
    'export async function refundOrder(order: Order) {',
    '  // Refunds go back to the original payment method.',
    '  const payment = await Database.payments.find(order.paymentId);',
    '  return payment.refund(order.total);',
    '}',
    'const unrelated = 1;',
  ].join('\n');

  it('returns the lines sharing the most question terms, best first, with 1-based numbers', () => {
    const lines = matchingLines(text, 'How is a payment refund made for the order?', 3);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({ line: lineOf(text, 'return payment.refund'), text: 'return payment.refund(order.total);' });
    // Three lines share two terms each, equally rare: the first two in file order follow.
    expect(lines.slice(1).map((line) => line.line)).toEqual([lineOf(text, 'export async function refundOrder'), lineOf(text, '// Refunds go back')]);
  });

  it('weighs a rare term above a common one, and keeps file order on ties', () => {
    const lines = matchingLines(['alpha beta', 'alpha', 'alpha', 'gamma', 'alpha'].join('\n'), 'alpha gamma');
    expect(lines.map((line) => line.line)).toEqual([4, 1, 2, 3, 5]);
    expect(matchingLines('alpha\nalpha\nalpha', 'alpha', 2).map((line) => line.line)).toEqual([1, 2]);
  });

  it('returns nothing for a question of stopwords or no match', () => {
    expect(matchingLines(text, 'what is the')).toEqual([]);
    expect(matchingLines(text, 'kubernetes')).toEqual([]);
    expect(matchingLines(text, 'refund', 0)).toEqual([]);
  });
});
