import type { ImportGraph, RepoMap, ScannedFile } from '../types.js';
import { readChurn } from './churn.js';
import { buildImportGraph } from './import-graph.js';
import { rankFiles, rankWithPhrases } from './rank.js';

export { extractFacts, FACTS_VERSION, structureOf, wordCounts } from './facts.js';
export { buildImportGraph, graphDigest } from './import-graph.js';
export { pageRank } from './pagerank.js';
export { churnIdentity, readChurn } from './churn.js';
export { rankFiles, rankWithPhrases, QUESTION_WEIGHTS, type QuestionWeights } from './rank.js';
export { evaluateRanking, summarise, type EvalQuestion, type EvalRow, type EvalSummary } from './evaluate.js';
export { matchingLines } from './matching-lines.js';
export { renderRepoMap, type RenderedMap } from './render.js';
export { signaturesOf } from './signatures.js';

/**
 * The import graph and every file ranked: graph rank, git churn and, given one, relevance to
 * the question — with phrase hits in the best files' text when `read` is given.
 */
export async function buildRepoMap(
  files: ScannedFile[],
  options: {
    root: string;
    churnCommits: number;
    question?: string;
    read?: (path: string) => Promise<string | undefined>;
    churn?: Map<string, number>;
    /** The import graph of these same files, when the caller has it (the repository's cached one). */
    graph?: ImportGraph;
  },
): Promise<RepoMap> {
  const graph = options.graph ?? buildImportGraph(files);
  // `churn`: already read by the caller (readChurn of the same root and commits).
  const churn = options.churn ?? (await readChurn(options.root, options.churnCommits));
  const ranked = rankFiles(files, graph, churn, options.question);
  if (options.question === undefined || options.read === undefined) return { graph, ranked };
  return { graph, ranked: await rankWithPhrases(ranked, options.question, options.read) };
}
