/**
 * The analysis: every chunk's report (stored ones reused, missing ones from Claude online or
 * as a batch), then the reports merged into one.
 */
import type { Llm } from '@loomkit/llm';
import type { Analysis, Chunk, Mode, ReadProtected, ScannedFile } from '../types.js';
import { batchRunKey, batchStage } from './batch-stage.js';
import { checkChunkBudget } from './budget.js';
import type { MapJob, StageContext } from './context.js';
import type { Report } from './findings.js';
import { mapStage } from './map-stage.js';
import { reduceStage } from './reduce.js';
import { prefixTokens, type PromptSettings } from './requests.js';
import { createResultsStore, resultKey } from './results-store.js';
import { emptyStats } from './stats.js';

export interface AnalyseProgress {
  stage: 'map' | 'reduce';
  done: number;
  total: number;
  fromCache: number;
}

export interface AnalyseInput {
  files: ScannedFile[];
  chunks: Chunk[];
  /** The compressed repo map, part of every map call's cached prefix. */
  mapText: string;
  read: ReadProtected;
  llm: Llm;
  model: string;
  mode: Mode;
  question?: string;
  outputTokens: number;
  chunkTokens: number;
  /** Where chunk reports are kept: `<project>/.loom/cache/mega-query/results/`. */
  resultsDir: string;
  /** Send the map stage as one Message Batch. */
  batch?: boolean;
  /** --max-cost: every call carries it, and a run that cannot afford one map call is refused up front. */
  maxCostUsd?: number;
  signal?: AbortSignal;
  onProgress?: (event: AnalyseProgress) => void;
}

const chunkKeys = (chunks: Chunk[], settings: Omit<PromptSettings, 'outputTokens'>) =>
  chunks.map((chunk) => resultKey({ chunkHash: chunk.hash, mode: settings.mode, model: settings.model, question: settings.question }));

/** Whether every chunk already has a stored report: then the map stage makes no call, and nothing needs counting. */
export async function allChunksStored(resultsDir: string, chunks: Chunk[], settings: Omit<PromptSettings, 'outputTokens'>): Promise<boolean> {
  const store = createResultsStore(resultsDir);
  for (const key of chunkKeys(chunks, settings)) if (!(await store.read(key))) return false;
  return true;
}

export async function analyse(input: AnalyseInput): Promise<Analysis> {
  const settings: PromptSettings = { mode: input.mode, model: input.model, outputTokens: input.outputTokens, question: input.question };
  checkChunkBudget(prefixTokens(input.mode, input.mapText, input.question), input.chunks, input.chunkTokens);

  const store = createResultsStore(input.resultsDir);
  const stats = emptyStats(input.chunks.length);
  const context: StageContext = {
    files: new Map(input.files.map((file) => [file.path, file])),
    read: input.read,
    llm: input.llm,
    settings,
    mapText: input.mapText,
    store,
    stats,
    signal: input.signal,
    maxCostUsd: input.maxCostUsd,
  };

  const reports = new Map<number, Report>();
  const jobs: MapJob[] = [];
  const keys = chunkKeys(input.chunks, settings);
  for (const [position, chunk] of input.chunks.entries()) {
    const key = keys[position]!;
    const stored = await store.read(key);
    if (stored) reports.set(chunk.index, stored);
    else jobs.push({ chunk, key });
  }
  stats.chunksFromCache = reports.size;

  const mapProgress = (done: number) => input.onProgress?.({ stage: 'map', done, total: input.chunks.length, fromCache: stats.chunksFromCache });
  mapProgress(reports.size);
  const onDone = (job: MapJob, report: Report) => {
    reports.set(job.chunk.index, report);
    mapProgress(reports.size);
  };
  if (input.batch) {
    await batchStage(context, jobs, batchRunKey(keys), onDone, ({ ended }) => mapProgress(stats.chunksFromCache + ended));
  } else {
    await mapStage(context, jobs, onDone);
  }

  const ordered = input.chunks.map((chunk) => reports.get(chunk.index)!);
  const final = await reduceStage(context, ordered, input.chunkTokens, (done, total) => input.onProgress?.({ stage: 'reduce', done, total, fromCache: 0 }));
  return { mode: input.mode, model: input.model, question: input.question, summary: final.summary, findings: final.findings, stats };
}

export { answerQuestion, type AnswerInput, type AnswerResult } from './answer.js';
export { PROMPT_VERSION } from './modes.js';
export { prefixTokens } from './requests.js';
export { calibrate, countedRatio, type Calibration } from './calibrate.js';
export { resultKey } from './results-store.js';
