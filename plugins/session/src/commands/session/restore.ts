import { Args, Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import type { RestorePreview } from '../../checkpoints/types.js';
import { sessionFlag, sessionFor } from '../../conversation/command-support.js';
import type { CheckpointRecord } from '../../schema.js';
import { CheckpointsToken, SessionStoreToken } from '../../tokens.js';

type RestoreOutput = { preview: RestorePreview } | { restored: CheckpointRecord; safety: CheckpointRecord; files: string[] };

export default class SessionRestore extends LoomCommand {
  static override summary = 'Restore the work tree to a checkpoint.';
  static override description = `Makes the work tree match the checkpoint: files it holds are written back, files it lacks are deleted (only files git tracks or untracked ones .gitignore does not exclude; ignored files are never deleted). HEAD, the branch, the index and the stash are left alone.

Before changing anything, the current state is saved as an automatic checkpoint, so every restore can be undone with another restore. If the work tree has changes that neither HEAD nor any checkpoint holds, restore refuses unless --force (they are still saved in that automatic checkpoint). --preview shows the diff it would apply and changes nothing.

The checkpoint is its number (\`loom session checkpoints\`), #n, "latest", or a prefix of its commit.`;
  static override examples = [
    '<%= config.bin %> session restore 3 --preview',
    '<%= config.bin %> session restore 3',
    '<%= config.bin %> session restore latest --force',
  ];
  static override enableJsonFlag = true;
  static override args = { checkpoint: Args.string({ description: 'The checkpoint: its number, #n, latest, or a commit prefix', required: true }) };
  static override flags = {
    preview: Flags.boolean({ description: 'Show the diff the restore would apply; change nothing.' }),
    force: Flags.boolean({ description: 'Restore even over uncommitted changes no checkpoint holds (they are saved as an automatic checkpoint first).' }),
    session: sessionFlag,
  };

  async run(): Promise<RestoreOutput> {
    const { args, flags } = await this.parse(SessionRestore);
    const kernel = await this.kernel();
    const session = await sessionFor(kernel.get(SessionStoreToken), flags.session);
    const checkpoints = kernel.get(CheckpointsToken);
    if (flags.preview) {
      const preview = await checkpoints.preview(session.id, args.checkpoint);
      if (preview.files.length === 0) {
        this.log(`the work tree already matches checkpoint ${preview.checkpoint.id} (${preview.checkpoint.message}); restoring would change nothing`);
      } else {
        this.log(preview.diff.trimEnd());
        this.log(`\nrestoring checkpoint ${preview.checkpoint.id} (${preview.checkpoint.message}) would change ${preview.files.length} file(s); nothing was changed`);
      }
      return { preview };
    }
    const { restored, safety, files = [] } = await checkpoints.restore(session.id, args.checkpoint, { force: flags.force });
    this.log(`restored checkpoint ${restored.id} (${restored.message}): ${files.length === 0 ? 'the work tree already matched' : `${files.length} file(s) written or deleted`}`);
    this.log(`the previous state is checkpoint ${safety.id}; undo with: loom session restore ${safety.id}`);
    return { restored, safety, files };
  }
}
