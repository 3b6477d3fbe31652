import { LoomCommand, renderTable } from '@loomkit/kernel/command';
import { annotationsOf, catalogOf, inputSchemaOf } from '../../catalog/index.js';

export default class McpTools extends LoomCommand {
  static override summary = 'List the MCP tools `loom mcp serve` would expose.';
  static override description = 'One tool per installed command with a route and --json output, third-party plugins included. The effect says what a call does: read (readOnlyHint), write, destroy (destructiveHint), spend (calls Claude; cost in the description), unknown.';
  static override examples = ['<%= config.bin %> mcp tools', '<%= config.bin %> mcp tools --json | jq ".[].name"'];
  static override enableJsonFlag = true;

  async run() {
    await this.parse(McpTools);
    const tools = catalogOf(await this.kernel(), this.config);
    this.log(renderTable(['tool', 'effect', 'plugin', 'summary'], tools.map((tool) => [tool.name, tool.effect, tool.plugin, tool.summary])));
    return tools.map((tool) => ({
      name: tool.name,
      command: tool.command,
      plugin: tool.plugin,
      effect: tool.effect,
      description: tool.description,
      annotations: annotationsOf(tool.effect),
      inputSchema: inputSchemaOf(tool),
    }));
  }
}
