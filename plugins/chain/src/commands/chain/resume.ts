import { Args } from '@oclif/core';
import { LoomError } from '@loomkit/kernel';
import { ChainRunCommand } from '../../cli/run-command.js';
import type { RunSummary } from '../../cli/format.js';

export default class ChainResume extends ChainRunCommand {
  static override summary = 'Finish a run after a crash, Ctrl-C or a failed step; finished steps are not run again.';
  static override description = 'Steps that succeeded or were skipped keep their outputs; steps that were running, failed or never started run now. The workflow is the one recorded with the run, so editing the file does not change a run half-way. The run keeps its --max-cost; a --max-cost given here replaces it, and either way what the run already spent counts toward it.';
  static override examples = [
    { description: 'The latest unfinished run', command: '<%= config.bin %> chain resume' },
    { description: 'A run by id or id prefix', command: '<%= config.bin %> chain resume 20260104-101502' },
    { description: 'With a new limit for the whole run (what it spent before counts)', command: '<%= config.bin %> chain resume --max-cost 2' },
  ];
  static override flags = { ...ChainRunCommand.runFlags };
  static override args = {
    run: Args.string({ description: 'The run id or a prefix (default: the latest unfinished run)' }),
  };

  async run(): Promise<RunSummary> {
    const { args, flags } = await this.parse(ChainResume);
    const service = await this.chainService();
    const ref = args.run ?? (await service.runs()).find((run) => run.status !== 'succeeded')?.id;
    if (!ref) throw new LoomError('CHAIN_RUN_NOT_FOUND', 'no unfinished chain run in this project', { hint: 'run `loom chain runs` to see the runs' });
    const run = await service.reopen(ref);
    if (flags['max-cost'] !== undefined) run.maxCostUsd = flags['max-cost'];
    return this.execute(service, run, flags);
  }
}
