// Prompt-injection detector (issue: injection guard). Three numbers: on the test split the
// training script sets aside (same procedure, same seed), TPR and FPR at the shipped threshold and
// at the 5%-FPR threshold fixed on the validation split, and ROC AUC. That test split has been
// printed by every training run, so it was watched during development: its figures are a second
// validation, not a held-out measure (issue 18); scoring time per KB on real files (the markdown under
// node_modules/.pnpm: READMEs, changelogs, docs); and the false-positive rate on that benign
// corpus. Goal (issue 10): TPR ≥ 90% at 5% FPR, under 1 ms per KB. Needs the built plugin
// (pnpm build) and, for the held-out part, the training code compiled outside the package
// (`pnpm --filter @loomkit/plugin-security exec tsc -p scripts/tsconfig.json`).
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const dist = new URL('../../plugins/security/dist/injection/', import.meta.url);
// The trainer and its splits are not shipped: scripts/tsconfig.json compiles them here.
const training = new URL('../../plugins/security/scripts/dist/scripts/training/', import.meta.url);
const devDir = process.env.INJECTION_DEV_DIR ?? fileURLToPath(new URL('../../plugins/security/test/__fixtures__/injection-dev/', import.meta.url));
const corpusRoot = fileURLToPath(new URL('../../node_modules/.pnpm/', import.meta.url));
const ROUNDS = Number(process.env.BENCH_RUNS ?? 5);
const MAX_FILE = 1_000_000;

function markdownFiles(root) {
  const found = new Set();
  const walk = (dir, depth) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < 6 && entry.name !== '.bin') walk(path, depth + 1);
      else if (entry.isFile() && /\.(md|markdown)$/i.test(entry.name)) found.add(realpathSync(path));
    }
  };
  walk(root, 0);
  return [...found].sort().filter((path) => statSync(path).size <= MAX_FILE);
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;

export async function run() {
  const { createInjectionGuard, loadModel } = await import(new URL('index.js', dist).href);
  const guard = createInjectionGuard();
  const result = { threshold: guard.threshold };

  console.log('\ninjection (prompt-injection detector)');
  if (existsSync(devDir) && existsSync(fileURLToPath(training))) {
    const { buildSplits, DEFAULT_SEED } = await import(new URL('dataset.js', training).href);
    const { evaluateSplit } = await import(new URL('evaluate.js', training).href);
    const { rates, thresholdForFpr } = await import(new URL('metrics.js', training).href);
    const model = loadModel();
    const splits = buildSplits(devDir, DEFAULT_SEED);
    const labelled = (examples, scores, label) => scores.filter((_, i) => examples[i].label === label);
    // The 5%-FPR threshold is fixed on validation negatives, then applied once to the test split.
    const validation = evaluateSplit(model, splits.validation, model.threshold, model.suspicious);
    const at5 = thresholdForFpr(labelled(splits.validation, validation.scores, 0), 0.05);
    const test = evaluateSplit(model, splits.test, model.threshold, model.suspicious);
    const test5 = rates(labelled(splits.test, test.scores, 1), labelled(splits.test, test.scores, 0), at5);
    const { scores: _scores, ...watched } = test;
    result.testSplit = { note: 'printed by every training run: a second validation, not held out', ...watched, validationFixed5FprThreshold: at5, atValidation5Fpr: test5 };
    console.log('test split (printed by every training run, so watched: a second validation figure, not a held-out one)');
    for (const [name, e] of [['test split (all)', test.all], ['test split (dev data)', test.dev]]) {
      console.log(`${name.padEnd(22)}${String(e.positives).padStart(4)} pos ${String(e.negatives).padStart(4)} neg  AUC ${e.auc.toFixed(4)}  at shipped threshold ${model.threshold.toFixed(3)}: TPR ${pct(e.tpr)} FPR ${pct(e.fpr)}`);
    }
    console.log(`at the 5%-FPR threshold fixed on validation (${at5.toFixed(3)}): TPR ${pct(test5.tpr)} FPR ${pct(test5.fpr)}`);
    console.log(`goal: TPR ≥ 90% at 5% FPR (threshold from validation) → ${pct(test5.tpr)} at FPR ${pct(test5.fpr)} ${test5.tpr >= 0.9 && test5.fpr <= 0.05 ? '(met on the watched split)' : '(NOT met)'}`);
  } else {
    console.log(`test split: skipped, no dev data at ${devDir} or no compiled training code at ${fileURLToPath(training)}`);
  }

  const files = markdownFiles(corpusRoot);
  const texts = files.map((path) => readFileSync(path, 'utf8'));
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  for (const text of texts.slice(0, 50)) guard.score(text); // warm up
  const seconds = [];
  let verdicts = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    verdicts = texts.map((text) => guard.score(text));
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  const flagged = verdicts.map((v, i) => [v, files[i]]).filter(([v]) => v.verdict === 'injection');
  const suspicious = verdicts.filter((v) => v.verdict === 'suspicious').length;
  const mbPerSecond = bytes / 1e6 / median(seconds);
  result.corpus = {
    files: texts.length,
    megabytes: bytes / 1e6,
    mbPerSecond,
    msPer10KB: (median(seconds) * 1000) / (bytes / 10_240),
    msPerKB: (median(seconds) * 1000) / (bytes / 1024),
    falsePositiveRate: flagged.length / texts.length,
    suspiciousRate: suspicious / texts.length,
    flagged: flagged.map(([v, path]) => ({ file: path.slice(corpusRoot.length), score: v.score, reasons: [...new Set(v.spans.map((s) => s.reason))] })),
    seconds,
  };
  console.log(`benign corpus: ${texts.length} markdown files from node_modules/.pnpm, ${(bytes / 1e6).toFixed(1)} MB`);
  console.log(`throughput ${mbPerSecond.toFixed(1)} MB/s (median of ${ROUNDS}), ${result.corpus.msPerKB.toFixed(3)} ms per KB (goal < 1)`);
  console.log(`false positives (verdict injection) ${flagged.length} = ${pct(result.corpus.falsePositiveRate)}; suspicious ${suspicious} = ${pct(result.corpus.suspiciousRate)}`);
  return result;
}
