import { Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { sessionFlag, sessionFor } from '../../conversation/command-support.js';
import type { CheckpointRecord } from '../../schema.js';
import { CheckpointsToken, SessionStoreToken } from '../../tokens.js';

export default class SessionCheckpoint extends LoomCommand {
  static override summary = 'Checkpoint the work tree without touching it.';
  static override description = `Saves the whole work tree of the repository as a git commit object, kept alive under refs/loom/checkpoints/<session>/<n>: tracked files as they are on disk (staged or not) and untracked files that .gitignore does not exclude. Ignored files and Loom's own .loom/ are left out.

Nothing you have is touched: not the files, not the index, not HEAD or the branch, not the stash. \`loom session restore <n>\` brings the checkpoint back; \`loom session diff <n>\` shows what changed since.`;
  static override examples = [
    '<%= config.bin %> session checkpoint -m "before the big refactor"',
    '<%= config.bin %> session checkpoint',
    '<%= config.bin %> session checkpoint -m "tests green" --json',
  ];
  static override enableJsonFlag = true;
  static override flags = {
    message: Flags.string({ char: 'm', description: 'What this checkpoint is (default: the time).' }),
    session: sessionFlag,
  };

  async run(): Promise<CheckpointRecord> {
    const { flags } = await this.parse(SessionCheckpoint);
    const kernel = await this.kernel();
    const session = await sessionFor(kernel.get(SessionStoreToken), flags.session);
    const checkpoint = await kernel.get(CheckpointsToken).create(session.id, flags.message ?? '');
    this.log(`checkpoint ${checkpoint.id} of session ${session.name} · ${checkpoint.commit.slice(0, 12)} · ${checkpoint.message}`);
    this.log(`restore it with: loom session restore ${checkpoint.id}`);
    return checkpoint;
  }
}
