import { Args } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { sessionServiceFor } from '../../../service/from-kernel.js';

export default class SessionMemoryAdd extends LoomCommand {
  static override summary = 'Pin a note into every call of the active session.';
  static override description = 'The note goes into the system prompt of every `loom ask` in this session, and compaction never summarises it away. Pins are recorded in the session\'s log; `loom session memory rm <id>` unpins.';
  static override examples = [
    '<%= config.bin %> session memory add "use pnpm, never npm"',
    '<%= config.bin %> session memory add "the public API is versioned under /v2"',
  ];
  static override enableJsonFlag = true;
  static override strict = false;
  static override args = { text: Args.string({ description: 'The note (quote it, or give several words)', required: true }) };

  async run(): Promise<{ id: string; text: string; session: string }> {
    const { argv } = await this.parse(SessionMemoryAdd);
    const text = (argv as string[]).join(' ');
    const pin = await sessionServiceFor(await this.kernel()).addMemory(text);
    this.log(`pinned ${pin.id} in session ${pin.session.name}: ${pin.text}`);
    return { id: pin.id, text: pin.text, session: pin.session.id };
  }
}
