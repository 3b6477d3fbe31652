/** What the map, batch and reduce stages share within one analysis. */
import type { Llm } from '@loomkit/llm';
import type { AnalysisStats, Chunk, ReadProtected, ScannedFile } from '../types.js';
import { validFindings } from './citations.js';
import type { Report } from './findings.js';
import type { PromptSettings } from './requests.js';
import type { ResultsStore } from './results-store.js';

export interface StageContext {
  files: Map<string, ScannedFile>;
  read: ReadProtected;
  llm: Llm;
  settings: PromptSettings;
  mapText: string;
  store: ResultsStore;
  stats: AnalysisStats;
  signal?: AbortSignal;
  /** The command's --max-cost: passed with every call, and checked before the first. */
  maxCostUsd?: number;
}

/** A chunk still to analyse, and the key its report is stored under. */
export interface MapJob {
  chunk: Chunk;
  key: string;
}

export type JobDone = (job: MapJob, report: Report) => void;

/** The report without (and counting) citations of files or lines that do not exist. */
export function checkedReport(context: Pick<StageContext, 'files' | 'stats'>, report: Report): Report {
  const checked = validFindings(report.findings, context.files);
  context.stats.citationsDropped += checked.dropped;
  return { summary: report.summary, findings: checked.findings };
}

/** The checked report, stored at once. */
export async function keepReport(context: StageContext, key: string, report: Report): Promise<Report> {
  const kept = checkedReport(context, report);
  await context.store.write(key, kept);
  return kept;
}
