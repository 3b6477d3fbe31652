import { dirname, resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { LoomError, readFileBounded } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { formatUsd } from '@loomkit/llm';
import { PolicyToken } from '@loomkit/plugin-security';
import { sessionServiceFor } from '../../service/from-kernel.js';
import type { SessionSummary } from '../../store/types.js';

/** Far above a long Claude Code session, and below what one string can hold (/dev/zero would fill memory first). */
const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export default class SessionImport extends LoomCommand {
  static override summary = 'Import a Claude Code transcript (or a Loom JSON export) as a new session.';
  static override description = `Claude Code keeps each conversation in ~/.claude/projects/<project folder>/<session uuid>.jsonl. Import follows the current branch of the conversation (lines chained by parentUuid; branches abandoned by a rewind and sub-agent sidechains are left out), makes one turn per prompt with Claude's answer and the tools it used, and records each turn's tokens (from the assistant lines' usage) and cost (from loom's price table).

The format is detected; --from forces it. The new session is not made active: \`loom session resume <id>\` does that.`;
  static override examples = [
    '<%= config.bin %> session import ~/.claude/projects/-home-me-app/5f2c0e4e-7a51-4c3b-9d0a-2b1f6c8e9a17.jsonl',
    '<%= config.bin %> session import transcript.jsonl --from claude-code --name login-from-claude',
    '<%= config.bin %> session import backup.json',
  ];
  static override enableJsonFlag = true;
  static override args = { file: Args.string({ description: 'A Claude Code transcript (.jsonl) or a `session export --format json` file', required: true }) };
  static override flags = {
    from: Flags.string({ description: 'The file\'s format (detected when left out).', options: ['claude-code', 'loom'] }),
    name: Flags.string({ description: 'The new session\'s name (default: the transcript\'s title).' }),
  };

  async run(): Promise<{ session: SessionSummary; turns: number; tokens: number; costUsd: number; skippedLines: number; offBranch: number; unpricedModels: string[] }> {
    const { args, flags } = await this.parse(SessionImport);
    const kernel = await this.kernel();
    // Named on the command line, so read wherever it is — but never a credentials store.
    const file = kernel.get(PolicyToken).checkPath(args.file, { root: dirname(resolve(args.file)) });
    let bytes: Buffer | undefined;
    try {
      bytes = await readFileBounded(file, MAX_IMPORT_BYTES);
    } catch (error) {
      throw new LoomError('SESSION_IMPORT_UNREADABLE', `cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { hint: 'check the path; Claude Code transcripts are under ~/.claude/projects/' });
    }
    if (bytes === undefined) {
      throw new LoomError('SESSION_IMPORT_TOO_LARGE', `${args.file} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`, { hint: `import a transcript file; Loom reads at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB of one` });
    }
    const result = await sessionServiceFor(kernel).importText(bytes.toString('utf8'), { file: args.file, from: flags.from as 'claude-code' | 'loom' | undefined, name: flags.name });
    const { session } = result;
    this.log(`imported ${result.turns} turns into session ${session.name} (${session.id}) · ${result.tokens} tokens · ${formatUsd(result.costUsd)}`);
    if (result.offBranch > 0) this.log(`left out ${result.offBranch} message line(s) of abandoned branches and sub-agents`);
    if (result.skippedLines > 0) this.log(`skipped ${result.skippedLines} unreadable line(s)`);
    if (result.unpricedModels.length > 0) this.log(`no price known for ${result.unpricedModels.join(', ')}: those turns are recorded at $0 (add prices under llm.models)`);
    this.log(`resume it: loom session resume ${session.id}`);
    const { turnRecords: _t, checkpoints: _c, pins: _p, forkedFrom: _f, skippedLines: _s, ...summary } = session;
    return { ...result, session: summary };
  }
}
