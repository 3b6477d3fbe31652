import type { Chunk, ScannedFile } from '../types.js';
import { wholeTokens } from './measure.js';

export interface PackSummary {
  /** Files carried as text, whole or sliced. */
  full: number;
  /** Files carried as signatures only. */
  signatures: number;
  /** Files in no chunk: low-ranked without symbols, or empty. */
  leftOut: string[];
  /** Every file whole, as rendered (headers and line numbers included). */
  fullPackTokens: number;
  /** What the chunks carry. */
  compressedTokens: number;
}

/** What the plan does with the repository, read off the chunks it made. */
export function summarizePack(files: ScannedFile[], chunks: Chunk[]): PackSummary {
  const forms = new Map<string, string>();
  for (const part of chunks.flatMap((chunk) => chunk.parts)) forms.set(part.path, part.form);
  const count = (wanted: (form: string) => boolean) => [...forms.values()].filter(wanted).length;
  return {
    full: count((form) => form !== 'signatures'),
    signatures: count((form) => form === 'signatures'),
    leftOut: files.filter((file) => !forms.has(file.path)).map((file) => file.path),
    fullPackTokens: files.filter((file) => file.lines > 0).reduce((sum, file) => sum + wholeTokens(file), 0),
    compressedTokens: chunks.reduce((sum, chunk) => sum + chunk.tokens, 0),
  };
}
