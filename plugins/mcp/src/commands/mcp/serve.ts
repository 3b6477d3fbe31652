import { Flags } from '@oclif/core';
import { LoomError } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { takeEarly, type EarlyServer } from '../../server/handoff.js';

export default class McpServe extends LoomCommand {
  static override summary = 'Serve every installed Loom command as an MCP tool, over stdio (or streamable HTTP).';
  static override description = `Boots Loom once and runs each tool call in this process on that kernel: calls run side by side under the one llm limiter, a client's cancellation aborts the command, results pass the security plugin's redactor, and paths outside the project are refused as tool errors. Tools are the routed commands (third-party ones included); resources are the latest mega report and the session transcripts; prompts are the chains.

stdout carries only MCP messages; logs go to stderr. --http serves streamable HTTP at http://127.0.0.1:PORT/mcp, never on another address.`;
  static override examples = [
    { description: 'Add Loom to Claude Code', command: 'claude mcp add loom -- <%= config.bin %> mcp serve' },
    { description: 'Streamable HTTP on port 3333 (127.0.0.1 only)', command: '<%= config.bin %> mcp serve --http 3333' },
    { description: 'Serve another project (for Claude Desktop, which starts servers anywhere)', command: '<%= config.bin %> mcp serve --project ~/code/app' },
  ];
  static override flags = {
    http: Flags.integer({ min: 0, max: 65_535, description: 'Serve streamable HTTP on 127.0.0.1 at this port instead of stdio (0: any free port)', helpValue: '<port>' }),
    project: Flags.directory({ exists: true, description: 'The project folder to serve (default: the current one)', helpValue: '<dir>' }),
  };

  /** The server bin/run.js started before oclif (`loom mcp serve` on stdio), waiting for this kernel. */
  private readonly early: EarlyServer | undefined = takeEarly();

  async run(): Promise<void> {
    const { flags } = await this.parse(McpServe);
    if (flags.project) {
      try {
        process.chdir(flags.project);
      } catch (error) {
        throw new LoomError('MCP_PROJECT_UNREADABLE', `cannot serve ${flags.project}: ${(error as Error).message}`, { hint: 'give a folder you can read with --project' });
      }
    }
    // The SDK loads only here, while the kernel boots: every other command, and `loom --version`, stays without it.
    const loading = import('../../server/serve.js');
    const kernel = await this.kernel();
    const { serve } = await loading;
    await serve({ kernel, config: this.config, http: flags.http, signal: this.signal, log: (line) => this.logToStderr(line), early: this.early });
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    // Failed before the kernel came (a plugin that broke the boot): the early server must
    // not hold the process open; the client sees it end, as without it.
    this.early?.close();
    await super.finally(error);
  }
}
