import { createRequire } from 'node:module';
import { CoreTokens, definePlugin } from '@loomkit/kernel';
import { chainConfigSchema, type ChainConfig } from './schema.js';
import type { ChainDeps, ChainService } from './service.js';
import { ChainToken, CheckpointsToken, PolicyToken, SessionStoreToken } from './tokens.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export default definePlugin({
  name: 'chain',
  version,
  kernel: '^1.0.0',
  description: 'Compose Loom commands into durable workflows: a DAG of steps, references to earlier results, retries, resume after a crash.',
  // Shell steps need the security policy; `checkpoint: true` needs sessions. Without them those features refuse or skip.
  optionalDependsOn: { security: '^0.1.0', session: '^0.1.0' },
  provides: [ChainToken],
  config: chainConfigSchema,
  routes: [
    {
      command: 'chain run',
      summary: 'Run a workflow (a file, a named one such as review or onboard) or commands chained with -> and &',
      examples: [
        'run the review workflow', 'review this repo: mega report, secret scan and a summary', 'onboard me on this codebase', 'run .loom/chains/release.yaml with version 1.4.0',
        'rerun the onboard workflow from the export step', 'run the nightly chain but spend at most 2 dollars',
        'run the mega report and then a secret scan', 'scan for secrets and map the repo at the same time', 'do query map then security scan', 'chain these commands: security scan . -> query mega . --dry-run',
      ],
      args: { workflow: 'a workflow file or name, or commands joined by -> and &', input: 'name=value inputs of the workflow', from: 'the step to start again from', 'max-cost': 'most the whole run may spend, in USD' },
    },
    {
      command: 'chain resume',
      summary: 'Finish a crashed, cancelled or failed chain run without redoing finished steps',
      examples: ['resume the chain that crashed', 'continue the last workflow run', 'pick up run 20260104-1015 where it stopped', 'retry the failed steps of my last chain'],
      args: { run: 'the run id or prefix (the latest unfinished if left out)' },
    },
    { command: 'chain runs', summary: 'List chain runs, newest first', examples: ['list my chain runs', 'which workflows ran recently', 'show unfinished workflow runs'] },
    {
      command: 'chain show',
      summary: 'Show a chain run step by step: status, attempts, duration, exit code, output',
      examples: ['show the last chain run', 'what did each step of run 2026 output', 'why did the review workflow fail'],
      args: { run: 'the run id or a prefix' },
    },
    {
      command: 'chain validate',
      summary: 'Check a workflow file without running it',
      examples: ['check my workflow file', 'is .loom/chains/release.yaml valid', 'lint the nightly chain'],
      args: { workflow: 'a workflow file or name' },
    },
    {
      command: 'chain graph',
      summary: 'Draw a workflow\'s steps and dependencies (terminal or Mermaid)',
      examples: ['draw the review workflow', 'show the steps of release.yaml as a mermaid diagram', 'which steps of my workflow run in parallel'],
      args: { workflow: 'a workflow file or name', format: 'terminal or mermaid' },
    },
    { command: 'chain list', summary: 'List the workflows that can run by name, built-ins included', examples: ['what workflows are there', 'list the built-in chains', 'which chains does this project have'] },
  ],
  permissions: {
    shell: true,
  },
  setup(ctx) {
    const config = ctx.config as ChainConfig;
    ctx.provide(ChainToken, {
      factory: () =>
        lazyService({
          paths: ctx.paths,
          config,
          now: () => ctx.get(CoreTokens.Clock).now(),
          policy: () => ctx.getOptional(PolicyToken),
          sessions: () => {
            const store = ctx.getOptional(SessionStoreToken);
            const checkpoints = ctx.getOptional(CheckpointsToken);
            return store && checkpoints ? { store, checkpoints } : undefined;
          },
        }),
    });
  },
});

/** The service, with its module (YAML, expressions, the scheduler) loaded on the first call, not at every boot. */
function lazyService(deps: ChainDeps): ChainService {
  let loaded: Promise<ChainService> | undefined;
  const service = () => (loaded ??= import('./service.js').then((module) => module.createChainService(deps)));
  return {
    load: async (ref, cwd) => (await service()).load(ref, cwd),
    inline: async (text) => (await service()).inline(text),
    validate: async (source, commands) => (await service()).validate(source, commands),
    list: async () => (await service()).list(),
    runs: async () => (await service()).runs(),
    read: async (ref) => (await service()).read(ref),
    create: async (source, options) => (await service()).create(source, options),
    reopen: async (ref) => (await service()).reopen(ref),
    execute: async (run, environment) => (await service()).execute(run, environment),
    save: async (run) => (await service()).save(run),
  };
}

export { ChainToken } from './tokens.js';
export { chainConfigSchema, workflowSchema, stepSchema, runStateSchema, type ChainConfig, type Workflow, type Step, type RunState, type StepState } from './schema.js';
export type { ChainService, ChainDeps, RunEnvironment, StartOptions } from './service.js';
export type { Problem, Place, StepResult, CommandRunner, WorkflowSource } from './types.js';
