// `loom query` ranking (issue 17): recall@1, recall@5 and MRR of `loom query eval` on
// 1. the query-dev set (16 questions on zod; /work/shared/data/query-dev or BENCH_QUERY_DEV), over
//    zod's source as the installed zod package ships it (src/ copied to packages/zod/src, the
//    layout the set's paths use) — the only set the weights are fitted on;
// 2. held out, bench/data/query/fastify-questions.jsonl (24 questions, JavaScript), over fastify as
//    its npm package ships it (lib, tests, examples, docs) — written after the first fit, before
//    the second round of ranking changes, and never tuned on;
// 3. held out, bench/data/query/express-questions.jsonl (24, JavaScript), over express as its npm
//    package ships it (lib only: the 4 questions about tests and examples are left out and named);
//    BENCH_QUERY_EXPRESS=<checkout> runs all 24 on a full checkout instead — written before any tuning;
// 4. bench/data/query/gyp-questions.jsonl (20 questions, Python), over gyp as node-gyp ships it —
//    written before any tuning;
// 5. held out, bench/data/query/pino-questions.jsonl (24, JavaScript), over pino as its npm package
//    ships it (lib, test, test/fixtures, examples, docs; the version fastify depends on) — written
//    before the third round of ranking changes and never tuned on.
// Then `loom query --dry-run` time (warm cache, median of the questions), and beside it the
// CLI named by BENCH_QUERY_BEFORE (another build's bin/run.js, e.g. one from before issue 17) on its own copy.
// BENCH_QUERY_FIT=1 instead fits the ranking's weights on the dev set (see fit below).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'apps/cli/bin/run.js');
const data = join(repo, 'bench/data/query');
const DEV = process.env.BENCH_QUERY_DEV ?? '/work/shared/data/query-dev/zod-questions.jsonl';
const TIMED = Number(process.env.BENCH_QUERY_TIMED ?? 8);
const installed = (name) => realpathSync(join(repo, 'bench/node_modules', name));
const versionOf = (name) => JSON.parse(readFileSync(join(installed(name), 'package.json'), 'utf8')).version;
/** pino as fastify depends on it (its npm package ships tests, fixtures, examples and docs). */
const pinoDir = () => dirname(createRequire(join(installed('fastify'), 'package.json')).resolve('pino/package.json'));

/** The dev set's corpus: zod's source as the installed package ships it, in the layout the set's paths use. */
function devCorpus(root) {
  const zod = join(root, 'zod');
  cpSync(join(installed('zod'), 'src'), join(zod, 'packages/zod/src'), { recursive: true });
  return { name: `zod ${versionOf('zod')} (dev set)`, dir: zod, questions: withShippedPaths(DEV, zod, join(root, 'zod-questions.jsonl')) };
}

/** Each corpus copied to a temp folder (node_modules is never walked), twice when a before-CLI is timed too. */
function corpora(root) {
  const sets = [devCorpus(root)];
  const fastify = join(root, 'fastify');
  cpSync(installed('fastify'), fastify, { recursive: true, filter: (path) => !path.endsWith('/node_modules') });
  sets.push({ name: `fastify ${versionOf('fastify')} (held out)`, dir: fastify, questions: join(data, 'fastify-questions.jsonl') });
  const express = join(root, 'express');
  const checkout = process.env.BENCH_QUERY_EXPRESS;
  cpSync(checkout ?? installed('express'), express, { recursive: true, filter: (path) => !/\/(?:node_modules|\.git)$/.test(path) });
  const shipped = checkout ? join(data, 'express-questions.jsonl') : shippedOnly(join(data, 'express-questions.jsonl'), express, join(root, 'express-shipped.jsonl'));
  sets.push({ name: checkout ? 'express checkout (held out)' : `express ${versionOf('express')}, npm package (held out)`, dir: express, questions: shipped });
  const gyp = join(root, 'gyp');
  cpSync(join(installed('node-gyp'), 'gyp'), gyp, { recursive: true });
  sets.push({ name: 'gyp, Python (node-gyp/gyp)', dir: gyp, questions: join(data, 'gyp-questions.jsonl') });
  const pino = join(root, 'pino');
  cpSync(pinoDir(), pino, { recursive: true, filter: (path) => !path.endsWith('/node_modules') });
  const pinoVersion = JSON.parse(readFileSync(join(pino, 'package.json'), 'utf8')).version;
  sets.push({ name: `pino ${pinoVersion} (held out)`, dir: pino, questions: join(data, 'pino-questions.jsonl') });
  return sets;
}

function cli(binPath, args, cwd, home) {
  const env = { ...process.env, ANTHROPIC_API_KEY: '', LOOM_CONFIG_DIR: join(home, 'config'), LOOM_DATA_DIR: join(home, 'data'), LOOM_CACHE_DIR: join(home, 'cache') };
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [binPath, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`loom ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  return { ms, stdout: result.stdout };
}

const questionsOf = (file) => readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));

/**
 * The set's paths are from zod's default branch; where the shipped version keeps the same code
 * under another path, its path is added to the gold (and said). zod 4.6.7 declares `config()`
 * and `globalConfig` in core/core.ts; core/config.ts came later.
 */
const SHIPPED_AS = { 'packages/zod/src/v4/core/config.ts': 'packages/zod/src/v4/core/core.ts' };

function withShippedPaths(file, dir, out) {
  const questions = questionsOf(file).map((question) => {
    const moved = question.gold.filter((gold) => !existsSync(join(dir, gold)) && SHIPPED_AS[gold] && existsSync(join(dir, SHIPPED_AS[gold])));
    for (const gold of moved) console.log(`  ${gold} is ${SHIPPED_AS[gold]} in this version: "${question.q}"`);
    return { ...question, gold: [...question.gold, ...moved.map((gold) => SHIPPED_AS[gold])] };
  });
  writeFileSync(out, questions.map((question) => JSON.stringify(question)).join('\n') + '\n');
  return out;
}

/** The questions of `file` with a gold file in `dir` (a package ships no tests or examples), written to `out`; the others named. */
function shippedOnly(file, dir, out) {
  const questions = questionsOf(file);
  const kept = questions.filter((question) => question.gold.some((gold) => existsSync(join(dir, gold))));
  for (const question of questions.filter((one) => !kept.includes(one))) console.log(`  left out (gold not in the package): ${question.q}`);
  writeFileSync(out, kept.map((question) => JSON.stringify(question)).join('\n') + '\n');
  return out;
}

function measure(set, home) {
  const outcome = JSON.parse(cli(bin, ['query', 'eval', set.questions, '--json'], set.dir, home).stdout);
  console.log(`\n${set.name}: ${outcome.questions} questions — recall@1 ${outcome.recallAt1.toFixed(2)}  recall@5 ${outcome.recallAt5.toFixed(2)}  MRR ${outcome.mrr.toFixed(2)}`);
  for (const row of outcome.rows) console.log(`  ${String(row.rank ?? '—').padStart(3)}  ${row.q}${row.rank === 1 ? '' : `   (first: ${row.top[0] ?? 'none'})`}`);
  if (outcome.missing.length > 0) console.log(`  gold not in this version of the corpus: ${outcome.missing.join(', ')}`);
  return { name: set.name, recallAt1: outcome.recallAt1, recallAt5: outcome.recallAt5, mrr: outcome.mrr, ranks: outcome.rows.map((row) => row.rank), missing: outcome.missing };
}

/** `loom query --dry-run` per question, warm (one run first fills the cache), alternating CLIs. */
function timing(set, home, before) {
  const questions = questionsOf(set.questions).slice(0, TIMED);
  const clis = [{ name: 'after', bin, dir: set.dir, home }];
  if (before) {
    const dir = `${set.dir}-before`;
    cpSync(set.dir, dir, { recursive: true, filter: (path) => !path.endsWith('/.loom') });
    clis.push({ name: 'before', bin: before, dir, home: `${home}-before` });
  }
  const samples = Object.fromEntries(clis.map((one) => [one.name, []]));
  for (const one of clis) cli(one.bin, ['query', questions[0].q, '--dry-run', '--json'], one.dir, one.home);
  for (const question of questions) for (const one of clis) samples[one.name].push(cli(one.bin, ['query', question.q, '--dry-run', '--json'], one.dir, one.home).ms);
  const after = median(samples.after);
  const line = [`  loom query --dry-run, warm, median of ${questions.length}: ${(after / 1000).toFixed(2)} s`];
  if (before) line.push(`before ${(median(samples.before) / 1000).toFixed(2)} s → ${(after / median(samples.before)).toFixed(2)}× (goal ≤ 2×)`);
  console.log(line.join('; '));
  return { samples, afterMs: after, beforeMs: before ? median(samples.before) : undefined };
}

export async function run() {
  const root = mkdtempSync(join(tmpdir(), 'loom-bench-query-'));
  try {
    if (process.env.BENCH_QUERY_FIT) return await (await import('./query-fit.js')).fit(devCorpus(root), repo);
    const sets = corpora(root);
    const before = process.env.BENCH_QUERY_BEFORE;
    if (before && !existsSync(before)) throw new Error(`BENCH_QUERY_BEFORE: no ${before}`);
    const results = [];
    for (const set of sets) {
      const home = join(root, `home-${results.length}`);
      mkdirSync(home, { recursive: true });
      results.push({ ...measure(set, home), time: timing(set, home, before) });
    }
    console.log('\nset                                  recall@1  recall@5   MRR   time (after/before)');
    for (const result of results) {
      const ratio = result.time.beforeMs ? `${(result.time.afterMs / result.time.beforeMs).toFixed(2)}×` : 'no BENCH_QUERY_BEFORE';
      console.log(`${result.name.padEnd(37)} ${result.recallAt1.toFixed(2).padStart(8)}  ${result.recallAt5.toFixed(2).padStart(8)}  ${result.mrr.toFixed(2).padStart(5)}   ${ratio}`);
    }
    console.log('goal (held-out sets): recall@5 ≥ 0.95, MRR ≥ 0.80 (bar 0.90 / 0.70); time ≤ 2× before');
    return { results };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
