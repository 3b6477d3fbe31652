import { createLogUpdate } from 'log-update';
import type { RunState } from '../schema.js';
import type { RunEvent } from '../types.js';

const MARK: Record<string, string> = { pending: '·', running: '▸', succeeded: '✓', failed: '✗', skipped: '−', retrying: '↻' };

export const seconds = (ms: number | undefined) => (ms === undefined ? '' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** One line per step: mark, id, status, attempts, duration, error or skip reason. */
export function stepLines(run: RunState, now = Date.now()): string[] {
  return run.workflow.steps.map((step) => {
    const state = run.steps[step.id];
    if (!state) return `${MARK.pending} ${step.id}`;
    const elapsed = state.status === 'running' && state.startedAt ? now - Date.parse(state.startedAt) : state.durationMs;
    const attempts = state.attempts > 1 ? ` (attempt ${state.attempts})` : '';
    const error = state.status === 'failed' && state.error ? `  ${state.error.code}: ${state.error.message}` : '';
    return `${MARK[state.status]} ${step.id}  ${state.status}${attempts}${elapsed !== undefined && state.status !== 'pending' && state.status !== 'skipped' ? `  ${seconds(elapsed)}` : ''}${error}`;
  });
}

export interface RunView {
  listener: (event: RunEvent) => void;
  stop(): void;
}

/**
 * On a terminal, the steps redrawn in place as they change (log-update, on stderr);
 * otherwise one plain line per change, so logs and CI read well. Silent with --json.
 */
export function runView(run: RunState, mode: 'live' | 'lines' | 'none', write: (line: string) => void): RunView {
  if (mode === 'none') return { listener: () => undefined, stop: () => undefined };
  if (mode === 'lines') {
    return {
      listener: (event) => {
        if (event.type === 'step') write(`${MARK[event.status]} ${event.step} ${event.status}${event.detail ? `: ${event.detail}` : ''}`);
      },
      stop: () => undefined,
    };
  }
  const update = createLogUpdate(process.stderr);
  const draw = () => update(`${run.workflow.name ?? 'chain'} · run ${run.id}\n${stepLines(run).join('\n')}`);
  const timer = setInterval(draw, 200);
  timer.unref();
  draw();
  return {
    listener: () => draw(),
    stop: () => {
      clearInterval(timer);
      draw();
      update.done();
    },
  };
}
