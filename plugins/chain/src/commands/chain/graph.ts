import { Args, Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { levels, needsOf, renderMermaid, renderTerminal } from '../../plan/index.js';
import { ChainToken } from '../../tokens.js';

export default class ChainGraph extends LoomCommand {
  static override summary = 'Draw a workflow\'s steps and what each waits for, in the terminal or as Mermaid.';
  static override examples = ['<%= config.bin %> chain graph review', '<%= config.bin %> chain graph .loom/chains/release.yaml --format mermaid > flow.md', '<%= config.bin %> chain graph onboard --json'];
  static override enableJsonFlag = true;
  static override args = {
    workflow: Args.string({ description: 'A workflow file, or a workflow name', required: true }),
  };
  static override flags = {
    format: Flags.string({ char: 'f', options: ['terminal', 'mermaid'], default: 'terminal', description: 'terminal: levels of steps that may run side by side; mermaid: a flowchart for Markdown' }),
  };

  async run(): Promise<{ levels: string[][]; edges: Array<[string, string]> }> {
    const { args, flags } = await this.parse(ChainGraph);
    const { workflow } = await (await this.kernel()).get(ChainToken).load(args.workflow, process.cwd());
    this.log((flags.format === 'mermaid' ? renderMermaid(workflow) : renderTerminal(workflow)).trimEnd());
    return { levels: levels(workflow), edges: workflow.steps.flatMap((step) => needsOf(step).map((need): [string, string] => [need, step.id])) };
  }
}
