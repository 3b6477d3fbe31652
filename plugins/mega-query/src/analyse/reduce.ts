/**
 * Merging the chunks' reports into one: groups that fit the chunk budget are merged by one
 * structured call each (deduplicated, citations kept, ranked by severity), level after level,
 * until one report is left. A single report needs no call. Each call's result is stored by
 * its inputs, so a rerun of a finished analysis (or a concurrent one) pays for none.
 */
import type { Finding } from '../types.js';
import { checkedReport, type StageContext } from './context.js';
import { REPORT_SPEC, SEVERITIES, type Report } from './findings.js';
import { reduceGroupSize, reduceTree, splitGroups } from './reduce-tree.js';
import { reduceRequest, reportCallBaseTokens } from './requests.js';
import { reduceKey } from './results-store.js';
import { countCall } from './stats.js';

/** Most severe first; the model's order within a severity is kept. */
export const bySeverity = (findings: Finding[]): Finding[] =>
  [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));

export const NOTHING_ANALYSED: Report = { summary: 'No file content to analyse.', findings: [] };

export async function reduceStage(
  context: Pick<StageContext, 'files' | 'llm' | 'settings' | 'stats' | 'store' | 'signal' | 'maxCostUsd'>,
  reports: Report[],
  chunkTokens: number,
  onProgress?: (done: number, total: number) => void,
): Promise<Report> {
  const size = reduceGroupSize(chunkTokens, reportCallBaseTokens(reduceRequest(context.settings, [])), context.settings.outputTokens);
  const total = reduceTree(reports.length, size).flat().length;
  let done = 0;
  const merge = async (group: Report[]): Promise<Report> => {
    if (group.length === 1) return group[0]!;
    const { report } = await context.store.claim(reduceKey(context.settings, group), async () => {
      const { value, result } = await context.llm.structured(reduceRequest(context.settings, group), REPORT_SPEC, { signal: context.signal, maxCostUsd: context.maxCostUsd });
      countCall(context.stats, result);
      return checkedReport(context, value);
    });
    onProgress?.(++done, total);
    return report;
  };

  let level = reports;
  while (level.length > 1) level = await Promise.all(splitGroups(level, size).map(merge));
  const [final = NOTHING_ANALYSED] = level;
  return { summary: final.summary, findings: bySeverity(final.findings) };
}
