/**
 * What an online run would cost, before any call: map calls (one per chunk), the reduce
 * tree's calls, their input tokens and the most output they may produce, priced from the
 * model table four ways. Worst case on output (every call uses all of outputTokens).
 */
import { costOf, findModel, type Limits, type ModelTable, type TokenUsage } from '@loomkit/llm';
import { reduceGroupSize, reduceTree } from '../analyse/reduce-tree.js';
import { MESSAGE_FRAME_TOKENS, reduceRequest, reportCallBaseTokens } from '../analyse/requests.js';
import type { Chunk, CostPlan, Mode, ScannedFile } from '../types.js';
import { summarizePack } from './summary.js';

export interface CostPlanOptions {
  files: ScannedFile[];
  mode: Mode;
  model: string;
  question?: string;
  /** The llm's model table (`llm.models`, or `shippedModelTable()` offline). */
  models: ModelTable;
  /** The map calls' shared prefix: `prefixTokens(mode, mapText, question)` from analyse. */
  prefixTokens: number;
  outputTokens: number;
  chunkTokens: number;
  /** True when the token counts are the local estimate. */
  estimated: boolean;
  /** The llm's rate limits (`llm.limits`), for how long the run must take at least. */
  limits?: Pick<Limits, 'requestsPerMinute' | 'inputTokensPerMinute'>;
}

/** Throws the llm's LLM_MODEL_UNPRICED for a model the table does not price. */
export function costPlan(chunks: Chunk[], options: CostPlanOptions): CostPlan {
  const price = findModel(options.models, options.model);
  const { prefixTokens, outputTokens } = options;
  const reduceBase = reportCallBaseTokens(reduceRequest({ mode: options.mode, model: options.model, outputTokens, question: options.question }, []));
  const reduceCalls = reduceTree(chunks.length, reduceGroupSize(options.chunkTokens, reduceBase, outputTokens)).flat();

  const mapInput = chunks.reduce((sum, chunk) => sum + prefixTokens + MESSAGE_FRAME_TOKENS + chunk.tokens, 0);
  const reduceInput = reduceCalls.reduce((sum, reports) => sum + reduceBase + reports * outputTokens, 0);
  const inputTokens = mapInput + reduceInput;
  const calls = { map: chunks.length, reduce: reduceCalls.length };
  const maxOutputTokens = (calls.map + calls.reduce) * outputTokens;

  // Cached: the first map call writes the prefix, every later one reads it.
  const writes = Math.min(1, calls.map);
  const standard: TokenUsage = { input: inputTokens, output: maxOutputTokens, cacheWrite: 0, cacheRead: 0 };
  const cached: TokenUsage = { input: inputTokens - prefixTokens * calls.map, output: maxOutputTokens, cacheWrite: prefixTokens * writes, cacheRead: prefixTokens * (calls.map - writes) };
  const batch = { batch: true, batchDiscount: options.models.batchDiscount };
  const pack = summarizePack(options.files, chunks);
  return {
    model: options.model,
    mode: options.mode,
    chunks: chunks.length,
    calls,
    files: { full: pack.full, signatures: pack.signatures },
    inputTokens,
    maxOutputTokens,
    prefixTokens,
    usd: { standard: costOf(price, standard), cached: costOf(price, cached), batch: costOf(price, standard, batch), cachedBatch: costOf(price, cached, batch) },
    fullPackTokens: pack.fullPackTokens,
    compressedTokens: pack.compressedTokens,
    estimated: options.estimated,
    ...(options.limits ? { minutes: Math.max((calls.map + calls.reduce) / options.limits.requestsPerMinute, inputTokens / options.limits.inputTokensPerMinute) } : {}),
  };
}
