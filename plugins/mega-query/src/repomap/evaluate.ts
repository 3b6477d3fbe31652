import type { ImportGraph, ScannedFile } from '../types.js';
import { readChurn } from './churn.js';
import { buildImportGraph } from './import-graph.js';
import { rankFiles, rankWithPhrases, type QuestionWeights } from './rank.js';

/** One question and the files that answer it (any of them ranked high answers it). */
export interface EvalQuestion {
  q: string;
  gold: string[];
}

export interface EvalRow extends EvalQuestion {
  /** 1-based rank of the best-ranked gold file; null when none is ranked (none matches, or none exists). */
  rank: number | null;
  /** The first files ranked, to see what beat the gold. */
  top: string[];
}

export interface EvalSummary {
  questions: number;
  recallAt1: number;
  recallAt5: number;
  /** Mean of 1/rank, 0 for a question whose gold is not ranked. */
  mrr: number;
  rows: EvalRow[];
}

const TOP_SHOWN = 5;

/** recall@1, recall@5 and MRR of ranks (null: not found). */
export function summarise(rows: EvalRow[]): EvalSummary {
  const share = (hit: (rank: number) => boolean) => (rows.length === 0 ? 0 : rows.filter((row) => row.rank !== null && hit(row.rank)).length / rows.length);
  const mrr = rows.length === 0 ? 0 : rows.reduce((sum, row) => sum + (row.rank === null ? 0 : 1 / row.rank), 0) / rows.length;
  return { questions: rows.length, recallAt1: share((rank) => rank === 1), recallAt5: share((rank) => rank <= 5), mrr, rows };
}

/**
 * Ranks every question over the same files, as `loom query` would (only files that match the
 * question are ranked), and measures where the gold files land. The graph and churn are
 * computed once; `read` should cache, as the same files are read for many questions.
 */
export async function evaluateRanking(
  files: ScannedFile[],
  questions: EvalQuestion[],
  options: {
    root: string;
    churnCommits: number;
    read: (path: string) => Promise<string | undefined>;
    weights?: QuestionWeights;
    /** The import graph and churn of these files, when the caller has them (as buildRepoMap takes them). */
    graph?: ImportGraph;
    churn?: Map<string, number>;
  },
): Promise<EvalSummary> {
  const graph = options.graph ?? buildImportGraph(files);
  const churn = options.churn ?? (await readChurn(options.root, options.churnCommits));
  const rows: EvalRow[] = [];
  for (const question of questions) {
    const first = rankFiles(files, graph, churn, question.q, options.weights);
    const ranked = (await rankWithPhrases(first, question.q, options.read, { weights: options.weights })).filter((file) => file.relevance > 0);
    const index = ranked.findIndex((file) => question.gold.includes(file.path));
    rows.push({ ...question, rank: index < 0 ? null : index + 1, top: ranked.slice(0, TOP_SHOWN).map((file) => file.path) });
  }
  return summarise(rows);
}
