// `loom query mega [path] [--dry-run] [--json]`, offline, answered before oclif and the kernel load (the CLI's
// `earlyAnswers`), when the repository is as the last such run left it: the command keeps, beside
// the outcome it cached, what its key was computed from (record.ts); this walks the folder with the
// same settings and policy, computes the key with the same code and prints the kept report as the
// command would, emitting the command's events to the bundled plugins' early hooks. Anything else
// declines and the command runs: config, code or surroundings not as recorded (the record's
// digest), a file changed (no outcome under the new key: the walk is handed to the command, which
// then need not walk again), another flag, JSON for a terminal, an active session.
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { declineOnFailure, earlyDeclineReason, emitEarly, findProjectRoot, writeAnswer, type EarlyAnswer, type EarlyContext } from '@loomkit/kernel/early';
import { createPolicy } from '@loomkit/plugin-security/policy';
import { finishedPayload } from '../events.js';
import { MEGA_OFFLINE, offlineReason } from '../offline.js';
import { outcomeKept, outcomeKeyWith, readOutcome } from '../outcome-cache.js';
import { readChurn } from '../repomap/churn.js';
import { renderTerminal } from '../report/render-terminal.js';
import { reportJson } from '../report/report-json.js';
import type { StaticReport } from '../report/types.js';
import { cacheDirFor } from '../scan/cache-dir.js';
import type { CostPlan } from '../types.js';
import { policyDeny, walkFolder } from '../walk-target.js';
import { parseMegaArgv } from './argv.js';
import { handWalk } from './handover.js';
import { readEarlyRecord } from './record.js';

/** True once it printed the whole answer; false (never a throw) when the command must run. */
export const answer: EarlyAnswer = declineOnFailure(answerOrDecline);

async function answerOrDecline(argv: string[], ctx: EarlyContext): Promise<boolean> {
  const request = parseMegaArgv(argv);
  // oclif colours JSON on a terminal, or when colour is forced: the command's renderer.
  if (!request || (request.json && (process.stdout.isTTY || ctx.env.FORCE_COLOR !== undefined))) return false;
  // With a key and without --dry-run, the command calls Claude (the llm plugin reads the key from the environment alone).
  if (!request.dryRun && ctx.env.ANTHROPIC_API_KEY) return false;
  if (earlyDeclineReason(ctx, { recorded: true }) !== undefined) return false;
  const started = Date.now();
  const root = resolve(ctx.cwd, request.target ?? '.');
  // A path that is not a folder is the command's to explain (or its question).
  const real = realpathSync(root);
  if (!statSync(real).isDirectory()) return false;
  const cacheDir = cacheDirFor(real, ctx.dirs.cache);
  const record = outcomeKept(cacheDir) ? await readEarlyRecord(cacheDir, ctx) : undefined;
  if (record === undefined || record.replay.root !== root) return false;
  const { replay } = record;
  const projectRoot = findProjectRoot(ctx.cwd);
  // As the service reads it; a failure only changes the key (and the walk may fail first, leaving it unawaited).
  const churning = readChurn(real, replay.churnCommits, cacheDir).catch(() => new Map<string, number>());
  const walked = await walkFolder(root, replay.walk, { userCacheDir: ctx.dirs.cache, deny: policyDeny(createPolicy(record.policy, projectRoot), projectRoot, root) });
  const key = await outcomeKeyWith(walked, replay.inputs, await churning, started);
  const stored = key === undefined ? undefined : await readOutcome<{ report: StaticReport; plan: CostPlan }>(cacheDir, key);
  if (stored === undefined) {
    handWalk(root, replay.walk, projectRoot, walked);
    return false;
  }
  const input = { report: stored.report, plan: stored.plan, verbose: false };
  const result = reportJson(input);
  // What the service and the command emit, before anything is printed: a hook that fails declines.
  const run = { root: walked.root, mode: replay.mode, files: stored.report.totals.files, chunks: stored.plan.chunks, durationMs: Date.now() - started };
  await emitEarly(ctx, 'mega-query:finished', finishedPayload(run));
  await emitEarly(ctx, 'mega-query:report', { root: walked.root, report: result });
  if (request.json) {
    writeAnswer(`${JSON.stringify(result, null, 2)}\n`);
    return true;
  }
  // The command's terminal report, and its note on stderr.
  const text = renderTerminal(input);
  writeAnswer(text.endsWith('\n') ? text : `${text}\n`);
  process.stderr.write(`note: ${offlineReason(request.dryRun, false, MEGA_OFFLINE)}\n`);
  return true;
}
