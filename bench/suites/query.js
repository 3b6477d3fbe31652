// `loom query` ranking (issue 17): recall@1, recall@5 and MRR of `loom query eval` on
// 1. the query-dev set (16 questions on zod; /work/shared/data/query-dev or BENCH_QUERY_DEV), over
//    zod's source as the installed zod package ships it (src/ copied to packages/zod/src, the
//    layout the set's paths use), and
// 2. bench/data/query/gyp-questions.jsonl (20 questions, Python), over gyp as node-gyp ships it —
//    questions written before any tuning;
// 3. bench/data/query/express-questions.jsonl when BENCH_QUERY_EXPRESS names an Express checkout
//    (the npm package has no tests or examples, which some questions are about).
// Then `loom query --dry-run` time (warm cache, median of the questions), and beside it the
// CLI named by BENCH_QUERY_BEFORE (another build's bin/run.js, e.g. main's) on its own copy.
// BENCH_QUERY_FIT=1 instead fits the ranking's weights on the dev set (see fit below).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'apps/cli/bin/run.js');
const data = join(repo, 'bench/data/query');
const DEV = process.env.BENCH_QUERY_DEV ?? '/work/shared/data/query-dev/zod-questions.jsonl';
const TIMED = Number(process.env.BENCH_QUERY_TIMED ?? 8);
const installed = (name) => realpathSync(join(repo, 'bench/node_modules', name));

/** Each corpus copied to a temp folder (node_modules is never walked), twice when a before-CLI is timed too. */
function corpora(root) {
  const sets = [];
  const zod = join(root, 'zod');
  cpSync(join(installed('zod'), 'src'), join(zod, 'packages/zod/src'), { recursive: true });
  sets.push({ name: `zod ${JSON.parse(readFileSync(join(installed('zod'), 'package.json'), 'utf8')).version} (dev set)`, dir: zod, questions: DEV });
  const gyp = join(root, 'gyp');
  cpSync(join(installed('node-gyp'), 'gyp'), gyp, { recursive: true });
  sets.push({ name: 'gyp, Python (node-gyp/gyp)', dir: gyp, questions: join(data, 'gyp-questions.jsonl') });
  if (process.env.BENCH_QUERY_EXPRESS) {
    const express = join(root, 'express');
    cpSync(process.env.BENCH_QUERY_EXPRESS, express, { recursive: true, filter: (path) => !/\/(?:node_modules|\.git)$/.test(path) });
    sets.push({ name: 'express (own set)', dir: express, questions: join(data, 'express-questions.jsonl') });
  }
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
  if (process.env.BENCH_QUERY_FIT) return (await import('./query-fit.js')).fit(DEV, repo);
  const root = mkdtempSync(join(tmpdir(), 'loom-bench-query-'));
  try {
    const sets = corpora(root);
    const before = process.env.BENCH_QUERY_BEFORE;
    if (before && !existsSync(before)) throw new Error(`BENCH_QUERY_BEFORE: no ${before}`);
    const results = [];
    for (const set of sets) {
      const home = join(root, `home-${results.length}`);
      mkdirSync(home, { recursive: true });
      results.push({ ...measure(set, home), time: timing(set, home, before) });
    }
    console.log('\ngoal (held-out set): recall@5 ≥ 0.95, MRR ≥ 0.80 (bar 0.90 / 0.70)');
    return { results };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
