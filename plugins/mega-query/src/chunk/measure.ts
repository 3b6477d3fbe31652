/**
 * Token estimates of parts, from the strings render.ts produces. Headers and line numbers
 * are rendered and measured exactly; a file's own text is not at hand while planning, so its
 * share is the scan's estimate of the protected text (`ScannedFile.tokens`), whole for a
 * whole part and pro rata by lines for a slice. Every part also counts the separator after it.
 */
import { estimateCharTokens, estimateTextTokens } from '@loomkit/llm';
import type { ScannedFile } from '../types.js';
import { numberWidth, numbered, PART_SEPARATOR, rangeHeader, renderSignatures } from './render.js';

/** The fence's instruction line and tags (about 380 characters), repeated around every slice of a fenced file. */
const FENCE_TOKENS = 110;

/**
 * Tokens of a part's header, line numbers and newlines: everything rendered but the file's text.
 * Every line number of a file is padded to one width, so one rendered numbering measures them
 * all: a plan measures every line of the repository, and building each was most of its time.
 */
function framingTokens(file: ScannedFile, start: number, end: number): number {
  const header = rangeHeader(file.path, start, end).length + 1;
  const perLine = numbered(end, numberWidth(file.lines), '').length + 1;
  return estimateCharTokens(header + Math.max(0, end - start + 1) * perLine + PART_SEPARATOR.length);
}

export function wholeTokens(file: ScannedFile): number {
  return framingTokens(file, 1, file.lines) + file.tokens;
}

export function sliceTokens(file: ScannedFile, start: number, end: number): number {
  const share = Math.ceil((file.tokens * (end - start + 1)) / Math.max(1, file.lines));
  const fence = file.injection.verdict === 'benign' ? 0 : FENCE_TOKENS + 2 * estimateTextTokens(file.path);
  return framingTokens(file, start, end) + share + fence;
}

export function signaturesTokens(file: ScannedFile): number {
  return estimateTextTokens(renderSignatures(file.path, file.lines, file.facts?.symbols ?? []) + PART_SEPARATOR);
}
