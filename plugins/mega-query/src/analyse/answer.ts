/** A question answered in one call over one chunk of the files that best match it. */
import type { Llm } from '@loomkit/llm';
import { renderChunk } from '../chunk/render.js';
import type { AnalysisStats, Chunk, Citation, ReadProtected, ScannedFile } from '../types.js';
import { validCitations } from './citations.js';
import { ANSWER_SPEC } from './findings.js';
import { answerRequest } from './requests.js';
import { countCall, emptyStats } from './stats.js';

export interface AnswerInput {
  files: ScannedFile[];
  chunk: Chunk;
  read: ReadProtected;
  llm: Llm;
  model: string;
  question: string;
  outputTokens: number;
  signal?: AbortSignal;
  maxCostUsd?: number;
}

export interface AnswerResult {
  answer: string;
  /** Only citations of scanned files and lines that exist in them. */
  citations: Citation[];
  stats: AnalysisStats;
}

export async function answerQuestion(input: AnswerInput): Promise<AnswerResult> {
  const files = new Map(input.files.map((file) => [file.path, file]));
  const text = await renderChunk(input.chunk, input.read, files);
  const { value, result } = await input.llm.structured(answerRequest(input.model, input.outputTokens, input.question, text), ANSWER_SPEC, {
    signal: input.signal,
    maxCostUsd: input.maxCostUsd,
  });
  const stats = emptyStats(1);
  countCall(stats, result);
  const checked = validCitations(value.citations, files);
  stats.citationsDropped = checked.dropped;
  return { answer: value.answer, citations: checked.citations, stats };
}
