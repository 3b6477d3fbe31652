import { Flags } from '@oclif/core';
import { CoreTokens } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { sessionListText } from '../../service/format.js';
import { sessionServiceFor } from '../../service/from-kernel.js';
import type { SessionSummary } from '../../store/types.js';

export default class SessionList extends LoomCommand {
  static override summary = 'List sessions: this project\'s, or every project\'s on this machine.';
  static override description = `Most recently updated first, with turns, cost and state (active, open, ended, archived). Sessions are never deleted behind your back: they have no expiry, and \`loom session cleanup\` only archives unless told to --purge.

--all-projects reads the user-level index (in loom's data folder) of every project where you used sessions, so you can find and resume work from anywhere.`;
  static override examples = [
    '<%= config.bin %> session list',
    '<%= config.bin %> session list --all-projects',
    '<%= config.bin %> session list --archived',
    '<%= config.bin %> session list --json | jq \'.[] | select(.turns > 10) | .name\'',
  ];
  static override enableJsonFlag = true;
  static override flags = {
    'all-projects': Flags.boolean({ char: 'a', description: 'Include every project on this machine.' }),
    archived: Flags.boolean({ description: 'Include archived sessions.' }),
  };

  async run(): Promise<Array<SessionSummary & { active: boolean }>> {
    const { flags } = await this.parse(SessionList);
    const kernel = await this.kernel();
    const sessions = await sessionServiceFor(kernel).list({ allProjects: flags['all-projects'], archived: flags.archived });
    this.log(sessionListText(sessions, kernel.get(CoreTokens.Clock).now(), flags['all-projects']));
    return sessions;
  }
}
