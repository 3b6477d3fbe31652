import { writeFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { EXPORT_FORMATS } from '../../interop/formats.js';
import { sessionRef } from '../../conversation/command-support.js';
import { sessionServiceFor } from '../../service/from-kernel.js';
import { SessionStoreToken } from '../../tokens.js';

export default class SessionExport extends LoomCommand {
  static override summary = 'Export a session as Markdown, Loom JSON or a Claude Code transcript.';
  static override description = `md: a readable transcript. json: the whole session (turns, memory, checkpoints), which \`loom session import\` reads back. claude-code: the JSONL transcript format of Claude Code (lines chained by parentUuid, usage on assistant lines) — put it under ~/.claude/projects/<project folder>/<uuid>.jsonl to see it in \`claude --resume\`.

Writes to standard output unless --output is given.`;
  static override examples = [
    '<%= config.bin %> session export fix-login-timeout > login.md',
    '<%= config.bin %> session export 3fk2 --format json --output backup.json',
    '<%= config.bin %> session export 3fk2 --format claude-code --output ~/.claude/projects/-home-me-app/$(uuidgen).jsonl',
  ];
  static override args = { session: Args.string({ description: 'Id, id prefix or name (default: the active session)' }) };
  static override flags = {
    format: Flags.string({ char: 'f', description: 'Output format.', options: [...EXPORT_FORMATS], default: 'md' }),
    // --out too: `query mega` spelt it so first, and one name works for both.
    output: Flags.string({ char: 'o', aliases: ['out'], description: 'Write to this file instead of standard output.', helpValue: '<file>' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SessionExport);
    const format = flags.format as (typeof EXPORT_FORMATS)[number];
    const kernel = await this.kernel();
    const ref = await sessionRef(kernel.get(SessionStoreToken), args.session);
    const { session, text } = await sessionServiceFor(kernel).exportSession(ref, format);
    if (flags.output) {
      writeFileSync(flags.output, text);
      this.logToStderr(`exported ${session.name} (${session.id}, ${session.turns} turns) as ${format} to ${flags.output}`);
    } else {
      process.stdout.write(text);
    }
  }
}
