import type { Step, Workflow } from '../schema.js';

export const needsOf = (step: Step): string[] => (step.needs === undefined ? [] : Array.isArray(step.needs) ? step.needs : [step.needs]);

/** A cycle among the needs, as the path `a -> b -> a`, or undefined. Unknown needs are ignored here. */
export function findCycle(workflow: Workflow): string[] | undefined {
  const byId = new Map(workflow.steps.map((step) => [step.id, step]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const need of needsOf(byId.get(id) as Step)) {
      if (!byId.has(need)) continue;
      const cycle = visit(need);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const step of workflow.steps) {
    const cycle = visit(step.id);
    // Found by walking needs (backwards): print it in the order the steps run.
    if (cycle) return cycle.reverse();
  }
  return undefined;
}

/** Every step `id` waits for, directly or not. */
export function upstreamOf(workflow: Workflow, id: string): Set<string> {
  const byId = new Map(workflow.steps.map((step) => [step.id, step]));
  const seen = new Set<string>();
  const stack = [...needsOf(byId.get(id) as Step)];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (seen.has(next) || !byId.has(next)) continue;
    seen.add(next);
    stack.push(...needsOf(byId.get(next) as Step));
  }
  return seen;
}

/** `id` and every step that waits for it. */
export function downstreamOf(workflow: Workflow, id: string): Set<string> {
  return new Set(workflow.steps.filter((step) => step.id === id || upstreamOf(workflow, step.id).has(id)).map((step) => step.id));
}

/** Steps by level: a step's level is one more than its deepest need (an acyclic workflow). */
export function levels(workflow: Workflow): string[][] {
  const byId = new Map(workflow.steps.map((step) => [step.id, step]));
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const needs = needsOf(byId.get(id) as Step).filter((need) => byId.has(need));
    const value = needs.length === 0 ? 0 : Math.max(...needs.map(depthOf)) + 1;
    depth.set(id, value);
    return value;
  };
  const result: string[][] = [];
  for (const step of workflow.steps) (result[depthOf(step.id)] ??= []).push(step.id);
  return result;
}
