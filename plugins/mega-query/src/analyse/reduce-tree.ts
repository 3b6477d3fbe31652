/**
 * The shape of the hierarchical reduce, shared by the reduce stage and the cost plan so the
 * plan counts exactly the calls the run makes. Reports are merged in consecutive groups of
 * `size`; a group of one is carried up to the next level without a call; levels repeat
 * until one report is left.
 */

/** As many worst-case map outputs (`outputTokens` each) as fit the budget next to the reduce prompt; at least two. */
export function reduceGroupSize(chunkTokens: number, baseTokens: number, outputTokens: number): number {
  return Math.max(2, Math.floor((chunkTokens - baseTokens) / outputTokens));
}

export function splitGroups<T>(items: T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let start = 0; start < items.length; start += size) groups.push(items.slice(start, start + size));
  return groups;
}

/** Per level, the number of reports each reduce call of that level merges. */
export function reduceTree(count: number, size: number): number[][] {
  const levels: number[][] = [];
  for (let left = count; left > 1; ) {
    const groups = splitGroups(Array.from({ length: left }, (_, i) => i), size).map((group) => group.length);
    levels.push(groups.filter((length) => length > 1));
    left = groups.length;
  }
  return levels;
}
