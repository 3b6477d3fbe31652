import type { ImportGraph, RankedFile, RankReasons, RankSignal, ScannedFile } from '../types.js';
import { pageRank } from './pagerank.js';
import { phraseHits } from './phrases.js';
import { lexicalMatches } from './question-signals.js';
import { roleOf, rolesAskedIn, type FileRole } from './role.js';

/** How a question's ranking weighs each signal, and what a file's role adds to it. */
export interface QuestionWeights {
  signals: Record<RankSignal, number>;
  /** Added to a file's score by its role (the implementation's is the reference, 0). */
  role: Record<FileRole, number>;
  /**
   * The share of its word match a file of each role keeps (the implementation's is 1). A test
   * named after the feature, whose titles restate it in prose, matches a question's words better
   * than the code that does it; a fixed deduction cannot outweigh that, a share does.
   */
  share: Record<FileRole, number>;
  /** Added to files of a role the question asks for by name (tests, examples, docs). */
  asked: number;
}

/**
 * Fitted on the query-dev set (`BENCH_QUERY_FIT=1 pnpm bench query`, bench/suites/query-fit.js):
 * a coordinate search from hand-set weights over all questions at once, paying for each step
 * away from them by the amount that did best on held-out folds, the role order kept. The graph's
 * centrality came out at 0: on these questions it never decided a rank that the words did not.
 */
export const QUESTION_WEIGHTS: QuestionWeights = {
  signals: { symbol: 0.25, name: 0.3, path: 0.2, content: 0.2, coverage: 0.2, phrase: 0.2, setting: 0.1, centrality: 0, churn: 0.02 },
  role: { implementation: 0, test: -0.2, example: -0.25, doc: -0.3, fixture: -0.4, config: -0.4 },
  share: { implementation: 1, test: 0.7, example: 0.65, doc: 0.6, fixture: 0.4, config: 0.4 },
  asked: 0.35,
};

// Without a question the import graph leads and churn sharpens.
const PLAIN = { pagerank: 0.7, churn: 0.3 };
const LEXICAL: RankSignal[] = ['symbol', 'name', 'path', 'content', 'coverage', 'phrase', 'setting'];
/** Files whose text is read for phrase and setting-string hits: the best of the first pass. */
export const PHRASE_CANDIDATES = 20;

const byPath = (a: RankedFile, b: RankedFile): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

// A loop, not Math.max(...spread): 100k arguments would overflow the stack.
function highest(values: Iterable<number>): number {
  let best = 0;
  for (const value of values) best = Math.max(best, value);
  return best;
}

/** PageRank and log-scaled churn of every file, each relative to the best. */
function structure(files: ScannedFile[], graph: ImportGraph, churn: Map<string, number>) {
  const paths = files.map((file) => file.path);
  const ranks = graph.ranks ?? pageRank(paths, graph.edges);
  const maxRank = highest(ranks.values());
  const maxChurn = Math.log1p(highest(paths.map((path) => churn.get(path) ?? 0)));
  return (path: string) => ({
    pagerank: ranks.get(path) ?? 0,
    commits: churn.get(path) ?? 0,
    centrality: maxRank > 0 ? (ranks.get(path) ?? 0) / maxRank : 0,
    churn: maxChurn > 0 ? Math.log1p(churn.get(path) ?? 0) / maxChurn : 0,
  });
}

/** A file's fused score for a question, and its lexical share in [0, 1]. */
export function fuse(why: RankReasons, asked: Set<FileRole>, weights: QuestionWeights): { raw: number; relevance: number } {
  let structural = 0;
  let lexical = 0;
  let lexicalWeight = 0;
  for (const [signal, weight] of Object.entries(weights.signals) as Array<[RankSignal, number]>) {
    if (LEXICAL.includes(signal)) {
      lexical += weight * why.signals[signal];
      lexicalWeight += weight;
    } else structural += weight * why.signals[signal];
  }
  const wanted = asked.has(why.role);
  const raw = lexical * (wanted ? 1 : weights.share[why.role]) + structural + (wanted ? weights.asked : weights.role[why.role]);
  return { raw, relevance: lexicalWeight > 0 ? lexical / lexicalWeight : 0 };
}

/** Best first, ties by PageRank then path; scores rescaled so the best is 1 and none is below 0. */
function ordered(scored: Array<{ file: RankedFile; raw: number }>): RankedFile[] {
  scored.sort((a, b) => b.raw - a.raw || b.file.pagerank - a.file.pagerank || byPath(a.file, b.file));
  const best = scored[0]?.raw ?? 0;
  return scored.map(({ file, raw }) => ({ ...file, score: best > 0 ? Math.max(0, raw) / best : 0 }));
}

/**
 * Every file scored in [0, 1]. Without a question: its PageRank (relative to the best) and
 * its churn (log-scaled, relative to the most churned); a signal nobody has gives its weight
 * to the other. With one: symbol names, file name, folders and text matched against the
 * question (BM25 each), import-graph centrality and churn, fused by `weights`, with a prior
 * for the file's role (implementation above tests, examples, docs, fixtures and tool
 * configuration unless the question asks for those). Best first, ties by path.
 */
export function rankFiles(files: ScannedFile[], graph: ImportGraph, churn: Map<string, number>, question?: string, weights = QUESTION_WEIGHTS): RankedFile[] {
  const measure = structure(files, graph, churn);
  const matches = question === undefined ? undefined : lexicalMatches(files, question);
  // A question no file shares a word with says nothing: the graph and churn rank alone.
  const matched = matches !== undefined && [...matches.values()].some(({ signals }) => Object.values(signals).some((value) => value > 0));
  if (question === undefined || !matched) {
    const churnWeight = files.some((file) => measure(file.path).churn > 0) ? PLAIN.churn : 0;
    return ordered(
      files.map((file) => {
        const { pagerank, commits, centrality, churn: churnScore } = measure(file.path);
        const raw = (PLAIN.pagerank * centrality + churnWeight * churnScore) / (PLAIN.pagerank + churnWeight);
        return { file: { path: file.path, score: 0, pagerank, churn: commits, relevance: 0, role: roleOf(file.path) }, raw };
      }),
    );
  }
  const asked = rolesAskedIn(question);
  return ordered(
    files.map((file) => {
      const { pagerank, commits, centrality, churn: churnScore } = measure(file.path);
      const match = matches.get(file.path)!;
      const role = roleOf(file.path);
      const why: RankReasons = {
        symbols: match.symbols,
        path: match.path,
        content: match.content,
        phrases: [],
        role,
        signals: { ...match.signals, phrase: 0, setting: 0, centrality, churn: churnScore },
      };
      const { raw, relevance } = fuse(why, asked, weights);
      return { file: { path: file.path, score: 0, pagerank, churn: commits, relevance, role, why }, raw };
    }),
  );
}

/**
 * The question's ranking with phrase and setting-string hits added: the text of the best
 * `candidates` files of the first pass is read (`read` gives undefined for a file it cannot
 * read) and their scores fused again.
 */
export async function rankWithPhrases(
  ranked: RankedFile[],
  question: string,
  read: (path: string) => Promise<string | undefined>,
  options: { weights?: QuestionWeights; candidates?: number } = {},
): Promise<RankedFile[]> {
  const weights = options.weights ?? QUESTION_WEIGHTS;
  const asked = rolesAskedIn(question);
  const top = new Set(ranked.filter((file) => file.relevance > 0).slice(0, options.candidates ?? PHRASE_CANDIDATES).map((file) => file.path));
  const scored = await Promise.all(
    ranked.map(async (file) => {
      if (!file.why) return { file, raw: file.score };
      let why = file.why;
      const text = top.has(file.path) ? await read(file.path) : undefined;
      if (text !== undefined) {
        const hits = phraseHits(text, question);
        why = { ...why, phrases: [...hits.settings.map((value) => `'${value}'`), ...hits.pairs], signals: { ...why.signals, phrase: hits.phrase, setting: Math.min(1, hits.settings.length) } };
      }
      const { raw, relevance } = fuse(why, asked, weights);
      return { file: { ...file, relevance, why }, raw };
    }),
  );
  return ordered(scored);
}
