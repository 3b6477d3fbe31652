import { Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { maxCostFlag } from '@loomkit/llm/flags';
import { commandIds } from '../execute/in-process.js';
import type { RunState } from '../schema.js';
import type { ChainService } from '../service.js';
import { ChainToken } from '../tokens.js';
import { executeHere } from './execute-here.js';
import { runSummary, type RunSummary } from './format.js';

/** What `chain`, `chain run` and `chain resume` share: the service, the run in this process, the summary. */
export abstract class ChainRunCommand extends LoomCommand {
  static override enableJsonFlag = true;
  static runFlags = {
    'max-cost': maxCostFlag({ description: 'Most the whole run may spend on Claude, in USD; holds across every step and resume' }),
  };

  protected async chainService(): Promise<ChainService> {
    return (await this.kernel()).get(ChainToken);
  }

  protected commands(): string[] {
    return commandIds(this.config);
  }

  protected async execute(service: ChainService, run: RunState, flags: { set?: string[] | undefined; verbose?: boolean | undefined }): Promise<RunSummary> {
    const json = this.jsonEnabled();
    if (!json) this.logToStderr(`run ${run.id} (${run.workflow.steps.length} steps)`);
    await executeHere(service, run, {
      config: this.config,
      signal: this.signal,
      assignments: flags.set ?? [],
      verbose: Boolean(flags.verbose),
      json,
      write: (line) => this.logToStderr(line),
    });
    const summary = runSummary(run);
    this.log(`✓ ${run.workflow.name ?? 'chain'} finished: ${summary.counts}`);
    return summary;
  }
}

export const inputFlag = Flags.string({
  char: 'i',
  description: 'A workflow input, name=value (repeatable)',
  helpValue: 'name=value',
  multiple: true,
  multipleNonGreedy: true,
});
