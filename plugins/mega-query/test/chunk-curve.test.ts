import { describe, expect, it } from 'vitest';
import { compressionCurve } from '../src/chunk/curve.js';
import { fakeRepo, tsModule } from './chunk-fixtures.js';

// Four modules of equal size (same shape) and a plain file without symbols; each question's
// ranking puts its own answer first, so only a setting that compresses almost everything
// reaches it.
const sources = [tsModule('src/a.ts', 4, 10), tsModule('src/b.ts', 4, 10), tsModule('src/c.ts', 4, 10), tsModule('src/d.ts', 4, 10)];
const repo = fakeRepo(sources);
const tokensOf = (path: string) => repo.byPath.get(path)!.tokens;
const total = sources.reduce((sum, source) => sum + tokensOf(source.path), 0);

/** A ranking with `first` on top and the others in path order. */
const rankedWith = (first: string) => fakeRepo(sources, { ranked: [first, ...sources.map((source) => source.path).filter((path) => path !== first)] }).map;

describe('compressionCurve', () => {
  it('keeps every gold file whole until the setting reaches the best-ranked file', async () => {
    const questions = [{ q: 'about a', gold: ['src/a.ts'] }, { q: 'about d', gold: ['src/d.ts'] }];
    const mapFor = async (question: string) => rankedWith(question.endsWith('a') ? 'src/a.ts' : 'src/d.ts');
    // 0.5 of equal files compresses the two worst ranked; 1.0 compresses all four.
    const [half, all] = await compressionCurve(repo.files, questions, [0.5, 1], { chunkTokens: 1_000_000, mapFor });
    expect(half).toMatchObject({ compressBelow: 0.5, goldKept: 1, questionsAllKept: 1 });
    expect(all).toMatchObject({ compressBelow: 1, goldKept: 0, questionsAllKept: 0 });
    expect(half!.tokensSaved).toBeGreaterThan(0);
    expect(all!.tokensSaved).toBeGreaterThan(half!.tokensSaved);
    expect(all!.tokensSaved).toBeLessThan(1); // signatures still cost tokens
  });

  it('saves exactly the whole-file tokens of the compressed files, less their signatures', async () => {
    const [none] = await compressionCurve(repo.files, [{ q: 'x', gold: ['src/a.ts'] }], [0], { chunkTokens: 1_000_000, mapFor: async () => repo.map });
    expect(none).toEqual({ compressBelow: 0, tokensSaved: 0, goldKept: 1, questionsAllKept: 1 });
    const [quarter] = await compressionCurve(repo.files, [{ q: 'x', gold: ['src/a.ts'] }], [0.26], { chunkTokens: 1_000_000, mapFor: async () => repo.map });
    // One of four equal-shaped files (the last ranked, src/d.ts) goes as signatures: it saves at most its share.
    expect(quarter!.tokensSaved).toBeGreaterThan(0);
    expect(quarter!.tokensSaved).toBeLessThanOrEqual(tokensOf('src/d.ts') / total + 0.02);
  });

  it('counts a question as kept only when all its gold files are, and ignores gold that was not scanned', async () => {
    const questions = [{ q: 'two', gold: ['src/a.ts', 'src/d.ts', 'gone.ts'] }];
    const [point] = await compressionCurve(repo.files, questions, [0.26], { chunkTokens: 1_000_000, mapFor: async () => rankedWith('src/a.ts') });
    // One quarter (src/d.ts, ranked last) is compressed; src/a.ts is kept; gone.ts is not counted.
    expect(point!.goldKept).toBe(0.5);
    expect(point!.questionsAllKept).toBe(0);
  });
});
