import type { ImportGraph, RankedFile, ScannedFile } from '../types.js';
import { pageRank } from './pagerank.js';
import { relevanceTo } from './relevance.js';

// Without a question the import graph leads and churn sharpens; with one, relevance leads.
const WEIGHTS = { plain: { pagerank: 0.7, churn: 0.3, relevance: 0 }, question: { pagerank: 0.2, churn: 0.1, relevance: 0.7 } };

const byPath = (a: RankedFile, b: RankedFile): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

// A loop, not Math.max(...spread): 100k arguments would overflow the stack.
function highest(values: Iterable<number>): number {
  let best = 0;
  for (const value of values) best = Math.max(best, value);
  return best;
}

/**
 * Every file scored in [0, 1] from its PageRank (relative to the best), its churn
 * (log-scaled, relative to the most churned) and, given a question, its lexical relevance;
 * a signal nobody has (no git, no matching term) gives its weight to the others. Best
 * first, ties by path.
 */
export function rankFiles(files: ScannedFile[], graph: ImportGraph, churn: Map<string, number>, question?: string): RankedFile[] {
  const paths = files.map((file) => file.path);
  const ranks = pageRank(paths, graph.edges);
  const relevance = question === undefined ? new Map<string, number>() : relevanceTo(files, question);
  const maxRank = highest(ranks.values());
  const maxChurn = Math.log1p(highest(paths.map((path) => churn.get(path) ?? 0)));
  const hasRelevance = [...relevance.values()].some((score) => score > 0);
  const weights = question === undefined ? WEIGHTS.plain : WEIGHTS.question;
  const churnWeight = maxChurn > 0 ? weights.churn : 0;
  const relevanceWeight = hasRelevance ? weights.relevance : 0;
  const total = weights.pagerank + churnWeight + relevanceWeight;

  return paths
    .map((path): RankedFile => {
      const pagerank = ranks.get(path) ?? 0;
      const commits = churn.get(path) ?? 0;
      const relevant = relevance.get(path) ?? 0;
      const churnScore = maxChurn > 0 ? Math.log1p(commits) / maxChurn : 0;
      const rankScore = maxRank > 0 ? pagerank / maxRank : 0;
      const score = (weights.pagerank * rankScore + churnWeight * churnScore + relevanceWeight * relevant) / total;
      return { path, score, pagerank, churn: commits, relevance: relevant };
    })
    .sort((a, b) => b.score - a.score || byPath(a, b));
}
