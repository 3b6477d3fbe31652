import { NONE, reasons, type ModelData, type Prediction } from '../model/index.js';
import type { Band, Scored, Thresholds } from '../types.js';

/** How many of the likeliest routes a ranking keeps: the choice and its alternatives. */
const KEPT = 4;

export interface Ranking {
  /** The likeliest routes (up to 4), most likely first; `none` is not among them. */
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
  // One pass keeping the top few: routing ranks 100 classes per request, and sorting
  // them all (an object each) is most of what a request would allocate.
  const ranked: Scored[] = [];
  let none = 0;
  for (let at = 0; at < model.classes.length; at++) {
    const command = model.classes[at]!;
    const confidence = prediction.probabilities[at]!;
    if (command === NONE) {
      none = confidence;
      continue;
    }
    if (ranked.length === KEPT) {
      if (confidence <= ranked[KEPT - 1]!.confidence) continue;
      ranked.pop();
    }
    let place = ranked.length;
    while (place > 0 && ranked[place - 1]!.confidence < confidence) place--;
    ranked.splice(place, 0, { command, confidence });
  }
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
export function why(model: ModelData, prediction: Prediction, command: string): string[] {
  const typed = new Map(prediction.words.map((word) => [word.stem, word.raw]));
  return reasons(model, prediction, command).map((feature) =>
    feature
      .split(' ')
      .map((stem) => typed.get(stem) ?? stem)
      .join(' '),
  );
}
