import { Args } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { renderRun, runSummary, type RunSummary } from '../../cli/format.js';
import { ChainToken } from '../../tokens.js';

export default class ChainShow extends LoomCommand {
  static override summary = 'Show a run: every step\'s status, attempts, duration, exit code and output.';
  static override description = 'With --json, each step\'s whole output (the --json data of its command) is included — the values later steps read as ${{ steps.<id>.output.… }}.';
  static override examples = ['<%= config.bin %> chain show 20260104-101502', '<%= config.bin %> chain show 2026 --json | jq \'.steps[] | {id, status, output}\''];
  static override enableJsonFlag = true;
  static override args = {
    run: Args.string({ description: 'The run id or a unique prefix', required: true }),
  };

  async run(): Promise<RunSummary> {
    const { args } = await this.parse(ChainShow);
    const run = await (await this.kernel()).get(ChainToken).read(args.run);
    this.log(renderRun(run));
    return runSummary(run);
  }
}
