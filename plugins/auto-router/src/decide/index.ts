import { words } from '../features/index.js';
import { NONE, reasons, type ModelData, type Prediction } from '../model/index.js';
import type { Band, Scored, Thresholds } from '../types.js';

export interface Ranking {
  /** Every route, most likely first; `none` is not among them. */
  ranked: Scored[];
  none: number;
  band: Band;
  /** The chosen command (`none` in the none band) and how sure the model is of it. */
  command: string;
  confidence: number;
}

/**
 * Bands as the original design: run / confirm / choose among the top 3 / none. `none`
 * wins outright when the none class is likelier than every route.
 */
export function rank(model: ModelData, prediction: Prediction, thresholds: Thresholds): Ranking {
  const scored = model.classes.map((command, at) => ({ command, confidence: prediction.probabilities[at]! }));
  const none = scored.find((entry) => entry.command === NONE)?.confidence ?? 0;
  const ranked = scored.filter((entry) => entry.command !== NONE).sort((a, b) => b.confidence - a.confidence);
  const top = ranked[0];
  const band = bandOf(top?.confidence ?? 0, none, thresholds);
  if (band === 'none') return { ranked, none, band, command: NONE, confidence: Math.max(none, 1 - (top?.confidence ?? 0)) };
  return { ranked, none, band, command: top!.command, confidence: top!.confidence };
}

export function bandOf(top: number, none: number, thresholds: Thresholds): Band {
  if (none >= top || top < thresholds.choose) return 'none';
  if (top >= thresholds.run) return 'run';
  if (top >= thresholds.confirm) return 'confirm';
  return 'choose';
}

/** The words of the request that pushed the chosen command up the most, as typed. */
export function why(model: ModelData, prediction: Prediction, command: string, text: string): string[] {
  const typed = new Map(words(text).map((word) => [word.stem, word.raw]));
  return reasons(model, prediction, command).map((feature) =>
    feature
      .split(' ')
      .map((stem) => typed.get(stem) ?? stem)
      .join(' '),
  );
}
