import { Args } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { sessionFlag, sessionFor } from '../../conversation/command-support.js';
import { CheckpointsToken, SessionStoreToken } from '../../tokens.js';

export default class SessionDiff extends LoomCommand {
  static override summary = 'Diff two checkpoints, or a checkpoint and the work tree.';
  static override description = 'A unified diff from checkpoint <a> to checkpoint <b>, or to the work tree as it is now (untracked files included, ignored ones not) when <b> is left out. Checkpoints are their numbers, #n, "latest", or commit prefixes. Changes nothing.';
  static override examples = ['<%= config.bin %> session diff 2', '<%= config.bin %> session diff 2 4', '<%= config.bin %> session diff latest --json'];
  static override enableJsonFlag = true;
  static override args = {
    a: Args.string({ description: 'The checkpoint to diff from', required: true }),
    b: Args.string({ description: 'The checkpoint to diff to (default: the work tree)' }),
  };
  static override flags = { session: sessionFlag };

  async run(): Promise<{ from: string; to: string; diff: string }> {
    const { args, flags } = await this.parse(SessionDiff);
    const kernel = await this.kernel();
    const session = await sessionFor(kernel.get(SessionStoreToken), flags.session);
    const diff = await kernel.get(CheckpointsToken).diff(session.id, args.a, args.b);
    const to = args.b ?? 'work tree';
    this.log(diff === '' ? `no differences between checkpoint ${args.a} and ${args.b === undefined ? 'the work tree' : `checkpoint ${args.b}`}` : diff.trimEnd());
    return { from: args.a, to, diff };
  }
}
