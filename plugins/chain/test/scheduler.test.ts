import { describe, expect, it } from 'vitest';
import { executeRun, type ExecuteDeps } from '../src/execute/scheduler.js';
import { parseWorkflowText } from '../src/parse/index.js';
import { RUN_STATE_VERSION, type RunState } from '../src/schema.js';
import type { StepResult } from '../src/types.js';

type Behaviour = (words: string[], signal: AbortSignal) => Promise<StepResult> | StepResult;

function runOf(yaml: string, inputs: RunState['inputs'] = {}): RunState {
  const { source, problems } = parseWorkflowText(yaml, 'flow.yaml', 'flow.yaml');
  if (!source) throw new Error(JSON.stringify(problems));
  return {
    v: RUN_STATE_VERSION,
    id: 'r1',
    workflow: source.workflow,
    source: 'flow.yaml',
    inputs,
    status: 'running',
    createdAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
    spentUsd: 0,
    steps: Object.fromEntries(source.workflow.steps.map((step) => [step.id, { status: 'pending', attempts: 0 }])),
  };
}

/** A runner where the first word names a behaviour; every call is recorded with its words. */
function harness(behaviours: Record<string, Behaviour>, overrides: Partial<ExecuteDeps> = {}) {
  const calls: string[][] = [];
  const saves: Array<Record<string, string>> = [];
  const sleeps: number[] = [];
  const deps: ExecuteDeps = {
    runner: {
      run: async (words, signal) => {
        calls.push(words);
        const behaviour = behaviours[words[0] as string];
        return behaviour ? behaviour(words, signal) : { exitCode: 0, output: { ran: words[0] } };
      },
    },
    shell: async () => ({ exitCode: 0 }),
    writeFile: async () => ({ exitCode: 0 }),
    save: async (run) => void saves.push(Object.fromEntries(Object.entries(run.steps).map(([id, state]) => [id, state.status]))),
    parallel: 4,
    signal: new AbortController().signal,
    now: () => 0,
    sleep: async (ms) => void sleeps.push(ms),
    ...overrides,
  };
  return { deps, calls, saves, sleeps };
}

describe('executeRun', () => {
  it('if: skips a step whose condition is false; what needs a skipped step still runs', async () => {
    const run = runOf(`steps:
  - {id: count, run: count}
  - id: big
    needs: count
    if: steps.count.output.n > 5
    run: big
  - id: ok
    needs: count
    if: \${{ steps.count.exitCode == 0 && steps.count.output.n == 3 }}
    run: ok
  - {id: after, needs: big, run: after}
`);
    const { deps, calls } = harness({ count: () => ({ exitCode: 0, output: { n: 3 } }) });
    await executeRun(run, deps);
    expect(run.steps.big?.status).toBe('skipped');
    expect(run.steps.ok?.status).toBe('succeeded');
    expect(run.steps.after?.status).toBe('succeeded');
    expect(calls.map((words) => words[0]).sort()).toEqual(['after', 'count', 'ok']);
    expect(run.status).toBe('succeeded');
  });

  it('references fill arguments from inputs and earlier --json outputs; with: becomes flags', async () => {
    const run = runOf(
      `inputs: {mode: {default: x}}
steps:
  - {id: mega, run: mega}
  - id: use
    needs: mega
    run: use \${{ steps.mega.output.report.files }} --usd \${{ steps.mega.output.plan.usd }} --label "cost \${{ steps.mega.output.plan.usd }}"
    with:
      mode: \${{ inputs.mode }}
      dry-run: true
      quiet: false
      tag: [a, b]
`,
      { mode: 'security' },
    );
    const { deps, calls } = harness({ mega: () => ({ exitCode: 0, output: { report: { files: ['src/a.ts', 'docs/b c.md'] }, plan: { usd: 1.5 } } }) });
    await executeRun(run, deps);
    expect(calls[1]).toEqual(['use', 'src/a.ts', 'docs/b c.md', '--usd', '1.5', '--label', 'cost 1.5', '--mode', 'security', '--dry-run', '--tag', 'a', '--tag', 'b']);
  });

  it('retry waits with a doubling backoff, then succeeds', async () => {
    const run = runOf(`steps:
  - id: flaky
    run: flaky
    retry: {times: 3, backoff: 250ms}
`);
    let failures = 2;
    const { deps, sleeps } = harness({ flaky: () => (failures-- > 0 ? { exitCode: 1, error: { code: 'LLM_OVERLOADED', message: 'busy' } } : { exitCode: 0, output: 'done' }) });
    await executeRun(run, deps);
    expect(sleeps).toEqual([250, 500]);
    expect(run.steps.flaky).toMatchObject({ status: 'succeeded', attempts: 3, output: 'done', exitCode: 0 });
    expect(run.steps.flaky?.error).toBeUndefined();
  });

  it('a step that keeps failing fails the run and holds back what needs it; continue-on-error does not', async () => {
    const yaml = (continueOnError: boolean) => `steps:
  - id: bad
    run: bad
    retry: {times: 1}
    continue-on-error: ${continueOnError}
  - {id: next, needs: bad, run: next}
`;
    const failing = { bad: () => ({ exitCode: 3, error: { code: 'BOOM', message: 'no' } }) };
    const strict = runOf(yaml(false));
    const first = harness(failing);
    await executeRun(strict, first.deps);
    expect(strict.status).toBe('failed');
    expect(strict.steps.bad).toMatchObject({ status: 'failed', attempts: 2, exitCode: 3, error: { code: 'BOOM' } });
    expect(first.sleeps).toEqual([1000]);
    expect(strict.steps.next?.status).toBe('pending');
    const lenient = runOf(yaml(true));
    await executeRun(lenient, harness(failing).deps);
    expect(lenient.status).toBe('succeeded');
    expect(lenient.steps.next?.status).toBe('succeeded');
  });

  it('a step over its timeout fails with CHAIN_STEP_TIMEOUT and its signal is aborted', async () => {
    const run = runOf('steps:\n  - {id: slow, run: slow, timeout: 20ms}\n');
    let aborted = false;
    const { deps } = harness({
      slow: (_words, signal) =>
        new Promise((resolve) =>
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ exitCode: 130 });
          }),
        ),
    });
    await executeRun(run, deps);
    expect(run.steps.slow).toMatchObject({ status: 'failed', exitCode: 124, error: { code: 'CHAIN_STEP_TIMEOUT' } });
    expect(aborted).toBe(true);
  });

  it('runs ready steps side by side, never more than `parallel`', async () => {
    const steps = Array.from({ length: 7 }, (_, index) => `  - {id: s${index}, run: held}`).join('\n');
    const run = runOf(`steps:\n${steps}\n  - {id: last, needs: [s0, s1, s2, s3, s4, s5, s6], run: last}\n`);
    let inFlight = 0;
    let peak = 0;
    let waiting: Array<() => void> = [];
    // Each call is held until `parallel` calls are in flight (or all that remain), then they go together.
    let remaining = 7;
    const held = async (): Promise<StepResult> => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === Math.min(3, remaining)) {
          remaining -= waiting.length;
          const release = waiting;
          waiting = [];
          release.forEach((go) => go());
        }
      });
      inFlight--;
      return { exitCode: 0 };
    };
    const { deps, saves } = harness({ held }, { parallel: 3 });
    await executeRun(run, deps);
    expect(peak).toBe(3);
    expect(run.status).toBe('succeeded');
    // Every change was saved: each step was seen running before it was seen succeeded.
    for (const id of Object.keys(run.steps)) {
      const running = saves.findIndex((save) => save[id] === 'running');
      const done = saves.findIndex((save) => save[id] === 'succeeded');
      expect(running).toBeGreaterThanOrEqual(0);
      expect(done).toBeGreaterThan(running);
    }
  });

  it('Ctrl-C: the run is cancelled, the step in flight goes back to pending, finished ones stay', async () => {
    const run = runOf('steps:\n  - {id: done, run: quick}\n  - {id: busy, needs: done, run: busy}\n  - {id: never, needs: busy, run: quick}\n');
    const controller = new AbortController();
    const { deps, calls } = harness(
      {
        busy: (_words, signal) => {
          controller.abort(new Error('cancelled'));
          return signal.aborted ? { exitCode: 130, error: { code: 'CANCELLED', message: 'cancelled' } } : { exitCode: 0 };
        },
      },
      { signal: controller.signal },
    );
    await executeRun(run, deps);
    expect(run.status).toBe('cancelled');
    expect([run.steps.done?.status, run.steps.busy?.status, run.steps.never?.status]).toEqual(['succeeded', 'pending', 'pending']);
    expect(calls.map((words) => words[0])).toEqual(['quick', 'busy']);
  });

  it('a shell step is checked again with its references filled in, which are quoted', async () => {
    const run = runOf('steps:\n  - {id: a, run: a}\n  - {id: sh, needs: a, shell: "echo ${{ steps.a.output.name }}"}\n');
    const seen: string[] = [];
    const { deps } = harness(
      { a: () => ({ exitCode: 0, output: { name: 'x; sudo reboot' } }) },
      {
        decideShell: (command) => (seen.push(command), { allowed: !command.includes('sudo'), reason: 'sudo is denied' }),
        shell: async (command) => ({ exitCode: 0, output: { command } }),
      },
    );
    await executeRun(run, deps);
    expect(seen).toEqual(["echo 'x; sudo reboot'"]);
    expect(run.steps.sh).toMatchObject({ status: 'failed', error: { code: 'CHAIN_SHELL_FORBIDDEN' } });
  });
});
