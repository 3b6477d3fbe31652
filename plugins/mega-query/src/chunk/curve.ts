/**
 * What compression costs: for each `compressBelow` fraction, the tokens a `query mega` run
 * would save against sending every file whole, beside how many of the files that answer a
 * question would still go in whole. The share saved follows from the setting; the share of
 * answer files kept is what the setting must be chosen by.
 */
import type { RepoMap, ScannedFile } from '../types.js';
import { compressedPaths, partsOf } from './pack.js';

export interface CurveQuestion {
  q: string;
  gold: string[];
}

export interface CurvePoint {
  compressBelow: number;
  /** Mean over questions of 1 − sent tokens / tokens of every file sent whole. */
  tokensSaved: number;
  /** Gold files (among the scanned) sent whole or sliced, over all gold files. */
  goldKept: number;
  /** Questions whose every scanned gold file is sent whole or sliced. */
  questionsAllKept: number;
}

/** The curve over `fractions`, each question ranked as `query mega` ranks it (`mapFor`). */
export async function compressionCurve(
  files: ScannedFile[],
  questions: CurveQuestion[],
  fractions: number[],
  options: { chunkTokens: number; mapFor: (question: string) => Promise<RepoMap> },
): Promise<CurvePoint[]> {
  const known = new Set(files.map((file) => file.path));
  const sent = (compressed: Set<string>) => files.reduce((sum, file) => sum + partsOf(file, compressed.has(file.path), options.chunkTokens).reduce((total, part) => total + part.tokens, 0), 0);
  const full = sent(new Set());
  const points = fractions.map((compressBelow) => ({ compressBelow, saved: 0, kept: 0, gold: 0, allKept: 0 }));
  for (const question of questions) {
    const map = await options.mapFor(question.q);
    const gold = question.gold.filter((path) => known.has(path));
    for (const point of points) {
      const compressed = compressedPaths(files, map, point.compressBelow);
      point.saved += full === 0 ? 0 : 1 - sent(compressed) / full;
      const kept = gold.filter((path) => !compressed.has(path)).length;
      point.kept += kept;
      point.gold += gold.length;
      if (kept === gold.length) point.allKept += 1;
    }
  }
  const count = Math.max(1, questions.length);
  return points.map((point) => ({
    compressBelow: point.compressBelow,
    tokensSaved: point.saved / count,
    goldKept: point.gold === 0 ? 0 : point.kept / point.gold,
    questionsAllKept: point.allKept / count,
  }));
}
