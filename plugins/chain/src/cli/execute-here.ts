import type { Config } from '@oclif/core';
import { LoomError } from '@loomkit/kernel';
import { bootKernel, currentHost } from '@loomkit/kernel/command';
import type {} from '@loomkit/llm';
import { capMaxCost } from '../execute/arguments.js';
import { createInProcessRunner } from '../execute/in-process.js';
import { createShellRunner } from '../execute/shell.js';
import type { RunState } from '../schema.js';
import type { ChainService } from '../service.js';
import { runView } from './view.js';

export interface HereOptions {
  config: Config;
  signal: AbortSignal;
  /** `--set` assignments of the chain command, given to the run's kernel too. */
  assignments: readonly string[];
  verbose: boolean;
  json: boolean;
  write: (line: string) => void;
}

/**
 * Runs `run` in this process: one kernel for the whole run (so every step shares the llm
 * limiter and the cost ledger, with --max-cost as its command budget), the steps' commands
 * through oclif, the live view; throws CHAIN_RUN_FAILED / CHAIN_CANCELLED naming the resume.
 */
export async function executeHere(service: ChainService, run: RunState, options: HereOptions): Promise<RunState> {
  const left = run.maxCostUsd === undefined ? undefined : Math.max(run.maxCostUsd - run.spentUsd, 0);
  if (left !== undefined && left <= 0) {
    throw new LoomError('LLM_BUDGET_EXCEEDED', `run ${run.id} already spent its --max-cost of $${run.maxCostUsd}`, { hint: 'start a new run with a higher --max-cost' });
  }
  const boot = currentHost()?.boot ?? bootKernel;
  const kernel = await boot({
    config: options.config,
    cwd: process.cwd(),
    assignments: [...options.assignments, ...(left !== undefined ? [`llm.budget.perCommandUsd=${left}`] : [])],
    signal: options.signal,
    verbose: options.verbose,
    strict: true,
    setUp: true,
  });
  // Every call's cost is written at once, not at the step's end: a kill in the middle of a
  // step that made calls must not forget them, or a resume could spend past --max-cost.
  const stopSpending = kernel.events.on('llm:response', async ({ costUsd }) => {
    run.spentUsd += costUsd;
    await service.save(run);
  });
  const inProcess = createInProcessRunner(options.config, kernel);
  const runner = { run: (words: string[], signal: AbortSignal) => inProcess.run(capMaxCost(words, left), signal) };
  const live = !options.json && Boolean(process.stderr.isTTY);
  const view = runView(run, options.json ? 'none' : live ? 'live' : 'lines', options.write);
  try {
    await service.execute(run, { runner, shell: createShellRunner(kernel.paths.projectRoot), signal: options.signal, onEvent: view.listener });
  } finally {
    view.stop();
    inProcess.close();
    stopSpending();
    await kernel.dispose();
  }
  if (run.status === 'cancelled') {
    throw new LoomError('CHAIN_CANCELLED', `run ${run.id} was cancelled; finished steps are kept`, { hint: `finish it with \`loom chain resume ${run.id}\``, exitCode: 130 });
  }
  if (run.status === 'failed') {
    const failed = Object.entries(run.steps).find(([id, state]) => state.status === 'failed' && !run.workflow.steps.find((step) => step.id === id)?.['continue-on-error']);
    const why = failed ? `step "${failed[0]}" failed: ${failed[1].error?.code ?? 'CHAIN_STEP_FAILED'}: ${failed[1].error?.message ?? ''}` : 'some steps could not run';
    throw new LoomError('CHAIN_RUN_FAILED', `run ${run.id}: ${why}`, { hint: `fix it, then \`loom chain resume ${run.id}\` (finished steps are not run again)` });
  }
  return run;
}
