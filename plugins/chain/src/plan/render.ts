import type { Step, Workflow } from '../schema.js';
import { levels, needsOf } from './graph.js';

const label = (step: Step): string => step.name ?? step.run ?? (step.shell !== undefined ? `$ ${step.shell}` : `write ${step.write?.path ?? ''}`);

/** The DAG as Mermaid, for Markdown and GitHub. */
export function renderMermaid(workflow: Workflow): string {
  const lines = ['flowchart TD'];
  for (const step of workflow.steps) lines.push(`  ${step.id}["${step.id}: ${label(step).replaceAll('"', '#quot;')}"]`);
  for (const step of workflow.steps) for (const need of needsOf(step)) lines.push(`  ${need} --> ${step.id}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The DAG in the terminal, one line per step, level by level: steps on one level may run
 * side by side; `← a, b` names what a step waits for.
 */
export function renderTerminal(workflow: Workflow): string {
  const byId = new Map(workflow.steps.map((step) => [step.id, step]));
  const lines: string[] = [];
  levels(workflow).forEach((ids, index) => {
    const parallel = ids.length > 1 ? ` (${ids.length} side by side)` : '';
    lines.push(`${index + 1}.${parallel}`);
    for (const id of ids) {
      const step = byId.get(id) as Step;
      const needs = needsOf(step);
      const extras = [step.if !== undefined ? `if ${String(step.if)}` : '', needs.length > 0 ? `← ${needs.join(', ')}` : ''].filter(Boolean).join('  ');
      lines.push(`   ${id}  ${label(step)}${extras ? `  ${extras}` : ''}`);
    }
  });
  return `${lines.join('\n')}\n`;
}
