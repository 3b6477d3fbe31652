/** Scores examples the way the guard does, and summarises the result. */
import { scoreText } from '../../src/injection/guard.js';
import type { InjectionModel } from '../../src/injection/model.js';
import { isDevExample, type Example } from './dataset.js';
import { rates, rocAuc, tprAtFpr } from './metrics.js';

/** Final guard scores (smuggling rules included) of `examples`. */
export function scoreExamples(model: InjectionModel, examples: readonly Example[], threshold: number, lower: number): number[] {
  return examples.map((example) => scoreText(example.text, model, threshold, lower).score);
}

export interface Evaluation {
  positives: number;
  negatives: number;
  auc: number;
  /** The ROC point at ≤ 5% FPR, threshold chosen on these very negatives. */
  tprAt5Fpr: number;
  /** At the shipped threshold. */
  tpr: number;
  fpr: number;
}

export function summarize(examples: readonly Example[], scores: readonly number[], threshold: number): Evaluation {
  const positives = scores.filter((_, i) => examples[i]?.label === 1);
  const negatives = scores.filter((_, i) => examples[i]?.label === 0);
  const at = rates(positives, negatives, threshold);
  return { positives: positives.length, negatives: negatives.length, auc: rocAuc(positives, negatives), tprAt5Fpr: tprAtFpr(positives, negatives, 0.05).tpr, tpr: at.tpr, fpr: at.fpr };
}

/** Evaluation on all examples and on the dev-data ones only. */
export function evaluateSplit(model: InjectionModel, examples: readonly Example[], threshold: number, lower: number): { all: Evaluation; dev: Evaluation; scores: number[] } {
  const scores = scoreExamples(model, examples, threshold, lower);
  const dev = examples.map(isDevExample);
  return {
    all: summarize(examples, scores, threshold),
    dev: summarize(
      examples.filter((_, i) => dev[i]),
      scores.filter((_, i) => dev[i]),
      threshold,
    ),
    scores,
  };
}
