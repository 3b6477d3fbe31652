import { Args, Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { renderMermaid, renderTerminal } from '../../plan/index.js';
import { ChainToken } from '../../tokens.js';

export default class ChainGraph extends LoomCommand {
  static override summary = 'Draw a workflow\'s steps and what each waits for, in the terminal or as Mermaid.';
  static override examples = ['<%= config.bin %> chain graph review', '<%= config.bin %> chain graph .loom/chains/release.yaml --format mermaid > flow.md'];
  static override args = {
    workflow: Args.string({ description: 'A workflow file, or a workflow name', required: true }),
  };
  static override flags = {
    format: Flags.string({ char: 'f', options: ['terminal', 'mermaid'], default: 'terminal', description: 'terminal: levels of steps that may run side by side; mermaid: a flowchart for Markdown' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ChainGraph);
    const { workflow } = await (await this.kernel()).get(ChainToken).load(args.workflow, process.cwd());
    process.stdout.write(flags.format === 'mermaid' ? renderMermaid(workflow) : renderTerminal(workflow));
  }
}
