import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoomError, makeDirectorySync } from '@loomkit/kernel';
import { stringify } from 'yaml';
import { SPEND_NOTE, type Parameter, type ToolSpec } from '../catalog/index.js';

export interface ExportedCommand {
  /** The slash command: `/loom-query-mega`. */
  slash: string;
  file: string;
  command: string;
}

/** The file name (and slash command) of a Loom command: `query mega` → `loom-query-mega`. */
export const slashName = (command: string) => `loom-${command.trim().replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase()}`;

/** `[path] [question] [--mode codebase|security] [--dry-run]`: what `/loom-…` takes after its name. */
export function argumentHint(parameters: readonly Parameter[]): string {
  return parameters
    .map((parameter) => {
      const value = parameter.options ? parameter.options.join('|') : parameter.name;
      const word = parameter.kind === 'arg' ? `<${value}>` : parameter.type === 'boolean' ? `--${parameter.name}` : `--${parameter.name} <${value}>`;
      return parameter.required ? word : `[${word}]`;
    })
    .join(' ');
}

/** One Claude Code slash command: YAML frontmatter (description, argument-hint, allowed-tools) and the instruction. */
export function slashCommandFile(tool: ToolSpec): string {
  const frontmatter = {
    description: tool.summary,
    'argument-hint': argumentHint(tool.parameters),
    'allowed-tools': `Bash(loom ${tool.command}:*)`,
  };
  const body = [
    `Run \`loom ${tool.command} $ARGUMENTS --json\` in the project with the Bash tool, then tell me what its JSON result says, briefly.`,
    ...(tool.effect === 'spend' ? ['', `${SPEND_NOTE} Unless I gave --max-cost, add --dry-run first and show me the plan's cost before spending.`] : []),
    ...(tool.effect === 'destroy' ? ['', 'This command changes or removes data: say what it will do and wait for my yes before running it.'] : []),
    '',
    `Requests this answers: ${tool.examples.map((example) => `"${example}"`).join(', ')}.`,
  ];
  return `---\n${stringify(frontmatter, { lineWidth: 0 })}---\n\n${body.join('\n')}\n`;
}

/** Writes one Markdown slash command per tool into `dir`; existing files of the same names are replaced. */
export function exportClaudeCommands(tools: readonly ToolSpec[], dir: string): ExportedCommand[] {
  try {
    makeDirectorySync(dir);
    return tools.map((tool) => {
      const name = slashName(tool.command);
      const file = join(dir, `${name}.md`);
      writeFileSync(file, slashCommandFile(tool));
      return { slash: `/${name}`, file, command: tool.command };
    });
  } catch (error) {
    // A folder the user named that cannot be written into is their input, not a bug.
    const { code, message } = error as NodeJS.ErrnoException;
    throw new LoomError('EXPORT_DIR_UNWRITABLE', `cannot write slash commands into ${dir}: ${code ?? message}`, { hint: 'pass --dir a folder you can create and write to (default: .claude/commands)' });
  }
}
