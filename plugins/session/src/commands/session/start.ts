import { Args, Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { sessionServiceFor } from '../../service/from-kernel.js';
import type { SessionSummary } from '../../store/types.js';

export default class SessionStart extends LoomCommand {
  static override summary = 'Start a named session and make it active.';
  static override description = `A session is a durable record of one piece of work in this repository. While it is active, every loom command you run is recorded in it as a turn (what ran, how long, tokens and cost, git branch and HEAD), and \`loom ask\` carries its context to Claude.

The name is for you: any printable text without / or \\ (a dated name if you leave it out). Sessions live in .loom/sessions/ as append-only logs; nothing is ever deleted unless you say so.

With --from, the new session starts with a copy of another session's turns and pinned memory (that session is left as it was).`;
  static override examples = [
    '<%= config.bin %> session start fix-login-timeout',
    '<%= config.bin %> session start',
    '<%= config.bin %> session start login-part-2 --from fix-login-timeout',
    '<%= config.bin %> session start "db migration" --json',
  ];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: 'A human-readable name, e.g. fix-login-timeout (default: the date and time)' }) };
  static override flags = {
    from: Flags.string({ description: 'Carry the turns and pinned memory of this session (id, id prefix or name).', helpValue: '<id|name>' }),
  };

  async run(): Promise<{ session: SessionSummary; previous: string | null; from: string | null }> {
    const { args, flags } = await this.parse(SessionStart);
    const service = sessionServiceFor(await this.kernel());
    const { session, previous, from } = await service.start(args.name, { from: flags.from });
    this.log(`started session ${session.name} (${session.id})${from ? `, carrying ${session.turnRecords.length} turns from ${from.name}` : ''}`);
    if (previous) this.log(`session ${previous} is no longer active; \`loom session resume ${previous}\` switches back`);
    this.log('every loom command you run here is now recorded; `loom session end` stops');
    const { turnRecords: _turns, checkpoints: _checkpoints, pins: _pins, forkedFrom: _forkedFrom, skippedLines: _skipped, ...summary } = session;
    return { session: summary, previous: previous ?? null, from: from?.id ?? null };
  }
}
