const DAMPING = 0.85;
const TOLERANCE = 1e-9;
const MAX_ITERATIONS = 200;

/**
 * PageRank of every node over directed edges (importer → imported: being imported earns
 * rank). A node without out-edges spreads its rank evenly over all nodes, so ranks keep
 * summing to 1. Iterates until the total change is below tolerance.
 */
export function pageRank(nodes: string[], edges: Array<[string, string]>): Map<string, number> {
  const count = nodes.length;
  if (count === 0) return new Map();
  const position = new Map(nodes.map((node, i) => [node, i]));
  const targets = nodes.map((): number[] => []);
  for (const [from, to] of edges) {
    const source = position.get(from);
    const target = position.get(to);
    if (source !== undefined && target !== undefined) targets[source]!.push(target);
  }
  let rank = new Float64Array(count).fill(1 / count);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const next = new Float64Array(count);
    let dangling = 0;
    for (let i = 0; i < count; i++) {
      const out = targets[i]!;
      if (out.length === 0) dangling += rank[i]!;
      else for (const target of out) next[target]! += rank[i]! / out.length;
    }
    const base = (1 - DAMPING) / count + (DAMPING * dangling) / count;
    let change = 0;
    for (let i = 0; i < count; i++) {
      next[i] = base + DAMPING * next[i]!;
      change += Math.abs(next[i]! - rank[i]!);
    }
    rank = next;
    if (change < TOLERANCE) break;
  }
  return new Map(nodes.map((node, i) => [node, rank[i]!]));
}
