/**
 * Strongly connected components (Tarjan), iterative: an explicit stack instead of recursion,
 * so a 30k-file import chain cannot overflow the call stack. Nodes are 0…n-1.
 */
export function stronglyConnected(successors: number[][]): number[][] {
  const count = successors.length;
  const index = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let next = 0;
  // Each frame: a node and how many of its successors have been visited.
  const frames: Array<[node: number, edge: number]> = [];

  for (let start = 0; start < count; start++) {
    if (index[start] !== -1) continue;
    frames.push([start, 0]);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [node, edge] = frame;
      if (edge === 0) {
        index[node] = low[node] = next++;
        stack.push(node);
        onStack[node] = true;
      }
      const out = successors[node]!;
      if (edge < out.length) {
        frame[1] = edge + 1;
        const target = out[edge]!;
        if (index[target] === -1) frames.push([target, 0]);
        else if (onStack[target]) low[node] = Math.min(low[node]!, index[target]!);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[node]!);
      if (low[node] === index[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = false;
          component.push(member);
        } while (member !== node);
        components.push(component);
      }
    }
  }
  return components;
}
