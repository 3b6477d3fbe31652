// `loom metrics [report] …` answered before oclif and the kernel load (the CLI's
// `earlyAnswers`): the same service and query code as the command, with the same output,
// when nothing the kernel would bring (config, plugins' hooks, a session) could change it;
// otherwise it declines and the command runs as usual. Imports no zod, oclif or kernel.
import { declineOnFailure, earlyDeclineReason, writeAnswer } from '@loomkit/kernel/early';
import type { EarlyAnswer, EarlyContext } from '@loomkit/kernel';
import { createRequire } from 'node:module';
import { whenOf } from '../query/time.js';
import type { Report, SourceFilter } from '../query/index.js';
import { renderCsv } from '../render/csv.js';
import { noUsage } from '../render/no-usage.js';
import { scanShowingProgress } from '../render/reading-bar.js';
import { writeJson } from '../render/json.js';
import { createMetricsService } from '../service.js';
import { claudeCodeDirs } from '../sources/claude-code/index.js';
import { parseEarly } from './argv.js';
import { shippedPrices } from './setting.js';

/** True once it printed the whole answer; false (never a throw) when the full command must run. */
export const answer: EarlyAnswer = declineOnFailure(answerOrDecline);

async function answerOrDecline(argv: string[], ctx: EarlyContext): Promise<boolean> {
  const request = parseEarly(argv);
  // JSON on a terminal is oclif's to colourise.
  if (!request || (request.json && process.stdout.isTTY)) return false;
  const { dirs } = ctx;
  // An active session records the command as a turn: the command's way.
  // Its claudeDirs and the price table (llm.models) are settings.
  if (earlyDeclineReason(ctx, { recorded: true, settings: ['metrics', 'llm'] }) !== undefined) return false;
  const now = Date.now();
  const since = request.since === undefined ? undefined : whenOf(request.since, now, 'since');
  const until = request.until === undefined ? undefined : whenOf(request.until, now, 'until');
  // An unreadable date is the command's error to print.
  if ((request.since !== undefined && since === undefined) || (request.until !== undefined && until === undefined)) return false;
  const models = shippedPrices(createRequire(import.meta.url).resolve('@loomkit/llm/data/models.json'));
  if (!models) return false;
  // A cold start too: the command reads a history the same way, and shows no progress for JSON or CSV either.
  const service = createMetricsService({ dataDir: dirs.data, cacheDir: dirs.cache, claudeDirs: claudeCodeDirs(ctx.env), models });
  const scan = await scanShowingProgress(service, request.source);
  const report = service.report({ kind: request.kind, source: request.source, breakdown: request.breakdown, since, until, project: request.project, model: request.model }, scan);
  if (request.json) writeJson(report, writeAnswer);
  else if (request.csv) writeAnswer(renderCsv(report));
  else await writeTable(report, request.source);
  return true;
}

/** The command's table, or its line for no rows; the table's libraries (~25 ms) load only for a table. */
async function writeTable(report: Report, source: SourceFilter): Promise<void> {
  if (report.rows.length === 0) writeAnswer(`${noUsage(source)}\n`);
  else {
    // By URL, so the bundle keeps it (and the table's libraries) a file of its own, loaded only here.
    const { renderReport } = (await import(new URL('../render/table.js', import.meta.url).href)) as typeof import('../render/table.js');
    writeAnswer(`${renderReport(report, { color: process.stdout.isTTY === true && !process.env.NO_COLOR })}\n`);
  }
}
