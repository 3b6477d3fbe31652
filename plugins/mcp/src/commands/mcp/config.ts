import { Args } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { CLIENTS, snippetFor, type Snippet } from '../../config-snippets.js';

export default class McpConfig extends LoomCommand {
  static override summary = 'Print the exact snippet that adds Loom\'s MCP server to Claude Code, Claude Desktop or Cursor.';
  static override examples = ['<%= config.bin %> mcp config claude-code', '<%= config.bin %> mcp config claude-desktop', '<%= config.bin %> mcp config cursor --json'];
  static override enableJsonFlag = true;
  static override args = {
    client: Args.string({ options: [...CLIENTS], required: true, description: 'The MCP client' }),
  };

  async run(): Promise<Snippet> {
    const { args } = await this.parse(McpConfig);
    const snippet = snippetFor(args.client as Snippet['client'], this.config.bin, process.cwd());
    this.logToStderr(`# ${snippet.where}`);
    this.log(snippet.text);
    return snippet;
  }
}
