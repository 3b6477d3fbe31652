import { Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { formatUsd } from '@loomkit/llm';
import { maxCostFlag } from '@loomkit/llm/flags';
import { sessionFlag, sessionFor } from '../../conversation/command-support.js';
import { seqRange } from '../../conversation/context.js';
import type { CompactionPreview } from '../../conversation/types.js';
import type { TurnRecord } from '../../schema.js';
import { excerpt } from '../../service/format.js';
import { ConversationToken, SessionStoreToken } from '../../tokens.js';

export default class SessionCompact extends LoomCommand {
  static override summary = 'Summarise older turns into a visible summary turn.';
  static override description = `Claude condenses every turn of the context except the last --keep (default session.keepRecentTurns) into one summary turn, which stands in for them in every later call. Nothing is deleted: the raw turns stay in the log (\`loom session show --raw\`). Pinned memory is never summarised; it is sent whole with every call. \`ask\` compacts by itself when the context would exceed session.contextTokens.

--preview lists what would be summarised and the token estimate before and after, without calling Claude. Offline (no ANTHROPIC_API_KEY), the turns are truncated to their first lines instead, and the summary turn says so.`;
  static override examples = [
    '<%= config.bin %> session compact --preview',
    '<%= config.bin %> session compact --keep 10',
    '<%= config.bin %> session compact --instructions "keep every decision about the schema"',
  ];
  static override enableJsonFlag = true;
  static override flags = {
    keep: Flags.integer({ description: 'Recent turns kept verbatim (default: session.keepRecentTurns).', min: 0 }),
    instructions: Flags.string({ description: 'What the summary must keep, in your words.' }),
    preview: Flags.boolean({ description: 'Show what would be summarised; change nothing.' }),
    'max-cost': maxCostFlag(),
    session: sessionFlag,
  };

  async run(): Promise<{ preview: CompactionPreview } | { summary: TurnRecord }> {
    const { flags } = await this.parse(SessionCompact);
    const kernel = await this.kernel();
    const session = await sessionFor(kernel.get(SessionStoreToken), flags.session);
    const conversation = kernel.get(ConversationToken);
    if (flags.preview) {
      const preview = await conversation.previewCompaction(session.id, { keep: flags.keep });
      if (preview.turns.length === 0) {
        this.log(`nothing to compact in session ${session.name}: the context holds no more than the ${preview.keep} turn(s) kept verbatim`);
        return { preview };
      }
      const bySeq = new Map(session.turnRecords.map((turn) => [turn.seq, turn]));
      this.log(`compacting session ${session.name} would summarise ${preview.turns.length} turn(s) and keep the last ${preview.keep}:`);
      for (const seq of preview.turns) {
        const turn = bySeq.get(seq);
        const what = turn?.kind === 'summary' ? `(summary) ${turn.output}` : turn?.kind === 'command' ? turn.input : (turn?.input ?? '');
        this.log(`  #${seq + 1} ${excerpt(what, 90)}`);
      }
      this.log(`context: ~${preview.estimatedTokensBefore.toLocaleString('en-US')} tokens now, ~${preview.estimatedTokensAfter.toLocaleString('en-US')} after (estimates); nothing was changed`);
      return { preview };
    }
    const summary = await conversation.compact(session.id, { keep: flags.keep, instructions: flags.instructions, signal: this.signal, maxCostUsd: flags['max-cost'] });
    const covered = seqRange(summary.summarises ?? []);
    if (summary.model === null) {
      this.log(`offline (ANTHROPIC_API_KEY not set): turns ${covered} were truncated to their first lines, not summarised, in turn #${summary.seq + 1}`);
    } else {
      this.log(`summarised turns ${covered} into turn #${summary.seq + 1} · ${summary.model} · ${formatUsd(summary.costUsd)}`);
    }
    this.log('the raw turns stay on disk: loom session show --raw');
    return { summary };
  }
}
