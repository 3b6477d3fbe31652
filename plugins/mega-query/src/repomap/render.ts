import { LoomError } from '@loomkit/kernel';
import { estimateTextTokens } from '@loomkit/llm';
import type { RepoMap, ScannedFile } from '../types.js';
import { signaturesOf } from './signatures.js';

export interface RenderedMap {
  text: string;
  tokens: number;
  /** Files the text shows. */
  files: number;
}

/**
 * The repo map as text within a token budget: the best-ranked files first, each with its
 * signatures. A file that does not fit is left out and smaller, lower-ranked ones may still
 * come in; the text never exceeds the budget.
 */
export function renderRepoMap(map: RepoMap, files: ScannedFile[], options: { tokens: number }): RenderedMap {
  if (!(options.tokens >= 0)) {
    throw new LoomError('MEGA_MAP_BUDGET', `The repo map budget must be a number of tokens ≥ 0, not ${String(options.tokens)}.`, {
      hint: 'Pass --tokens with a positive whole number, e.g. --tokens 4096.',
    });
  }
  const byPath = new Map(files.map((file) => [file.path, file]));
  let text = '';
  let shown = 0;
  for (const { path } of map.ranked) {
    const file = byPath.get(path);
    if (!file) continue;
    const candidate = text === '' ? signaturesOf(file) : `${text}\n${signaturesOf(file)}`;
    if (estimateTextTokens(candidate) > options.tokens) continue;
    text = candidate;
    shown++;
  }
  return { text, tokens: estimateTextTokens(text), files: shown };
}
