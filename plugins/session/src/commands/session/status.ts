import { CoreTokens } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { formatUsd } from '@loomkit/llm';
import { ago, excerpt } from '../../service/format.js';
import { sessionServiceFor } from '../../service/from-kernel.js';
import type { StatusReport } from '../../service/session-service.js';

export default class SessionStatus extends LoomCommand {
  static override summary = 'Show the active session: turns, tokens, cost, checkpoints, memory.';
  static override description = 'The session that records your commands in this project, if any, with its totals so far and its last turn. Prints "no active session" (and exits 0) when there is none.';
  static override examples = ['<%= config.bin %> session status', '<%= config.bin %> session status --json'];
  static override enableJsonFlag = true;

  async run(): Promise<{ active: StatusReport | null }> {
    await this.parse(SessionStatus);
    const kernel = await this.kernel();
    const report = await sessionServiceFor(kernel).status();
    if (!report) {
      this.log('no active session in this project');
      this.log('start one: loom session start <name> · or pick one: loom session resume');
      return { active: null };
    }
    const now = kernel.get(CoreTokens.Clock).now();
    const { session, tokens } = report;
    this.log(`session ${session.name} (${session.id})${report.forkedFrom ? ` · forked from ${report.forkedFrom}` : ''}`);
    this.log(`  project      ${session.projectRoot}`);
    this.log(`  started      ${session.createdAt} (${ago(session.createdAt, now)}) · updated ${ago(session.updatedAt, now)}`);
    this.log(`  turns        ${session.turns} · cost ${formatUsd(session.costUsd)}`);
    this.log(`  tokens       ${tokens.input} in · ${tokens.output} out · ${tokens.cacheRead} cache read · ${tokens.cacheWrite} cache write`);
    this.log(`  checkpoints  ${report.checkpoints} · pinned memory ${report.pins}`);
    if (report.git.branch || report.git.head) this.log(`  git          ${report.git.branch ?? '(detached)'} ${report.git.head?.slice(0, 12) ?? ''}`.trimEnd());
    if (report.lastTurn) this.log(`  last turn    #${report.lastTurn.seq + 1} ${ago(report.lastTurn.at, now)}: ${excerpt(report.lastTurn.input, 60)}`);
    if (report.skippedLines > 0) this.log(`  note         ${report.skippedLines} unreadable line(s) in the log were skipped (e.g. a write cut short by a crash)`);
    return { active: report };
  }
}
