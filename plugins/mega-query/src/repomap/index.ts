import type { RepoMap, ScannedFile } from '../types.js';
import { readChurn } from './churn.js';
import { buildImportGraph } from './import-graph.js';
import { rankFiles } from './rank.js';

export { extractFacts, FACTS_VERSION } from './facts.js';
export { buildImportGraph } from './import-graph.js';
export { readChurn } from './churn.js';
export { rankFiles } from './rank.js';
export { matchingLines } from './matching-lines.js';
export { renderRepoMap, type RenderedMap } from './render.js';
export { signaturesOf } from './signatures.js';

/** The import graph and every file ranked: graph rank, git churn and, given one, relevance to the question. */
export async function buildRepoMap(files: ScannedFile[], options: { root: string; churnCommits: number; question?: string }): Promise<RepoMap> {
  const graph = buildImportGraph(files);
  const churn = await readChurn(options.root, options.churnCommits);
  return { graph, ranked: rankFiles(files, graph, churn, options.question) };
}
