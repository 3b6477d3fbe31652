import { createHash } from 'node:crypto';
import { codeVersion, readKept, writeKept } from './kept-file.js';
import { buildImportGraph, graphDigest, pageRank } from './repomap/index.js';
import type { ImportGraph, ScannedFile } from './types.js';

/**
 * The import graph of a repository's files with each file's PageRank, kept in its cache folder
 * under a digest of all they derive from (`graphDigest`: paths, languages, import specifiers,
 * package names; and this package's code). An edit that changes no import — most edits — and
 * every question after the first over an unchanged tree find them here: resolving every import
 * and iterating PageRank were among the largest costs of such a run on a large tree.
 */
const FILE = 'graph.json';
const FORMAT = 1;

interface KeptGraph {
  /** Each edge as the positions of its two files, flat: as paths they take about ten times the room. */
  edges: number[];
  hubs: ImportGraph['hubs'];
  cycles: ImportGraph['cycles'];
  /** PageRank of each file, in the order of the files. */
  ranks: number[];
}

/** The graph of `files` with their PageRank: the one kept in `dir` when its key matches, else built and kept. */
export async function importGraphOf(files: ScannedFile[], dir: string): Promise<ImportGraph> {
  const key = createHash('sha256').update(`${FORMAT}\0${codeVersion()}\0${graphDigest(files)}`).digest('hex');
  const kept = await readKept<KeptGraph>(dir, FILE, key);
  const paths = files.map((file) => file.path);
  if (kept !== undefined && Array.isArray(kept.ranks) && kept.ranks.length === files.length && Array.isArray(kept.edges)) {
    const edges: ImportGraph['edges'] = [];
    for (let i = 0; i < kept.edges.length; i += 2) edges.push([paths[kept.edges[i]!]!, paths[kept.edges[i + 1]!]!]);
    return { edges, hubs: kept.hubs, cycles: kept.cycles, ranks: new Map(paths.map((path, index) => [path, kept.ranks[index]!])) };
  }
  const graph = buildImportGraph(files);
  const ranks = pageRank(paths, graph.edges);
  const position = new Map(paths.map((path, index) => [path, index]));
  const value: KeptGraph = {
    edges: graph.edges.flatMap(([from, to]) => [position.get(from)!, position.get(to)!]),
    hubs: graph.hubs,
    cycles: graph.cycles,
    ranks: paths.map((path) => ranks.get(path)!),
  };
  await writeKept(dir, FILE, key, value);
  return { ...graph, ranks };
}
