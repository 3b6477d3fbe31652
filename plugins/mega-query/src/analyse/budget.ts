/** Refusing a run that cannot work, before any request is sent. */
import { LoomError } from '@loomkit/kernel';
import { formatUsd, type Llm, type LlmRequestInput } from '@loomkit/llm';
import type { Chunk } from '../types.js';
import { REPORT_SPEC } from './findings.js';
import { withTool } from './requests.js';

/** The chunk budget must hold the map calls' shared prefix next to at least the smallest part. */
export function checkChunkBudget(prefixTokens: number, chunks: Chunk[], chunkTokens: number): void {
  const parts = chunks.flatMap((chunk) => chunk.parts.map((part) => part.tokens));
  if (parts.length === 0) return;
  const smallest = Math.min(...parts);
  if (prefixTokens + smallest > chunkTokens) {
    throw new LoomError(
      'MEGA_BUDGET_TOO_SMALL',
      `a chunk of ${chunkTokens} tokens cannot hold the prompt and repo map (${prefixTokens} tokens) plus the smallest file part (${smallest} tokens)`,
      { hint: `raise mega-query.chunkTokens to at least ${prefixTokens + smallest}, or lower mega-query.mapTokens for a shorter repo map` },
    );
  }
}

/**
 * The worst case of `requests` (each forced to report_findings) must fit what --max-cost
 * leaves; the llm would refuse each call anyway, but only after others were sent and paid.
 */
export function checkCostBudget(llm: Llm, requests: LlmRequestInput[], maxCostUsd: number | undefined, options: { batch?: boolean } = {}): void {
  if (maxCostUsd === undefined || requests.length === 0) return;
  const worst = requests.reduce((sum, request) => sum + llm.estimateCost(withTool(request, REPORT_SPEC), options).usd, 0);
  const left = maxCostUsd - llm.spentUsd();
  if (worst > left) {
    const what = options.batch ? `the batch of ${requests.length} map calls` : 'one map call';
    throw new LoomError('MEGA_BUDGET_TOO_SMALL', `${what} may cost up to ${formatUsd(worst)}, but --max-cost leaves ${formatUsd(Math.max(0, left))}`, {
      hint: `raise --max-cost above ${formatUsd(worst + llm.spentUsd())}, or lower mega-query.chunkTokens / outputTokens`,
    });
  }
}
