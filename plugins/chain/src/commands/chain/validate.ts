import { Args } from '@oclif/core';
import { LoomError } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { commandIds } from '../../execute/in-process.js';
import type { Problem } from '../../types.js';
import { ChainToken } from '../../tokens.js';
import { problemLine } from '../../validate/index.js';

export default class ChainValidate extends LoomCommand {
  static override summary = 'Check a workflow without running it: every problem, one line each, with its place.';
  static override description = 'Reports YAML/JSON syntax errors with line and column, fields the schema does not allow, unknown commands (with the closest names), needs and references to steps that do not exist or do not come first, cycles (with their path), bad expressions, and shell steps the security policy forbids. Exits 1 when there is any. `loom chain run` refuses the same problems before any step starts.';
  static override examples = ['<%= config.bin %> chain validate .loom/chains/release.yaml', '<%= config.bin %> chain validate review', '<%= config.bin %> chain validate flow.json --json'];
  static override enableJsonFlag = true;
  static override args = {
    workflow: Args.string({ description: 'A workflow file, or a workflow name', required: true }),
  };

  async run(): Promise<{ ok: boolean; problems: Problem[] }> {
    const { args } = await this.parse(ChainValidate);
    const service = (await this.kernel()).get(ChainToken);
    // A file that does not parse throws CHAIN_INVALID with its syntax problems, one line each.
    const source = await service.load(args.workflow, process.cwd());
    const label = source.label;
    const problems = await service.validate(source, commandIds(this.config));
    if (problems.length > 0) {
      throw new LoomError('CHAIN_INVALID', `${label} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map(problemLine).join('\n')}`, { hint: 'fix them; `loom chain run` refuses a workflow with problems' });
    }
    this.log(`✓ ${label} is valid`);
    return { ok: true, problems };
  }
}
