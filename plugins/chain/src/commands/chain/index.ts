import { Args } from '@oclif/core';
import { ChainRunCommand } from '../../cli/run-command.js';
import type { RunSummary } from '../../cli/format.js';

export default class Chain extends ChainRunCommand {
  static override summary = 'Run Loom commands one after another (->) or side by side (&), in this process.';
  static override description = `Each command runs as a step of a recorded run under .loom/chains/runs/: its --json data is kept, a crash or Ctrl-C leaves a run that \`loom chain resume\` finishes without running finished steps again.

Operators must stand apart as words; quote arguments that hold spaces. For inputs, conditions, retries and references to earlier results, write a workflow file and use \`loom chain run\`.`;
  static override examples = [
    { description: 'A dry mega report, then a secret scan', command: '<%= config.bin %> chain "query mega . --dry-run -> security scan ."' },
    { description: 'Two commands side by side, then a third', command: '<%= config.bin %> chain "security scan . & query map -> session checkpoint \'after review\'"' },
    { description: 'Every step\'s output as JSON', command: '<%= config.bin %> chain "query map -> security policy" --json' },
  ];
  static override args = {
    chain: Args.string({ description: 'Commands joined by -> (then) and & (side by side), without `loom`', required: true }),
  };
  static override flags = { ...ChainRunCommand.runFlags };

  async run(): Promise<RunSummary> {
    const { args, flags } = await this.parse(Chain);
    const service = await this.chainService();
    const run = await service.create(await service.inline(args.chain), { commands: this.commands(), maxCostUsd: flags['max-cost'] });
    return this.execute(service, run, flags);
  }
}
