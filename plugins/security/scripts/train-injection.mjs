#!/usr/bin/env node
// Trains the prompt-injection classifier and writes data/injection-model.json.
//
//   pnpm --filter @loomkit/plugin-security train:injection [-- --data <dir>] [-- --check]
//
// Runs on scripts/dist (training/ and the src it imports, compiled by scripts/tsconfig.json; never shipped). Deterministic:
// the same data and code give the same file byte for byte; --check verifies that the committed
// file is what this script makes (exit 1 if not). Data: ../shared/data/injection-dev relative to
// the repository root, or --data / INJECTION_DEV_DIR.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { featureLayout } from './dist/src/injection/features.js';
import { encodeHashed, MODEL_FORMAT, parseModel } from './dist/src/injection/model.js';
import { buildSplits, DEFAULT_SEED, isDevExample } from './dist/scripts/training/dataset.js';
import { evaluateSplit } from './dist/scripts/training/evaluate.js';
import { thresholdForFpr } from './dist/scripts/training/metrics.js';
import { buildInstances, DEFAULT_TRAIN_OPTIONS, train } from './dist/scripts/training/trainer.js';

const log = (line = '') => process.stdout.write(`${line}\n`);
const THRESHOLD_FPR = 0.03;
const SUSPICIOUS_FPR = 0.1;
const { values } = parseArgs({ options: { data: { type: 'string' }, check: { type: 'boolean', default: false }, out: { type: 'string' } } });
const dataDir = values.data ?? process.env.INJECTION_DEV_DIR ?? fileURLToPath(new URL('../test/__fixtures__/injection-dev/', import.meta.url));
const outFile = values.out ?? fileURLToPath(new URL('../data/injection-model.json', import.meta.url));
if (!existsSync(dataDir)) {
  process.stderr.write(`error[INJECTION_DATA_MISSING]: no dev data at ${dataDir}\nhint: pass --data <dir> or set INJECTION_DEV_DIR\n`);
  process.exit(2);
}

const started = performance.now();
const splits = buildSplits(dataDir, DEFAULT_SEED);
const count = (examples) => `${examples.length} (${examples.filter((e) => e.label === 1).length} injections, ${examples.filter(isDevExample).length} from dev data)`;
log(`data ${dataDir}`);
log(`split by source row, seed ${DEFAULT_SEED}: train ${count(splits.train)} · validation ${count(splits.validation)} · test ${count(splits.test)}`);

const instances = buildInstances(splits.train);
log(`train windows ${instances.count}, bags ${instances.bags.length}`);
const weights = train(instances, DEFAULT_TRAIN_OPTIONS, log);

const round = (x, digits = 6) => Number(x.toFixed(digits));
const file = {
  format: MODEL_FORMAT,
  layout: featureLayout(),
  bias: round(weights.bias),
  dense: Array.from(weights.dense, (w) => round(w)),
  hashed: encodeHashed(weights.hashed),
  threshold: 0.5,
  suspicious: 0.5,
  windowPenalty: 0,
};
// Thresholds on the validation split, with the model exactly as shipped (rounded, quantised).
const model = parseModel(file);
const validation = evaluateSplit(model, splits.validation, 0.5, 0.5);
const validationNegatives = validation.scores.filter((_, i) => splits.validation[i].label === 0);
// 3% on validation, a margin under the 5% goal for text unlike the training data.
file.threshold = round(thresholdForFpr(validationNegatives, THRESHOLD_FPR));
file.suspicious = round(Math.min(file.threshold, thresholdForFpr(validationNegatives, SUSPICIOUS_FPR)));
model.threshold = file.threshold;
model.suspicious = file.suspicious;
const validationFinal = evaluateSplit(model, splits.validation, file.threshold, file.suspicious);
const test = evaluateSplit(model, splits.test, file.threshold, file.suspicious);
const summary = (e) => ({ positives: e.positives, negatives: e.negatives, auc: round(e.auc, 4), tprAt5Fpr: round(e.tprAt5Fpr, 4), tpr: round(e.tpr, 4), fpr: round(e.fpr, 4) });
file.training = {
  script: 'scripts/train-injection.mjs',
  data: 'injection-dev (deepset prompt-injections train split, Apache-2.0; microsoft/BIPIA code attacks and contexts, MIT) + src/injection/training/banks.ts',
  seed: DEFAULT_SEED,
  options: DEFAULT_TRAIN_OPTIONS,
  thresholdFpr: THRESHOLD_FPR,
  suspiciousFpr: SUSPICIOUS_FPR,
  windows: instances.count,
  validation: { all: summary(validationFinal.all), dev: summary(validationFinal.dev) },
  test: { all: summary(test.all), dev: summary(test.dev) },
};

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const row = (name, e) => log(`${name.padEnd(26)}${String(e.positives).padStart(5)}${String(e.negatives).padStart(6)}${e.auc.toFixed(4).padStart(8)}${pct(e.tprAt5Fpr).padStart(12)}${pct(e.tpr).padStart(10)}${pct(e.fpr).padStart(8)}`);
log();
log(`threshold ${file.threshold} (validation FPR ≤ ${THRESHOLD_FPR * 100}%), suspicious from ${file.suspicious} (≤ ${SUSPICIOUS_FPR * 100}%)`);
log(`${'split'.padEnd(26)}${'pos'.padStart(5)}${'neg'.padStart(6)}${'AUC'.padStart(8)}${'TPR@5%FPR'.padStart(12)}${'TPR@thr'.padStart(10)}${'FPR@thr'.padStart(8)}`);
row('validation (all)', validationFinal.all);
row('validation (dev data)', validationFinal.dev);
// Printed on every run since the model's first version: watched, so not a held-out figure.
row('test split, watched (all)', test.all);
row('test split, watched (dev)', test.dev);
log(`trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const json = `${JSON.stringify(file, null, 1)}\n`;
if (values.check) {
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  if (current !== json) {
    process.stderr.write(`error[INJECTION_MODEL_STALE]: ${outFile} differs from what the script makes\nhint: run pnpm --filter @loomkit/plugin-security train:injection and commit the result\n`);
    process.exit(1);
  }
  log(`${outFile} is up to date`);
} else {
  writeFileSync(outFile, json);
  log(`wrote ${outFile} (${(json.length / 1024).toFixed(0)} KB)`);
}
