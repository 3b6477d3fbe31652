import { Args } from '@oclif/core';
import { CoreTokens, LoomError } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { formatUsd } from '@loomkit/llm';
import { ago } from '../../service/format.js';
import { sessionServiceFor } from '../../service/from-kernel.js';
import type { SessionSummary } from '../../store/types.js';

export default class SessionResume extends LoomCommand {
  static override summary = 'Make a session active again (a picker on a terminal).';
  static override description = `Give an id, id prefix or name — of a session in this project or in any other project on this machine. Without one, a terminal shows a picker of this project's sessions; without a terminal (scripts, pipes) the most recently updated one is resumed.

A session of another project becomes active in that project (sessions belong to their repository): loom says where it lives so you can cd there. An archived session is brought back from the archive.`;
  static override examples = [
    '<%= config.bin %> session resume',
    '<%= config.bin %> session resume fix-login-timeout',
    '<%= config.bin %> session resume 3fk2',
    '<%= config.bin %> session resume < /dev/null   # no terminal: the most recent',
  ];
  static override enableJsonFlag = true;
  static override args = { session: Args.string({ description: 'Id, id prefix or name (default: pick one, or the most recent)' }) };

  async run(): Promise<{ session: SessionSummary; local: boolean; unarchived: boolean; previous: string | null }> {
    const { args } = await this.parse(SessionResume);
    const kernel = await this.kernel();
    const service = sessionServiceFor(kernel);
    let ref = args.session;
    if (ref === undefined && process.stdin.isTTY && process.stdout.isTTY && !this.jsonEnabled()) {
      ref = await this.pick(await service.candidates(), kernel.get(CoreTokens.Clock).now());
    }
    const result = await service.resume(ref);
    const { session } = result;
    if (result.unarchived) this.log(`brought ${session.name} back from the archive`);
    if (result.local) {
      this.log(`resumed session ${session.name} (${session.id}) · ${session.turns} turns · ${formatUsd(session.costUsd)}`);
    } else {
      this.log(`session ${session.name} (${session.id}) lives in ${session.projectRoot}`);
      this.log(`it is now the active session there: cd ${session.projectRoot} to continue it`);
    }
    return { ...result, previous: result.previous ?? null };
  }

  private async pick(sessions: SessionSummary[], now: number): Promise<string | undefined> {
    if (sessions.length <= 1) return sessions[0]?.id;
    const { default: select } = await import('@inquirer/select');
    try {
      return await select(
        {
          message: 'Resume which session?',
          pageSize: 12,
          choices: sessions.map((s) => ({
            name: `${s.name}  ${s.id} · ${s.turns} turns · ${ago(s.updatedAt, now)}${s.ended ? ' · ended' : ''}`,
            value: s.id,
          })),
        },
        { signal: this.signal },
      );
    } catch (error) {
      if ((error as Error).name === 'ExitPromptError' || (error as Error).name === 'AbortPromptError') {
        throw new LoomError('CANCELLED', 'nothing resumed', { hint: 'run `loom session resume <id|name>` to choose directly', exitCode: 130 });
      }
      throw error;
    }
  }
}
