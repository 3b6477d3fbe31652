import { createHash } from 'node:crypto';
import type { ImportGraph, ScannedFile } from '../types.js';
import { isPackageManifest } from './package-manifest.js';
import { dirOf, RepoPaths } from './repo-paths.js';
import { resolverFor } from './resolve.js';
import { stronglyConnected } from './strongly-connected.js';

const HUBS = 10;

const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function resolvedEdges(files: ScannedFile[], paths: RepoPaths): Array<[string, string]> {
  const edges: Array<[string, string]> = [];
  for (const file of files) {
    const resolve = resolverFor(file.language);
    if (!resolve || !file.facts) continue;
    const targets = new Set(file.facts.imports.flatMap((specifier) => resolve(specifier, file.path, paths)));
    targets.delete(file.path);
    for (const target of [...targets].sort(byPath)) edges.push([file.path, target]);
  }
  return edges;
}

/** Package name → folder, for every scanned package.json that names its package. */
function workspacePackages(files: ScannedFile[]): Map<string, string> {
  const packages = new Map<string, string>();
  for (const file of files) {
    const name = isPackageManifest(file.path) ? file.facts?.symbols.find((symbol) => symbol.kind === 'module')?.name : undefined;
    if (name !== undefined && !packages.has(name)) packages.set(name, dirOf(file.path));
  }
  return packages;
}

function hubsOf(edges: Array<[string, string]>): ImportGraph['hubs'] {
  const importers = new Map<string, number>();
  for (const [, to] of edges) importers.set(to, (importers.get(to) ?? 0) + 1);
  return [...importers]
    .map(([path, count]) => ({ path, importers: count }))
    .sort((a, b) => b.importers - a.importers || byPath(a.path, b.path))
    .slice(0, HUBS);
}

function cyclesOf(nodes: string[], edges: Array<[string, string]>): string[][] {
  const position = new Map(nodes.map((path, i) => [path, i]));
  const successors = nodes.map((): number[] => []);
  for (const [from, to] of edges) successors[position.get(from)!]!.push(position.get(to)!);
  return stronglyConnected(successors)
    .filter((component) => component.length > 1)
    .map((component) => component.map((i) => nodes[i]!).sort(byPath))
    .sort((a, b) => b.length - a.length || byPath(a[0]!, b[0]!));
}

/**
 * A digest of all buildImportGraph reads of `files`: their order and paths (what an import can
 * resolve to), languages (which resolver), import specifiers, and the package names manifests
 * declare (workspace imports). The same digest is the same graph, and the same PageRank.
 */
export function graphDigest(files: ScannedFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    const manifest = isPackageManifest(file.path) ? (file.facts?.symbols.find((symbol) => symbol.kind === 'module')?.name ?? '') : '';
    hash.update(JSON.stringify([file.path, file.language, file.facts?.imports ?? null, manifest])).update('\n');
  }
  return hash.digest('hex');
}

/** Resolved imports between scanned files, the most imported files, and import cycles. */
export function buildImportGraph(files: ScannedFile[]): ImportGraph {
  const nodes = files.map((file) => file.path);
  const edges = resolvedEdges(files, new RepoPaths(nodes, workspacePackages(files)));
  return { edges, hubs: hubsOf(edges), cycles: cyclesOf(nodes, edges) };
}
