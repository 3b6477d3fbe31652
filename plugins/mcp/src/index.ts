import { createRequire } from 'node:module';
import { definePlugin, type PluginDefinition } from '@loomkit/kernel';
import { hooks, plugin } from './hooks.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export default definePlugin({
  name: plugin,
  version,
  kernel: '^1.0.0',
  description: 'Every installed Loom command as an MCP tool for Claude Code, Claude Desktop and Cursor, and as Claude Code slash commands.',
  // What the server returns passes security's redactor and path policy: without them it must not serve.
  dependsOn: { security: '^0.1.0' },
  hooks: hooks as unknown as PluginDefinition['hooks'],
  routes: [
    {
      command: 'mcp serve',
      summary: 'Serve every Loom command as an MCP tool (stdio, or streamable HTTP on 127.0.0.1)',
      examples: ['start the loom mcp server', 'serve loom to claude code', 'run loom as an MCP server over http on port 3333'],
      args: { http: 'serve streamable HTTP on 127.0.0.1 at this port instead of stdio', project: 'the project folder to serve (default: the current one)' },
    },
    {
      command: 'mcp tools',
      summary: 'List the MCP tools the server would expose, with their effects',
      examples: ['which loom tools does the mcp server offer', 'list the mcp tools', 'what can claude code call in loom'],
      effect: 'read',
    },
    {
      command: 'mcp config',
      summary: 'Print the snippet that adds Loom to Claude Code, Claude Desktop or Cursor',
      examples: ['how do I add loom to claude desktop', 'give me the cursor mcp config for loom', 'set up loom in claude code'],
      args: { client: 'claude-code, claude-desktop or cursor' },
      effect: 'read',
    },
    {
      command: 'export claude-commands',
      summary: 'Write one Claude Code slash command per Loom command into .claude/commands',
      examples: ['export loom commands to claude code', 'make slash commands for loom', 'write .claude/commands for every loom command'],
      args: { dir: 'the folder to write into (default .claude/commands)' },
      // It replaces slash-command files of the same names.
      effect: 'destroy',
    },
  ],
});
