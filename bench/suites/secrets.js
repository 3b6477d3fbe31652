// The secret scanner of @loomkit/plugin-security: quality on secrets-dev (secretlint and gitleaks
// fixtures) and speed on a large real corpus (the installed node_modules) beside secretlint with
// its recommended preset, in the same run and over the same files.
// Goals (issue): precision and recall ≥ 0.95; ≥ 50 MB/s and several times faster than secretlint.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { median } from './stats.js';

// secretlint's core marks every rule run with performance.mark and its profiler keeps every mark
// and searches them linearly for each new one: quadratic in the files linted by one process (over
// 20 000 files it runs for minutes after the last lint). We take the profiler instance core uses
// and empty it (and the performance timeline) every 100 files, outside the timed calls.
const { secretLintProfiler } = await import(createRequire(import.meta.resolve('@secretlint/core')).resolve('@secretlint/profiler'));
const PROFILER_FLUSH_EVERY = 100;

const repo = fileURLToPath(new URL('../../', import.meta.url));
const DATASET = process.env.BENCH_SECRETS_DATASET ?? join(repo, 'plugins/security/test/__fixtures__/secrets-dev/secrets-dev.jsonl');
const CORPUS = process.env.BENCH_SECRETS_CORPUS ?? join(repo, 'node_modules/.pnpm');
const MAX_BYTES = Number(process.env.BENCH_SECRETS_MB ?? 150) * 1e6;
const MAX_FILES = Number(process.env.BENCH_SECRETS_FILES ?? 20_000);
const MAX_FILE_BYTES = 5e6;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// secretlint over the whole corpus by default; BENCH_SECRETLINT_MB=n takes a deterministic sample
// (every k-th file) of about n MB instead, and the ratio is then taken on that sample.
const SECRETLINT_MB = Number(process.env.BENCH_SECRETLINT_MB ?? 0);

const mb = (bytes) => bytes / 1e6;
const rate = (bytes, ms) => mb(bytes) / (ms / 1000);
const pct = (value) => value.toFixed(4);

/** Text files under `root`, depth first in sorted order, capped in bytes and count (symlinks are not followed). */
function collect(root, { isBinaryPath, isBinaryContent }) {
  const files = [];
  let bytes = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (bytes >= MAX_BYTES || files.length >= MAX_FILES) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !isBinaryPath(path)) {
        const size = statSync(path).size;
        if (size === 0 || size > MAX_FILE_BYTES) continue;
        const buffer = readFileSync(path);
        if (isBinaryContent(buffer)) continue;
        files.push({ path, file: relative(root, path), text: buffer.toString('utf8'), bytes: buffer.length });
        bytes += buffer.length;
      }
    }
  };
  walk(root);
  return { files, bytes };
}

const countBy = (items, key) => {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
};

function quality(secrets) {
  if (!existsSync(DATASET)) {
    console.log(`\nsecrets: quality skipped (no dataset at ${DATASET})`);
    return undefined;
  }
  const cases = secrets.parseCases(readFileSync(DATASET, 'utf8'));
  const scanner = secrets.createSecretScanner();
  const protocols = {
    'all labelled cases': { scope: 'all' },
    'credential rules': { scope: 'credentials' },
    'credential rules, conflicts dropped': { scope: 'credentials', dropConflicts: true },
  };
  console.log(`\nsecrets: DEVELOPMENT figures on ${relative(repo, DATASET)} (${cases.length} cases; the rules were written against it, so this is not a held-out measure)`);
  console.log('a positive counts as found only when a finding overlaps its marked span; positives with no span are shown apart ("unmarked": any finding in the text, location unchecked)');
  console.log(`${'protocol'.padEnd(38)}${'pos'.padStart(5)}${'neg'.padStart(5)}${'TP'.padStart(5)}${'FP'.padStart(4)}${'precision'.padStart(11)}${'recall'.padStart(9)}${'F1'.padStart(9)}${'FP rate'.padStart(9)}${'unmarked found'.padStart(16)}`);
  const results = {};
  for (const [name, options] of Object.entries(protocols)) {
    const e = secrets.evaluate(scanner, cases, options);
    const unmarked = `${e.unmarked.withFindings}/${e.unmarked.positives}`;
    console.log(`${name.padEnd(38)}${String(e.positives).padStart(5)}${String(e.negatives).padStart(5)}${String(e.truePositives).padStart(5)}${String(e.falsePositives).padStart(4)}${pct(e.precision).padStart(11)}${pct(e.recall).padStart(9)}${pct(e.f1).padStart(9)}${pct(e.falsePositives / e.negatives).padStart(9)}${unmarked.padStart(16)}`);
    results[name] = {
      ...options,
      positives: e.positives,
      negatives: e.negatives,
      truePositives: e.truePositives,
      falsePositives: e.falsePositives,
      precision: e.precision,
      recall: e.recall,
      f1: e.f1,
      falseAlarmRate: e.falsePositives / e.negatives,
      unmarked: e.unmarked,
      misses: e.misses.map(({ index, rule }) => ({ index, rule })),
      falseAlarms: e.falseAlarms.map(({ index, rule, findings }) => ({ index, rule, findings })),
    };
  }
  console.log(`out of scope (secretlint engine fixtures and non-credential policies): ${Object.keys(secrets.OUT_OF_SCOPE_RULES).join(', ')}`);
  const main = results['credential rules'];
  const met = main.precision >= 0.95 && main.recall >= 0.95;
  console.log(`development goal: precision and span-checked recall ≥ 0.95 (credential rules) → ${pct(main.precision)} / ${pct(main.recall)} ${met ? '(met)' : '(NOT met)'}; no held-out figure: that needs data not used while writing the rules`);
  return { dataset: relative(repo, DATASET), figure: 'development', cases: cases.length, protocols: results, goalMet: met };
}

async function flushSecretlintProfiler() {
  await new Promise((resolve) => setImmediate(resolve));
  await secretLintProfiler.getMeasures();
  secretLintProfiler.entries.length = 0;
  secretLintProfiler.measures.length = 0;
  performance.clearMarks();
  performance.clearMeasures();
}

/** secretlint's recommended preset over `files`: `ms` times the lintSource calls only; `wallMs` adds its profiler's bookkeeping. */
async function secretlintOver(files) {
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }] };
  const messages = [];
  let ms = 0;
  const wallStarted = process.hrtime.bigint();
  for (let index = 0; index < files.length; index++) {
    const { path, text } = files[index];
    const started = process.hrtime.bigint();
    const result = await lintSource({ source: { filePath: path, content: text, ext: extname(path), contentType: 'text' }, options: { config, maskSecrets: true } });
    ms += Number(process.hrtime.bigint() - started) / 1e6;
    messages.push(...result.messages);
    if (index % PROFILER_FLUSH_EVERY === PROFILER_FLUSH_EVERY - 1) await flushSecretlintProfiler();
  }
  await flushSecretlintProfiler();
  return { ms, wallMs: Number(process.hrtime.bigint() - wallStarted) / 1e6, messages };
}

/** scanFile over `files`, `concurrency` at a time, as a scan command would. */
async function streamOver(scanner, files, concurrency) {
  let next = 0;
  let findings = 0;
  const worker = async () => {
    while (next < files.length) {
      const { path, file } = files[next++];
      const found = await scanner.scanFile(path, { file });
      findings += found.length;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, findings };
}

function oursOver(scanner, files) {
  const findings = [];
  const started = process.hrtime.bigint();
  for (const { file, text } of files) findings.push(...scanner.scanText(text, { file }));
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, findings };
}

async function speed(secrets) {
  const loading = process.hrtime.bigint();
  const { files, bytes } = collect(CORPUS, secrets);
  const loadMs = Number(process.hrtime.bigint() - loading) / 1e6;
  console.log(`\nsecrets: speed on ${relative(repo, CORPUS)} — ${files.length} text files, ${mb(bytes).toFixed(1)} MB (read in ${(loadMs / 1000).toFixed(1)} s, not timed)`);
  const scanner = secrets.createSecretScanner();

  // Warm both up on the first megabyte or so, so neither pays for its JIT in the timed runs.
  const warm = [];
  for (let i = 0, size = 0; i < files.length && size < 1e6; i++) {
    warm.push(files[i]);
    size += files[i].bytes;
  }
  oursOver(scanner, warm);
  await secretlintOver(warm);

  // secretlint over the whole corpus, or a deterministic sample if asked.
  const step = SECRETLINT_MB > 0 ? Math.max(1, Math.ceil(bytes / (SECRETLINT_MB * 1e6))) : 1;
  const sample = files.filter((_, index) => index % step === 0);
  const sampleBytes = sample.reduce((sum, file) => sum + file.bytes, 0);

  // Interleaved rounds, so that load from elsewhere on the machine hits both alike.
  const oursSamples = [];
  const oursSampleSamples = [];
  const theirSamples = [];
  const theirWallSamples = [];
  let findings = [];
  let messages = [];
  for (let round = 0; round < RUNS; round++) {
    const result = oursOver(scanner, files);
    oursSamples.push(result.ms);
    findings = result.findings;
    if (step > 1) oursSampleSamples.push(oursOver(scanner, sample).ms);
    const theirs = await secretlintOver(sample);
    theirSamples.push(theirs.ms);
    theirWallSamples.push(theirs.wallMs);
    messages = theirs.messages;
  }
  const oursMs = median(oursSamples);
  const ours = { runs: RUNS, medianMs: oursMs, samplesMs: oursSamples, mbPerSecond: rate(bytes, oursMs), findings: findings.length, byRule: countBy(findings, (f) => f.ruleId) };

  // Streaming from disk (the files are in the page cache by now), 8 files in flight.
  const streamed = await streamOver(scanner, files, 8);
  const streamMs = streamed.ms;
  const streaming = { concurrency: 8, ms: streamMs, mbPerSecond: rate(bytes, streamMs), findings: streamed.findings };

  const theirMs = median(theirSamples);
  const theirWallMs = median(theirWallSamples);
  const secretlint = {
    runs: RUNS,
    files: sample.length,
    bytes: sampleBytes,
    sample: step > 1 ? `every ${step}th file` : 'whole corpus',
    medianMs: theirMs,
    samplesMs: theirSamples,
    mbPerSecond: rate(sampleBytes, theirMs),
    wallMs: theirWallMs,
    wallMbPerSecond: rate(sampleBytes, theirWallMs),
    findings: messages.length,
    byRule: countBy(messages, (m) => m.ruleId.replace('@secretlint/secretlint-rule-', '')),
  };
  // The ratio is against secretlint's lint calls alone (its profiler's extra cost left out).
  const oursOnSampleMs = step > 1 ? median(oursSampleSamples) : oursMs;
  const ratio = rate(sampleBytes, oursOnSampleMs) / secretlint.mbPerSecond;

  console.log(`${'scanner'.padEnd(34)}${'MB'.padStart(8)}${'time'.padStart(10)}${'MB/s'.padStart(9)}${'findings'.padStart(10)}`);
  console.log(`${`loom (scanText, median of ${RUNS})`.padEnd(34)}${mb(bytes).toFixed(1).padStart(8)}${(oursMs / 1000).toFixed(2).padStart(9)}s${ours.mbPerSecond.toFixed(1).padStart(9)}${String(ours.findings).padStart(10)}`);
  console.log(`${'loom (scanFile from disk, 1 run)'.padEnd(34)}${mb(bytes).toFixed(1).padStart(8)}${(streamMs / 1000).toFixed(2).padStart(9)}s${streaming.mbPerSecond.toFixed(1).padStart(9)}${String(streaming.findings).padStart(10)}`);
  console.log(`${`secretlint recommend (median of ${RUNS})`.padEnd(34)}${mb(sampleBytes).toFixed(1).padStart(8)}${(theirMs / 1000).toFixed(2).padStart(9)}s${secretlint.mbPerSecond.toFixed(1).padStart(9)}${String(secretlint.findings).padStart(10)}`);
  console.log(`${'  … with its profiler bookkeeping'.padEnd(34)}${mb(sampleBytes).toFixed(1).padStart(8)}${(theirWallMs / 1000).toFixed(2).padStart(9)}s${secretlint.wallMbPerSecond.toFixed(1).padStart(9)}`);
  console.log(`loom findings by rule: ${JSON.stringify(ours.byRule)}`);
  console.log(`secretlint findings by rule: ${JSON.stringify(secretlint.byRule)}`);
  const fast = ours.mbPerSecond >= 50;
  const faster = ratio >= 3;
  console.log(`goal: ≥ 50 MB/s → ${ours.mbPerSecond.toFixed(1)} MB/s ${fast ? '(met)' : '(NOT met)'}; several times secretlint → ${ratio.toFixed(1)}× its lint calls, ${(rate(sampleBytes, oursOnSampleMs) / secretlint.wallMbPerSecond).toFixed(1)}× with its profiler ${faster ? '(met)' : '(NOT met)'}`);
  return { corpus: { root: relative(repo, CORPUS), files: files.length, bytes }, ours, streaming, secretlint, ratio, ratioWithProfiler: rate(sampleBytes, oursOnSampleMs) / secretlint.wallMbPerSecond, goalMet: fast && faster };
}

export async function run() {
  const secrets = await import(new URL('../../plugins/security/dist/secrets/index.js', import.meta.url).href);
  const q = quality(secrets);
  const s = await speed(secrets);
  return { quality: q, speed: s };
}
