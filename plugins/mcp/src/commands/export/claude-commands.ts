import { relative, resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { catalogOf } from '../../catalog/index.js';
import { exportClaudeCommands, type ExportedCommand } from '../../export/claude-commands.js';

export default class ExportClaudeCommands extends LoomCommand {
  static override summary = 'Write one Claude Code slash command per Loom command, so /loom-query-mega works without MCP.';
  static override description = 'Each file has YAML frontmatter (description, argument-hint, allowed-tools: Bash(loom <command>:*)) and tells Claude to run the command with --json. Files of the same names are replaced; run it again after installing a plugin.';
  static override examples = ['<%= config.bin %> export claude-commands', '<%= config.bin %> export claude-commands --dir ~/.claude/commands'];
  static override enableJsonFlag = true;
  static override flags = {
    dir: Flags.string({ description: 'The folder to write into', default: '.claude/commands', helpValue: '<dir>' }),
  };

  async run(): Promise<ExportedCommand[]> {
    const { flags } = await this.parse(ExportClaudeCommands);
    const dir = resolve(flags.dir);
    const written = exportClaudeCommands(catalogOf(await this.kernel(), this.config), dir);
    this.log(`${written.length} slash commands written to ${relative(process.cwd(), dir) || '.'}: ${written.map((command) => command.slash).join(' ')}`);
    return written;
  }
}
