import { LoomError, type Paths } from '@loomkit/kernel';
import type { Policy } from '@loomkit/plugin-security';
import type { CheckpointService, SessionStore } from '@loomkit/plugin-session';
import { executeRun, type Checkpointer } from './execute/scheduler.js';
import { createFileWriter } from './execute/write-file.js';
import { parseInline } from './parse/index.js';
import { downstreamOf } from './plan/graph.js';
import { RUN_STATE_VERSION, type ChainConfig, type RunState, type StepState, type Workflow } from './schema.js';
import { createRunStore, type RunStore } from './state/index.js';
import type { CommandRunner, Problem, RunEvent, ShellRunner, WorkflowSource } from './types.js';
import { problemLine, validateWorkflow } from './validate/index.js';
import { listWorkflows, loadWorkflow, type WorkflowEntry } from './workflows.js';

export interface ChainDeps {
  paths: Paths;
  config: ChainConfig;
  now: () => number;
  policy?: (() => Policy | undefined) | undefined;
  sessions?: (() => { store: SessionStore; checkpoints: CheckpointService } | undefined) | undefined;
}

/** What a run needs from the process it runs in (the CLI wires oclif in). */
export interface RunEnvironment {
  runner: CommandRunner;
  shell: ShellRunner;
  signal: AbortSignal;
  onEvent?: ((event: RunEvent) => void) | undefined;
  sleep?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
}

export interface StartOptions {
  inputs?: Record<string, string> | undefined;
  from?: string | undefined;
  maxCostUsd?: number | undefined;
  /** Command ids with spaces, to validate `run:` lines. */
  commands: readonly string[];
}

/** Every method is async: the plugin's entry loads this module on the first call only. */
export interface ChainService {
  /** A file, a name under chain.dirs, or a built-in; throws CHAIN_INVALID listing every problem. */
  load(ref: string, cwd: string): Promise<WorkflowSource>;
  inline(text: string): Promise<WorkflowSource>;
  /** Every problem, each one line; none means the workflow may run. */
  validate(source: WorkflowSource, commands: readonly string[]): Promise<Problem[]>;
  list(): Promise<WorkflowEntry[]>;
  /** The runs of this project, newest first. */
  runs(): Promise<RunState[]>;
  /** A run by id or unique id prefix. */
  read(ref: string): Promise<RunState>;
  /** Checks the workflow and records a new run (nothing runs yet). */
  create(source: WorkflowSource, options: StartOptions): Promise<RunState>;
  /** A run to finish: steps that did not finish go back to pending; finished ones stay. */
  reopen(ref: string): Promise<RunState>;
  execute(run: RunState, environment: RunEnvironment): Promise<RunState>;
  /** Writes the run's state as it is now (e.g. money spent mid-step), queued after any write in progress. */
  save(run: RunState): Promise<void>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason as Error)), { once: true });
  });

export function createChainService(deps: ChainDeps): ChainService {
  const store = createRunStore(deps.paths.stateDir);
  const decideShell = () => {
    const policy = deps.policy?.();
    return policy ? (command: string) => policy.decideCommand(command) : undefined;
  };
  const refuse = (source: WorkflowSource, problems: Problem[]): never => {
    throw new LoomError('CHAIN_INVALID', `${source.label} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing ran:\n${problems.map(problemLine).join('\n')}`, {
      hint: `fix ${problems.length === 1 ? 'it' : 'them'} and run again (\`loom chain validate\` checks without running)`,
    });
  };
  const parsed = (label: string, result: { source?: WorkflowSource | undefined; problems: Problem[] }): WorkflowSource =>
    result.source ?? refuse({ label } as WorkflowSource, result.problems);

  const validate = (source: WorkflowSource, commands: readonly string[]) => validateWorkflow(source, { commands, decideShell: decideShell() });
  const service: ChainService = {
    load: async (ref, cwd) => parsed(ref, loadWorkflow(ref, { cwd, projectRoot: deps.paths.projectRoot, dirs: deps.config.dirs })),
    inline: async (text) => parsed('inline', parseInline(text)),
    validate: async (source, commands) => validate(source, commands),
    list: async () => listWorkflows(deps.paths.projectRoot, deps.config.dirs),
    runs: async () => store.list(),
    read: async (ref) => store.read(ref),

    async create(source, options) {
      const problems = validate(source, options.commands);
      if (problems.length > 0) refuse(source, problems);
      const nowIso = new Date(deps.now()).toISOString();
      const steps: Record<string, StepState> = Object.fromEntries(source.workflow.steps.map((step) => [step.id, { status: 'pending', attempts: 0 } satisfies StepState]));
      if (options.from !== undefined) carryOver(source, options.from, steps, store);
      const run: RunState = {
        v: RUN_STATE_VERSION,
        id: store.newId(new Date(deps.now())),
        workflow: source.workflow,
        source: source.origin,
        inputs: resolveInputs(source.workflow, options.inputs ?? {}),
        status: 'running',
        createdAt: nowIso,
        updatedAt: nowIso,
        spentUsd: 0,
        ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}),
        steps,
      };
      await store.save(run);
      return run;
    },

    async reopen(ref) {
      const run = store.read(ref);
      if (run.status === 'succeeded') {
        throw new LoomError('CHAIN_RUN_FINISHED', `run ${run.id} already finished; every step succeeded or was skipped`, { hint: `start a new one with \`loom chain run ${run.source.replace(/^builtin:/, '')}\`` });
      }
      for (const state of Object.values(run.steps)) {
        if (state.status === 'running' || state.status === 'failed') state.status = 'pending';
      }
      run.status = 'running';
      await store.save(run);
      return run;
    },

    save: (run) => store.save(run, { durable: false }),

    execute(run, environment) {
      const policy = decideShell();
      return executeRun(run, {
        runner: environment.runner,
        shell: environment.shell,
        save: (state, options) => store.save(state, options),
        parallel: run.workflow.parallel ?? deps.config.parallel,
        signal: environment.signal,
        now: deps.now,
        sleep: environment.sleep ?? sleep,
        onEvent: environment.onEvent,
        checkpoints: checkpointer(deps),
        decideShell: policy,
        writeFile: createFileWriter(deps.paths.projectRoot, deps.policy?.() ? (path) => (deps.policy?.() as Policy).decidePath(path) : undefined),
      });
    },
  };
  return service;
}

/** `--from STEP`: the steps that do not depend on STEP keep the outputs of the latest run of the same workflow. */
function carryOver(source: WorkflowSource, from: string, steps: Record<string, StepState>, store: RunStore): void {
  if (!steps[from]) throw new LoomError('CHAIN_UNKNOWN_STEP', `--from ${from}: no such step`, { hint: `steps are: ${Object.keys(steps).join(', ')}` });
  const previous = store.list().find((run) => run.source === source.origin);
  if (!previous) throw new LoomError('CHAIN_FROM_NO_RUN', `--from ${from}: ${source.label} has no earlier run to take the steps before ${from} from`, { hint: 'run it once in full first' });
  const rerun = downstreamOf(source.workflow, from);
  for (const [id, state] of Object.entries(steps)) {
    const before = previous.steps[id];
    if (!rerun.has(id) && before && (before.status === 'succeeded' || before.status === 'skipped')) Object.assign(state, before);
  }
}

/** `--input k=v` over the declared defaults; `true`/`false` and numbers keep their type. */
function resolveInputs(workflow: Workflow, given: Record<string, string>): Record<string, string | number | boolean> {
  const declared = workflow.inputs ?? {};
  const values: Record<string, string | number | boolean> = {};
  for (const [name, text] of Object.entries(given)) {
    if (!(name in declared)) throw new LoomError('CHAIN_UNKNOWN_INPUT', `--input ${name}: the workflow has no such input`, { hint: `inputs are: ${Object.keys(declared).join(', ') || 'none'}` });
    values[name] = text === 'true' ? true : text === 'false' ? false : text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  for (const [name, input] of Object.entries(declared)) {
    if (values[name] !== undefined) continue;
    if (input.default !== undefined) values[name] = input.default;
    else if (input.required) throw new LoomError('CHAIN_INPUT_MISSING', `the input "${name}" is required${input.description ? ` (${input.description})` : ''}`, { hint: `pass --input ${name}=…` });
  }
  return values;
}

/** Session checkpoints when the session plugin is there; without it `checkpoint:` is a no-op with a note. */
function checkpointer(deps: ChainDeps): Checkpointer | undefined {
  const sessions = deps.sessions?.();
  if (!sessions) return undefined;
  return {
    async take(runId, step) {
      const sessionId = (await sessions.store.active()) ?? (await sessions.store.create(`chain ${runId}`)).id;
      const record = await sessions.checkpoints.create(sessionId, `before chain step ${step.id} (run ${runId})`, { auto: true });
      return `${sessionId}/${record.id}`;
    },
    async restore(checkpoint) {
      const [sessionId, id] = checkpoint.split('/') as [string, string];
      await sessions.checkpoints.restore(sessionId, id, { force: true });
    },
  };
}
