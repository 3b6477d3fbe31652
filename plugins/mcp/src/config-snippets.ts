export const CLIENTS = ['claude-code', 'claude-desktop', 'cursor'] as const;
export type Client = (typeof CLIENTS)[number];

export interface Snippet {
  client: Client;
  /** Where the snippet goes. */
  where: string;
  /** What to paste: a shell line (Claude Code) or JSON (the others). */
  text: string;
}

/**
 * The exact snippet each client needs. Claude Code starts servers in the project it runs in;
 * Claude Desktop and Cursor's user file do not, so theirs name the project with --project.
 */
export function snippetFor(client: Client, bin: string, project: string): Snippet {
  if (client === 'claude-code') {
    return { client, where: 'run it in the project, in a terminal', text: `claude mcp add loom -- ${bin} mcp serve` };
  }
  const server = { command: bin, args: ['mcp', 'serve', '--project', project] };
  const where =
    client === 'claude-desktop'
      ? 'merge into claude_desktop_config.json (macOS: ~/Library/Application Support/Claude/, Windows: %APPDATA%\\Claude\\), then restart Claude Desktop'
      : 'merge into .cursor/mcp.json in the project (or ~/.cursor/mcp.json for every project)';
  return { client, where, text: JSON.stringify({ mcpServers: { loom: server } }, null, 2) };
}
