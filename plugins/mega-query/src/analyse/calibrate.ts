/** The plan's token figures, checked against the count_tokens API before money is spent. */
import { isLoomError } from '@loomkit/kernel';
import { estimateInputTokens, type Llm } from '@loomkit/llm';
import { renderChunk } from '../chunk/render.js';
import type { Chunk, ReadProtected, ScannedFile } from '../types.js';
import { REPORT_SPEC } from './findings.js';
import { mapRequest, withTool, type PromptSettings } from './requests.js';

export interface CalibrationInput {
  llm: Llm;
  /** The chunk to measure: the largest, whose estimate matters most. */
  chunk: Chunk;
  read: ReadProtected;
  files: Map<string, ScannedFile>;
  settings: PromptSettings;
  mapText: string;
  signal?: AbortSignal;
}

/**
 * Counted ÷ estimated input tokens of one real map request, rendered and protected exactly as
 * it will be sent; undefined without a key (the count would be the estimate itself). One
 * free count_tokens call corrects the whole plan, where counting every chunk would double
 * the requests of a run.
 */
export async function countedRatio(input: CalibrationInput): Promise<number | undefined> {
  const request = withTool(mapRequest(input.settings, input.mapText, await renderChunk(input.chunk, input.read, input.files)), REPORT_SPEC);
  const counted = await input.llm.countTokens(request, { signal: input.signal });
  if (counted.estimated) return undefined;
  return counted.inputTokens / estimateInputTokens(request);
}

export interface Calibration {
  ratio?: number;
  /** Why the plan kept the local estimate though a key is set (count_tokens failed). */
  note?: string;
}

/**
 * countedRatio, except that a count the API refuses to give (overloaded past every retry,
 * hung) leaves the plan on the local estimate, with a note saying so: a free planning call
 * must not fail the run it plans. Cancellation still stops the run.
 */
export async function calibrate(input: CalibrationInput): Promise<Calibration> {
  try {
    return { ratio: await countedRatio(input) };
  } catch (error) {
    if (isLoomError(error) && error.code === 'CANCELLED') throw error;
    const why = isLoomError(error) ? `${error.code}: ${error.message}` : String(error);
    return { note: `count_tokens failed (${why}); the plan uses the local estimate` };
  }
}
