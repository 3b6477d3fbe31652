/**
 * The map stage online: one structured call per chunk without a stored report. The first
 * call runs alone, so its response has written the shared prefix to the prompt cache before
 * the others start and read it; the rest go out together and the llm pipeline's limiter
 * paces them. Each report is stored the moment it arrives: a cancelled or failed run keeps
 * everything finished before it stopped. Each chunk is claimed in the store first: a run in
 * the same repository that is already paying for it is waited for, and its report read.
 */
import type { LlmRequestInput } from '@loomkit/llm';
import { renderChunk } from '../chunk/render.js';
import { checkCostBudget } from './budget.js';
import { checkedReport, type JobDone, type MapJob, type StageContext } from './context.js';
import { REPORT_SPEC } from './findings.js';
import { mapRequest } from './requests.js';
import { countCall } from './stats.js';

export async function mapStage(context: StageContext, jobs: MapJob[], onDone: JobDone): Promise<void> {
  const requestFor = async (job: MapJob) => mapRequest(context.settings, context.mapText, await renderChunk(job.chunk, context.read, context.files));
  const run = async (job: MapJob, request: LlmRequestInput) => {
    const claimed = await context.store.claim(job.key, async () => {
      const { value, result } = await context.llm.structured(request, REPORT_SPEC, { signal: context.signal, maxCostUsd: context.maxCostUsd });
      countCall(context.stats, result);
      return checkedReport(context, value);
    });
    if (claimed.stored) context.stats.chunksFromCache += 1;
    onDone(job, claimed.report);
  };

  const [first, ...rest] = jobs;
  if (!first) return;
  const firstRequest = await requestFor(first);
  checkCostBudget(context.llm, [firstRequest], context.maxCostUsd);
  await run(first, firstRequest);
  const queue = [...rest];
  const failures: unknown[] = [];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      await requestFor(job)
        .then((request) => run(job!, request))
        .catch((error: unknown) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(RENDER_AHEAD, queue.length) }, worker));
  if (failures.length > 0) throw failures[0];
}

/** Chunks in flight or rendered and waiting for the limiter: a little above the default concurrency (4), so the limiter still decides and renders overlap with calls. */
const RENDER_AHEAD = 6;
