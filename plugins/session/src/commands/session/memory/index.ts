import { LoomCommand } from '@loomkit/kernel/command';
import { sessionServiceFor } from '../../../service/from-kernel.js';
import type { SessionSummary } from '../../../store/types.js';

export default class SessionMemory extends LoomCommand {
  static override summary = 'Show what is pinned into every call to Claude.';
  static override description = `Pinned memory is never summarised away by compaction: the project notes file (session.notesFile, LOOM.md by default) and the active session's pins. Add pins with \`loom session memory add "…"\`, remove them with \`loom session memory rm <id>\`.`;
  static override examples = [
    '<%= config.bin %> session memory',
    '<%= config.bin %> session memory add "we deploy with fly.io, never suggest heroku"',
    '<%= config.bin %> session memory rm k3f9',
  ];
  static override enableJsonFlag = true;

  async run(): Promise<{ notesFile: string; notes: string | null; session: SessionSummary | null; pins: Array<{ id: string; text: string }> }> {
    await this.parse(SessionMemory);
    const memory = await sessionServiceFor(await this.kernel()).memory();
    if (memory.notes === undefined) this.log(`project notes: none (${memory.notesFile} does not exist)`);
    else this.log(`project notes (${memory.notesFile}):\n${memory.notes.trimEnd()}`);
    if (!memory.session) this.log('\nno active session: session pins appear once one is active');
    else if (memory.pins.length === 0) this.log(`\nsession ${memory.session.name}: nothing pinned yet`);
    else {
      this.log(`\npinned in session ${memory.session.name}:`);
      for (const pin of memory.pins) this.log(`  ${pin.id}  ${pin.text}`);
    }
    return { notesFile: memory.notesFile, notes: memory.notes ?? null, session: memory.session ?? null, pins: memory.pins };
  }
}
