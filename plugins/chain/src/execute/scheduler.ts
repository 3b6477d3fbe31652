import { quote } from 'shlex';
import { needsOf } from '../plan/graph.js';
import type { RunState, Step, StepState } from '../schema.js';
import type { CommandRunner, RunEvent, ShellRunner, StepResult } from '../types.js';
import { conditionText } from '../validate/index.js';
import { commandWords, interpolate, valueOf, type Scope } from './arguments.js';
import { durationMs } from './duration.js';

const DEFAULT_BACKOFF_MS = 1000;

export interface Checkpointer {
  /** Takes a checkpoint before `step` may change files; returns its id. */
  take(runId: string, step: Step): Promise<string>;
  restore(checkpoint: string): Promise<void>;
}

export interface ExecuteDeps {
  runner: CommandRunner;
  shell: ShellRunner;
  /**
   * Persists the whole state; called after every change of a step. `durable: false` for a
   * step starting: losing that record only makes the step run again, as any step in flight.
   */
  save(run: RunState, options?: { durable?: boolean }): Promise<void>;
  parallel: number;
  signal: AbortSignal;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  onEvent?: ((event: RunEvent) => void) | undefined;
  checkpoints?: Checkpointer | undefined;
  /** Writes a `write:` step's file (inside the project, as the policy allows). */
  writeFile(path: string, content: string): Promise<StepResult>;
  /** The policy again, on the shell line with its references filled in. */
  decideShell?: ((command: string) => { allowed: boolean; reason: string }) | undefined;
}

const isFinal = (step: Step, state: StepState) => state.status === 'succeeded' || state.status === 'skipped' || (state.status === 'failed' && step['continue-on-error'] === true);
const blocks = (step: Step, state: StepState) => state.status === 'failed' && step['continue-on-error'] !== true;

/**
 * Runs the steps of `run` that are not finished, each as soon as its needs are, at most
 * `parallel` at a time. The state is saved after every change of a step, so a crash
 * loses only the steps in flight; a step is recorded `succeeded` only once it has.
 */
export async function executeRun(run: RunState, deps: ExecuteDeps): Promise<RunState> {
  const steps = new Map(run.workflow.steps.map((step) => [step.id, step]));
  const stateOf = (id: string) => run.steps[id] as StepState;
  const inflight = new Map<string, Promise<void>>();
  const save = async (options?: { durable?: boolean }) => {
    run.updatedAt = new Date(deps.now()).toISOString();
    await deps.save(run, options);
  };

  for (;;) {
    if (deps.signal.aborted) break;
    for (const step of run.workflow.steps) {
      if (inflight.size >= deps.parallel) break;
      if (stateOf(step.id).status !== 'pending' || inflight.has(step.id)) continue;
      const needs = needsOf(step).map((id) => [steps.get(id) as Step, stateOf(id)] as const);
      if (needs.some(([need, state]) => blocks(need, state) || !isFinal(need, state))) continue;
      const task = runStep(run, step, deps, save).finally(() => inflight.delete(step.id));
      inflight.set(step.id, task);
    }
    if (inflight.size === 0) break;
    await Promise.race(inflight.values());
  }
  await Promise.allSettled(inflight.values());
  const all = run.workflow.steps.map((step) => [step, stateOf(step.id)] as const);
  run.status = deps.signal.aborted ? 'cancelled' : all.every(([step, state]) => isFinal(step, state)) ? 'succeeded' : 'failed';
  await save();
  deps.onEvent?.({ type: 'done', status: run.status });
  return run;
}

function scopeOf(run: RunState): Scope {
  const steps: Record<string, unknown> = {};
  for (const [id, state] of Object.entries(run.steps)) steps[id] = { status: state.status, exitCode: state.exitCode, output: state.output, attempts: state.attempts };
  return { inputs: run.inputs, steps };
}

async function runStep(run: RunState, step: Step, deps: ExecuteDeps, save: (options?: { durable?: boolean }) => Promise<void>): Promise<void> {
  const state = run.steps[step.id] as StepState;
  const emit = (status: Extract<RunEvent, { type: 'step' }>['status'], detail?: string) => deps.onEvent?.({ type: 'step', step: step.id, status, attempt: state.attempts, detail });
  if (step.if !== undefined && !condition(step, run)) {
    Object.assign(state, { status: 'skipped', endedAt: new Date(deps.now()).toISOString() });
    await save();
    emit('skipped', `if ${conditionText(step.if)}`);
    return;
  }
  const restoreOnFailure = typeof step.checkpoint === 'object' && step.checkpoint['restore-on-failure'];
  if (step.checkpoint && deps.checkpoints && state.checkpoint === undefined) {
    state.checkpoint = await deps.checkpoints.take(run.id, step);
  }
  const retries = step.retry?.times ?? 0;
  const backoff = durationMs(step.retry?.backoff ?? DEFAULT_BACKOFF_MS);
  for (let attempt = 0; ; attempt++) {
    const started = deps.now();
    Object.assign(state, { status: 'running', attempts: state.attempts + 1, startedAt: new Date(started).toISOString(), error: undefined, exitCode: undefined });
    delete state.endedAt;
    await save({ durable: false });
    emit('running');
    const result = await attemptStep(run, step, deps);
    if (deps.signal.aborted) {
      // Cancelled while in flight: it runs again on resume.
      state.status = 'pending';
      await save();
      return;
    }
    const ended = deps.now();
    Object.assign(state, { exitCode: result.exitCode, durationMs: ended - started, endedAt: new Date(ended).toISOString() });
    if (result.exitCode === 0 && !result.error) {
      Object.assign(state, { status: 'succeeded', output: result.output });
      await save();
      emit('succeeded');
      return;
    }
    state.error = result.error ?? { code: 'CHAIN_STEP_FAILED', message: `exited with ${result.exitCode}` };
    if (attempt < retries) {
      const wait = backoff * 2 ** attempt;
      emit('retrying', `${state.error.message}; again in ${wait} ms`);
      await deps.sleep(wait, deps.signal).catch(() => undefined);
      if (deps.signal.aborted) {
        state.status = 'pending';
        await save();
        return;
      }
      continue;
    }
    state.status = 'failed';
    state.output = result.output;
    if (restoreOnFailure && state.checkpoint && deps.checkpoints) await deps.checkpoints.restore(state.checkpoint);
    await save();
    emit('failed', `${state.error.code}: ${state.error.message}`);
    return;
  }
}

function condition(step: Step, run: RunState): boolean {
  return Boolean(valueOf(conditionText(step.if as string | boolean), scopeOf(run)));
}

/** One attempt, bounded by the step's timeout; never throws. */
async function attemptStep(run: RunState, step: Step, deps: ExecuteDeps): Promise<StepResult> {
  const timeoutMs = step.timeout === undefined ? undefined : durationMs(step.timeout);
  const timeout = new AbortController();
  const signal = AbortSignal.any([deps.signal, timeout.signal]);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<StepResult>((resolve) => {
    if (timeoutMs === undefined) return;
    timer = setTimeout(() => {
      timeout.abort(new Error('timeout'));
      resolve({ exitCode: 124, error: { code: 'CHAIN_STEP_TIMEOUT', message: `took longer than ${step.timeout}`, hint: 'raise the step\'s timeout' } });
    }, timeoutMs);
  });
  try {
    return await Promise.race([invoke(run, step, deps, signal), timedOut]);
  } catch (error) {
    return { exitCode: 1, error: { code: 'CHAIN_STEP_FAILED', message: (error as Error).message } };
  } finally {
    clearTimeout(timer);
  }
}

async function invoke(run: RunState, step: Step, deps: ExecuteDeps, signal: AbortSignal): Promise<StepResult> {
  const scope = scopeOf(run);
  if (step.shell !== undefined) {
    // Values from earlier outputs are quoted: they are data, never shell syntax.
    const line = step.shell.replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (match) => quote(interpolate(match, scope)));
    const decision = deps.decideShell?.(line) ?? { allowed: false, reason: 'no security policy is installed' };
    if (!decision.allowed) return { exitCode: 1, error: { code: 'CHAIN_SHELL_FORBIDDEN', message: decision.reason } };
    return deps.shell(line, signal);
  }
  if (step.write !== undefined) return deps.writeFile(interpolate(step.write.path, scope), interpolate(step.write.content, scope, 'markdown'));
  let words = commandWords(step, scope);
  if (words[0] === 'loom') words = words.slice(1);
  return deps.runner.run(words, signal);
}
