import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModel, MODEL_URL } from '../src/injection/index.js';
import { buildSplits, DEFAULT_SEED, isDevExample } from '../scripts/training/dataset.js';
import { evaluateSplit } from '../scripts/training/evaluate.js';

// The dev data is copied into the fixtures (its licence allows it), so this runs on every clone.
const DEV_DIR = process.env.INJECTION_DEV_DIR ?? fileURLToPath(new URL('./__fixtures__/injection-dev/', import.meta.url));
const recorded = (JSON.parse(readFileSync(MODEL_URL, 'utf8')) as { training: { test: { all: { tpr: number; fpr: number } } } }).training.test;

// The test split has been printed by every training run, so it was watched while the model was
// developed: these are regression gates on a second validation split, not held-out figures.
describe('injection: test-split evaluation (same split procedure as the training script; watched, not held out)', () => {
  const splits = buildSplits(DEV_DIR, DEFAULT_SEED);
  const model = loadModel();
  const result = evaluateSplit(model, splits.test, model.threshold, model.suspicious);

  it('splits by source row: no text of the test split was trained on', () => {
    const train = new Set(splits.train.map((e) => e.text));
    expect(splits.test.some((e) => train.has(e.text))).toBe(false);
    expect(splits.test.filter(isDevExample).length).toBeGreaterThan(200);
  });

  it('reaches TPR ≥ 85% at the shipped threshold with FPR ≤ 5% (all test-split examples)', () => {
    expect(result.all.positives).toBeGreaterThan(150);
    expect(result.all.negatives).toBeGreaterThan(250);
    expect(result.all.tpr).toBeGreaterThanOrEqual(0.85);
    expect(result.all.fpr).toBeLessThanOrEqual(0.05);
    expect(result.all.auc).toBeGreaterThanOrEqual(0.95);
    // The script recorded the same numbers when it made the model.
    expect(result.all.tpr).toBeCloseTo(recorded.all.tpr, 3);
    expect(result.all.fpr).toBeCloseTo(recorded.all.fpr, 3);
  });

  it('reaches TPR ≥ 85% at the shipped threshold with FPR ≤ 5% on the dev-data examples alone', () => {
    expect(result.dev.tpr).toBeGreaterThanOrEqual(0.85);
    expect(result.dev.fpr).toBeLessThanOrEqual(0.05);
    expect(result.dev.tprAt5Fpr).toBeGreaterThanOrEqual(0.85);
    expect(result.dev.auc).toBeGreaterThanOrEqual(0.95);
  });
});
