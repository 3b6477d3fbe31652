import { Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { formatUsd } from '@loomkit/llm';
import { sessionServiceFor } from '../../service/from-kernel.js';
import type { SessionSummary } from '../../store/types.js';

export default class SessionEnd extends LoomCommand {
  static override summary = 'End the active session: commands stop being recorded.';
  static override description = `Marks the session ended and clears it as this project's active session. Nothing is deleted: it stays in \`loom session list\`, and \`loom session resume\` opens it again.

--archive also moves it to the archive (hidden from \`list\` unless --archived; resuming brings it back).`;
  static override examples = ['<%= config.bin %> session end', '<%= config.bin %> session end --archive'];
  static override enableJsonFlag = true;
  static override flags = { archive: Flags.boolean({ description: 'Also move the session to the archive.' }) };

  async run(): Promise<SessionSummary> {
    const { flags } = await this.parse(SessionEnd);
    const session = await sessionServiceFor(await this.kernel()).end({ archive: flags.archive });
    this.log(`ended session ${session.name} (${session.id}) · ${session.turns} turns · ${formatUsd(session.costUsd)}${session.archived ? ' · archived' : ''}`);
    this.log(`resume it any time: loom session resume ${session.id}`);
    return session;
  }
}
