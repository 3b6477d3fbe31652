import { Args } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { sessionServiceFor } from '../../../service/from-kernel.js';

export default class SessionMemoryRm extends LoomCommand {
  static override summary = 'Unpin a note from the active session.';
  static override description = 'The pin stays in the session\'s log history (as every record does) but is no longer sent to Claude. `loom session memory` lists the ids.';
  static override examples = ['<%= config.bin %> session memory rm k3f9'];
  static override enableJsonFlag = true;
  static override args = { id: Args.string({ description: 'The pin\'s id, from `loom session memory`', required: true }) };

  async run(): Promise<{ id: string; text: string; session: string }> {
    const { args } = await this.parse(SessionMemoryRm);
    const pin = await sessionServiceFor(await this.kernel()).removeMemory(args.id);
    this.log(`unpinned ${pin.id} from session ${pin.session.name}: ${pin.text}`);
    return { id: pin.id, text: pin.text, session: pin.session.id };
  }
}
