/**
 * The map stage as one Message Batch (half price, results within a day). The batch's label
 * carries a run key (every chunk's result key), so a later run of the same analysis finds the
 * batch still pending and waits for it instead of paying for a second one. Reports go to the
 * same store as online ones; a chunk whose result failed or did not parse is simply not
 * stored, and the next run sends it again.
 */
import { createHash } from 'node:crypto';
import type { BatchRecord, LlmResult } from '@loomkit/llm';
import { LoomError } from '@loomkit/kernel';
import { renderChunk } from '../chunk/render.js';
import { checkCostBudget } from './budget.js';
import { keepReport, type JobDone, type MapJob, type StageContext } from './context.js';
import { REPORT_SPEC, type Report } from './findings.js';
import { mapRequest, withTool } from './requests.js';
import { countCall } from './stats.js';

const LABEL_PREFIX = 'mega-query:';

/** The same chunks, mode, model, prompts and question give the same run key. */
export function batchRunKey(resultKeys: string[]): string {
  return createHash('sha256').update([...resultKeys].sort().join('\n')).digest('hex').slice(0, 32);
}

export const batchLabel = (runKey: string): string => `${LABEL_PREFIX}${runKey}`;

function reportOf(result: LlmResult): Report | undefined {
  const use = result.message.content.find((block) => block.type === 'tool_use' && block.name === REPORT_SPEC.name);
  const parsed = use?.type === 'tool_use' ? REPORT_SPEC.schema.safeParse(use.input) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

async function submit(context: StageContext, jobs: MapJob[], label: string): Promise<BatchRecord> {
  const items = await Promise.all(
    jobs.map(async (job) => ({ customId: job.key, request: mapRequest(context.settings, context.mapText, await renderChunk(job.chunk, context.read, context.files)) })),
  );
  checkCostBudget(context.llm, items.map((item) => item.request), context.maxCostUsd, { batch: true });
  return context.llm.batches.submit(items.map((item) => ({ customId: item.customId, request: withTool(item.request, REPORT_SPEC) })), { label });
}

export interface BatchProgress {
  /** Requests of the batch that have ended (succeeded or not). */
  ended: number;
  requests: number;
}

export async function batchStage(context: StageContext, jobs: MapJob[], runKey: string, onDone: JobDone, onWait?: (progress: BatchProgress) => void): Promise<void> {
  if (jobs.length === 0) return;
  const label = batchLabel(runKey);
  const pending = (await context.llm.batches.pending()).filter((record) => record.label === label).at(-1);
  const record = pending ?? (await submit(context, jobs, label));
  context.stats.batchId = record.id;
  await context.llm.batches.wait(record.id, {
    signal: context.signal,
    onProgress: ({ counts, requests }) => onWait?.({ ended: requests - counts.processing, requests }),
  });

  const waiting = new Map(jobs.map((job) => [job.key, job]));
  for await (const outcome of context.llm.batches.results(record.id)) {
    const job = waiting.get(outcome.customId);
    if (!job || outcome.type !== 'succeeded') continue;
    countCall(context.stats, outcome.result);
    const report = reportOf(outcome.result);
    if (!report) continue;
    waiting.delete(job.key);
    onDone(job, await keepReport(context, job.key, report));
  }
  if (waiting.size > 0) {
    throw new LoomError('MEGA_BATCH_INCOMPLETE', `${waiting.size} of ${jobs.length} chunks got no usable result from batch ${record.id}`, {
      hint: 'run the same command again: the chunks already done are kept, only these are sent again',
    });
  }
}
