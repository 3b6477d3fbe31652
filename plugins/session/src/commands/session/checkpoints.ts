import { CoreTokens } from '@loomkit/kernel';
import { LoomCommand, renderTable } from '@loomkit/kernel/command';
import { sessionFlag, sessionFor } from '../../conversation/command-support.js';
import type { CheckpointRecord } from '../../schema.js';
import { ago, excerpt } from '../../service/format.js';
import { CheckpointsToken, SessionStoreToken } from '../../tokens.js';

export default class SessionCheckpoints extends LoomCommand {
  static override summary = 'List the session’s checkpoints.';
  static override description = 'Every checkpoint of the session, oldest first: its number (what `restore` and `diff` take), when, the commit holding it, and its message. Automatic ones were taken by `restore` just before it changed anything, so a restore can be undone.';
  static override examples = ['<%= config.bin %> session checkpoints', '<%= config.bin %> session checkpoints --session fix-login --json'];
  static override enableJsonFlag = true;
  static override flags = { session: sessionFlag };

  async run(): Promise<{ session: { id: string; name: string }; checkpoints: CheckpointRecord[] }> {
    const { flags } = await this.parse(SessionCheckpoints);
    const kernel = await this.kernel();
    const session = await sessionFor(kernel.get(SessionStoreToken), flags.session);
    const checkpoints = await kernel.get(CheckpointsToken).list(session.id);
    if (checkpoints.length === 0) {
      this.log(`session ${session.name} has no checkpoints yet; take one with: loom session checkpoint -m "…"`);
    } else {
      const now = kernel.get(CoreTokens.Clock).now();
      this.log(
        renderTable(
          ['#', 'taken', 'commit', 'message'],
          checkpoints.map((c) => [c.id, ago(c.at, now), c.commit.slice(0, 12), `${c.auto ? '(auto) ' : ''}${excerpt(c.message, 70)}`]),
        ),
      );
    }
    return { session: { id: session.id, name: session.name }, checkpoints };
  }
}
