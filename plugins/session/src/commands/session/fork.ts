import { Args } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { sessionRef } from '../../conversation/command-support.js';
import { sessionServiceFor } from '../../service/from-kernel.js';
import type { SessionSummary } from '../../store/types.js';
import { SessionStoreToken } from '../../tokens.js';

export default class SessionFork extends LoomCommand {
  static override summary = 'Copy a session (turns and pinned memory) to try another direction.';
  static override description = `The copy is a new session of the same project, remembering where it came from; the original is not changed. The active session does not change either: \`loom session resume <name>\` switches to the copy.

To start new work that carries an old session's turns, \`loom session start <name> --from <id>\` forks and resumes in one step.`;
  static override examples = [
    '<%= config.bin %> session fork',
    '<%= config.bin %> session fork fix-login-timeout',
    '<%= config.bin %> session fork 3fk2 try-redis-cache',
  ];
  static override enableJsonFlag = true;
  static override args = {
    session: Args.string({ description: 'The session to copy: id, id prefix or name (default: the active session)' }),
    name: Args.string({ description: 'The copy\'s name (default: <name>-fork)' }),
  };

  async run(): Promise<{ session: SessionSummary; source: SessionSummary }> {
    const { args } = await this.parse(SessionFork);
    const kernel = await this.kernel();
    const ref = await sessionRef(kernel.get(SessionStoreToken), args.session);
    const { session, source } = await sessionServiceFor(kernel).fork(ref, args.name);
    this.log(`forked ${source.name} (${source.id}) into ${session.name} (${session.id}) with ${session.turnRecords.length} turns`);
    this.log(`switch to it: loom session resume ${session.id}`);
    const { turnRecords: _t, checkpoints: _c, pins: _p, forkedFrom: _f, skippedLines: _s, ...summary } = session;
    const { local: _local, ...from } = source;
    return { session: summary, source: from };
  }
}
