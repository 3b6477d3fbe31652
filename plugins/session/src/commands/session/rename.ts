import { Args } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { sessionRef } from '../../conversation/command-support.js';
import { sessionServiceFor } from '../../service/from-kernel.js';
import type { SessionSummary } from '../../store/types.js';
import { SessionStoreToken } from '../../tokens.js';

export default class SessionRename extends LoomCommand {
  static override summary = 'Rename a session.';
  static override description = 'Names are for people: printable text up to 80 characters, without / or \\, unique within the project. The id never changes, so scripts that use it keep working.';
  static override examples = [
    '<%= config.bin %> session rename login-timeout-fix   # the active session',
    '<%= config.bin %> session rename 3fk2 login-timeout-fix',
    '<%= config.bin %> session rename "2025-11-24-1630" "db migration"',
  ];
  static override enableJsonFlag = true;
  static override args = {
    // One argument is the new name of the active session; two are the session, then its new name.
    first: Args.string({ name: 'session', description: 'Id, id prefix or name (leave out for the active session)', required: true }),
    name: Args.string({ description: 'The new name' }),
  };

  async run(): Promise<{ session: SessionSummary; previousName: string }> {
    const { args } = await this.parse(SessionRename);
    const kernel = await this.kernel();
    const [ref, name] = args.name === undefined ? [await sessionRef(kernel.get(SessionStoreToken), undefined), args.first] : [args.first, args.name];
    const { session, previousName } = await sessionServiceFor(kernel).rename(ref, name);
    this.log(previousName === session.name ? `session ${session.id} is already named ${session.name}` : `renamed ${previousName} to ${session.name} (${session.id})`);
    const { local: _local, ...summary } = session as SessionSummary & { local?: boolean };
    return { session: summary, previousName };
  }
}
