import { Flags } from '@oclif/core';
import { CoreTokens, LoomError } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { parseDuration } from '../../service/duration.js';
import { sessionTable } from '../../service/format.js';
import { sessionServiceFor } from '../../service/from-kernel.js';
import type { CheckpointService } from '../../checkpoints/types.js';
import type { CleanupPlan } from '../../service/session-service.js';
import { CheckpointsToken } from '../../tokens.js';

export default class SessionCleanup extends LoomCommand {
  static override summary = 'Archive old sessions (or purge them, if you say so), saying what first.';
  static override description = `Loom never deletes a session on its own: there is no expiry. This command is how you tidy up, and it prints its plan before doing anything.

It picks this project's sessions idle for longer than --older-than (90d when neither --older-than nor --keep is given), never the active one, and never the --keep most recently updated. By default it ARCHIVES them: they leave \`loom session list\` but stay on disk (\`list --archived\` shows them; \`resume\` brings one back). --purge deletes them for good, archived ones included; on a terminal it asks first (--yes skips the question). --dry-run only prints the plan.

It also removes orphan checkpoint refs (refs/loom/checkpoints/*) that no session records: left by a session that no longer exists, or by a process killed while it took a checkpoint.`;
  static override examples = [
    '<%= config.bin %> session cleanup --dry-run',
    '<%= config.bin %> session cleanup --older-than 30d',
    '<%= config.bin %> session cleanup --keep 10',
    '<%= config.bin %> session cleanup --older-than 1y --purge --yes',
  ];
  static override enableJsonFlag = true;
  static override flags = {
    'older-than': Flags.string({ description: 'Only sessions idle longer than this: 30min, 12h, 90d, 2w, 6mo, 1y.', helpValue: '<duration>' }),
    keep: Flags.integer({ description: 'Always keep this many of the most recently updated sessions.', min: 0 }),
    'dry-run': Flags.boolean({ description: 'Print what would happen; change nothing.' }),
    purge: Flags.boolean({ description: 'Delete for good instead of archiving (archived sessions included).' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask before purging.' }),
  };

  async run(): Promise<{ plan: CleanupPlan; done: string[]; orphanRefs: string[]; dryRun: boolean }> {
    const { flags } = await this.parse(SessionCleanup);
    const olderThanMs = flags['older-than'] === undefined ? undefined : parseDuration(flags['older-than']);
    const kernel = await this.kernel();
    const service = sessionServiceFor(kernel);
    const orphanRefs = await this.removeOrphanRefs(kernel.get(CheckpointsToken), flags['dry-run']);
    const plan = await service.planCleanup({ olderThanMs, keep: flags.keep, purge: flags.purge });
    const verb = plan.action === 'purge' ? 'delete for good' : 'archive';
    if (plan.sessions.length === 0) {
      this.log(`nothing to ${verb}: no session matches (${plan.criteria})`);
      return { plan, done: [], orphanRefs, dryRun: flags['dry-run'] };
    }
    this.log(`${flags['dry-run'] ? 'would' : 'will'} ${verb} ${plan.sessions.length} session${plan.sessions.length === 1 ? '' : 's'} (${plan.criteria}):`);
    this.log(sessionTable(plan.sessions, kernel.get(CoreTokens.Clock).now()));
    if (plan.skippedActive.length > 0) this.log(`(the active session ${plan.skippedActive.join(', ')} is never cleaned up)`);
    if (flags['dry-run']) {
      this.log('dry run: nothing changed');
      return { plan, done: [], orphanRefs, dryRun: true };
    }
    if (plan.action === 'purge' && !flags.yes && process.stdin.isTTY && process.stdout.isTTY && !this.jsonEnabled()) {
      const { default: confirm } = await import('@inquirer/confirm');
      const ok = await confirm({ message: `Delete these ${plan.sessions.length} sessions for good?`, default: false }, { signal: this.signal }).catch(() => false);
      if (!ok) throw new LoomError('CANCELLED', 'nothing deleted', { hint: 'run without --purge to archive instead (restorable)', exitCode: 130 });
    }
    const done = await service.applyCleanup(plan);
    this.log(plan.action === 'purge' ? `deleted ${done.length} session(s)` : `archived ${done.length} session(s); \`loom session list --archived\` shows them, \`loom session resume <id>\` brings one back`);
    return { plan, done, orphanRefs, dryRun: false };
  }

  /** Orphan checkpoint refs cost nothing to keep but hold commits alive: listed, then removed. */
  private async removeOrphanRefs(checkpoints: CheckpointService, dryRun: boolean): Promise<string[]> {
    const orphans = await checkpoints.orphans();
    if (orphans.length === 0) return [];
    this.log(`${dryRun ? 'would remove' : 'removing'} ${orphans.length} orphan checkpoint ref${orphans.length === 1 ? '' : 's'} no session records:`);
    for (const { ref, commit } of orphans) this.log(`  ${ref} (${commit.slice(0, 12)})`);
    if (!dryRun) await checkpoints.removeRefs(orphans);
    return orphans.map(({ ref }) => ref);
  }
}
