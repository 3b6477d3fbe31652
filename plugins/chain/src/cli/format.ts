import { renderTable } from '@loomkit/kernel/command';
import type { RunState } from '../schema.js';
import { seconds } from './view.js';

export interface RunSummary {
  id: string;
  workflow: string;
  source: string;
  status: RunState['status'];
  counts: string;
  spentUsd: number;
  steps: Array<{ id: string; status: string; attempts: number; durationMs?: number | undefined; exitCode?: number | undefined; output?: unknown; error?: unknown }>;
}

export function runSummary(run: RunState): RunSummary {
  const tally = new Map<string, number>();
  for (const state of Object.values(run.steps)) tally.set(state.status, (tally.get(state.status) ?? 0) + 1);
  return {
    id: run.id,
    workflow: run.workflow.name ?? run.source,
    source: run.source,
    status: run.status,
    counts: [...tally].map(([status, count]) => `${count} ${status}`).join(', '),
    spentUsd: run.spentUsd,
    steps: run.workflow.steps.map((step) => {
      const state = run.steps[step.id];
      return { id: step.id, status: state?.status ?? 'pending', attempts: state?.attempts ?? 0, durationMs: state?.durationMs, exitCode: state?.exitCode, output: state?.output, error: state?.error };
    }),
  };
}

/** `loom chain show`: every step with status, attempts, duration, exit code, and a glimpse of its output. */
export function renderRun(run: RunState): string {
  const summary = runSummary(run);
  const rows = summary.steps.map((step) => [step.id, step.status, String(step.attempts), seconds(step.durationMs), step.exitCode === undefined ? '' : String(step.exitCode), glimpse(step.error ?? step.output)]);
  return `${summary.workflow} · run ${run.id} · ${run.status} · ${summary.counts}${run.spentUsd > 0 ? ` · $${run.spentUsd.toFixed(4)}` : ''}\n${renderTable(['step', 'status', 'attempts', 'duration', 'exit', 'output'], rows)}`;
}

function glimpse(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
