import type { LlmResult } from '@loomkit/llm';
import type { AnalysisStats } from '../types.js';

export function emptyStats(chunks: number): AnalysisStats {
  return { chunks, chunksFromCache: 0, calls: 0, inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: 0, citationsDropped: 0 };
}

/** Adds one call made now (its usage and price) to the stats. */
export function countCall(stats: AnalysisStats, result: LlmResult): void {
  stats.calls += 1;
  stats.inputTokens += result.usage.input;
  stats.outputTokens += result.usage.output;
  stats.cacheWriteTokens += result.usage.cacheWrite;
  stats.cacheReadTokens += result.usage.cacheRead;
  stats.costUsd += result.costUsd;
}
