import { Args, Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { formatUsd } from '@loomkit/llm';
import { excerpt } from '../../service/format.js';
import { sessionRef } from '../../conversation/command-support.js';
import { sessionServiceFor } from '../../service/from-kernel.js';
import type { TurnRecord } from '../../schema.js';
import type { SessionState } from '../../store/types.js';
import { SessionStoreToken } from '../../tokens.js';

export default class SessionShow extends LoomCommand {
  static override summary = 'Show a session\'s turns, memory and checkpoints.';
  static override description = `Any session on this machine, by id, unambiguous id prefix or name. Turns that a compaction summarised are shown as their summary; --raw shows every turn as recorded (compaction never deletes them).

Long inputs and outputs are cut to one line each; use --full, or \`loom session export <id> --format md\` for the whole text.`;
  static override examples = [
    '<%= config.bin %> session show',
    '<%= config.bin %> session show fix-login-timeout',
    '<%= config.bin %> session show 3fk2',
    '<%= config.bin %> session show 3fk2 --raw --full',
    '<%= config.bin %> session show 3fk2 --json',
  ];
  static override enableJsonFlag = true;
  static override args = { session: Args.string({ description: 'Id, id prefix or name (default: the active session)' }) };
  static override flags = {
    raw: Flags.boolean({ description: 'Show every raw turn, including those folded into a summary.' }),
    full: Flags.boolean({ description: 'Print inputs and outputs whole.' }),
  };

  async run(): Promise<{ session: Omit<SessionState, 'turnRecords'>; turns: TurnRecord[]; hidden: number }> {
    const { args, flags } = await this.parse(SessionShow);
    const kernel = await this.kernel();
    const ref = await sessionRef(kernel.get(SessionStoreToken), args.session);
    const { session, turns, hidden, local } = await sessionServiceFor(kernel).show(ref, { raw: flags.raw });
    const text = (value: string) => (flags.full ? value : excerpt(value, 100));
    this.log(`${session.name} (${session.id}) · ${session.turns} turns · ${formatUsd(session.costUsd)}${session.ended ? ' · ended' : ''}${session.archived ? ' · archived' : ''}`);
    if (!local) this.log(`lives in ${session.projectRoot}`);
    for (const pin of session.pins) this.log(`pinned ${pin.id}: ${text(pin.text)}`);
    for (const turn of turns) {
      const label = turn.kind === 'summary' ? `summary of ${turn.summarises?.length ?? 0} turns` : turn.kind === 'command' ? `loom ${turn.command ?? ''}`.trim() : 'ask';
      const cost = turn.costUsd > 0 ? ` · ${formatUsd(turn.costUsd)}` : '';
      this.log(`\n#${turn.seq + 1} ${turn.at} · ${label}${turn.model ? ` · ${turn.model}` : ''}${cost}`);
      if (turn.kind !== 'summary') this.log(`  > ${text(turn.input)}`);
      if (turn.output) this.log(`  ${text(turn.output)}`);
    }
    for (const checkpoint of session.checkpoints) this.log(`\ncheckpoint ${checkpoint.id} ${checkpoint.at}: ${checkpoint.message}`);
    if (hidden > 0) this.log(`\n${hidden} turn(s) folded into summaries; --raw shows them`);
    const { turnRecords: _all, ...rest } = session;
    return { session: rest, turns, hidden };
  }
}
