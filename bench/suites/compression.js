// What `query mega` compression costs (issue 18, item 1): for mega-query.compressBelow 0.3 … 0.9,
// the tokens saved against sending every file whole, beside the share of the files that answer
// a question still sent whole, on the query-dev set (zod) and on the gyp set (Python, written
// before any tuning), which choose the default; the fastify set (held out for ranking) is shown
// beside them as a check and takes no part in the choice. Both through `loom query eval --compress`, which ranks each question as
// `query mega` does. Token counts are Loom's estimates, not counted by the API.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'apps/cli/bin/run.js');
const DEV = process.env.BENCH_QUERY_DEV ?? '/work/shared/data/query-dev/zod-questions.jsonl';
const FRACTIONS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const installed = (name) => realpathSync(join(repo, 'bench/node_modules', name));
const versionOf = (name) => JSON.parse(readFileSync(join(installed(name), 'package.json'), 'utf8')).version;
const defaultCompressBelow = () => {
  const schema = readFileSync(join(repo, 'plugins/mega-query/src/schema.ts'), 'utf8');
  return Number(/compressBelow: z\.number\(\)[^\n]*\.default\(([\d.]+)\)/.exec(schema)?.[1]);
};

function curve(name, dir, questions, home) {
  const env = { ...process.env, ANTHROPIC_API_KEY: '', LOOM_CONFIG_DIR: join(home, 'config'), LOOM_DATA_DIR: join(home, 'data'), LOOM_CACHE_DIR: join(home, 'cache') };
  const result = spawnSync(process.execPath, [bin, 'query', 'eval', questions, '--compress', FRACTIONS.join(','), '--json'], { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`loom query eval exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  const outcome = JSON.parse(result.stdout);
  console.log(`\n${name}: ${outcome.questions} questions${outcome.missing.length ? ` (gold not in this version: ${outcome.missing.join(', ')})` : ''}`);
  console.log('  compressBelow   tokens saved   gold files kept whole   questions with all gold kept');
  const pct = (value) => `${(value * 100).toFixed(1)}%`;
  for (const point of outcome.curve) console.log(`  ${point.compressBelow.toFixed(2).padStart(13)}   ${pct(point.tokensSaved).padStart(12)}   ${pct(point.goldKept).padStart(21)}   ${pct(point.questionsAllKept).padStart(28)}`);
  return { name, questions: outcome.questions, missing: outcome.missing, curve: outcome.curve };
}

export async function run() {
  const root = mkdtempSync(join(tmpdir(), 'loom-bench-compress-'));
  try {
    const zod = join(root, 'zod');
    cpSync(join(installed('zod'), 'src'), join(zod, 'packages/zod/src'), { recursive: true });
    const gyp = join(root, 'gyp');
    cpSync(join(installed('node-gyp'), 'gyp'), gyp, { recursive: true });
    const fastify = join(root, 'fastify');
    cpSync(installed('fastify'), fastify, { recursive: true, filter: (path) => !path.endsWith('/node_modules') });
    const sets = [
      curve(`zod ${versionOf('zod')} (query-dev)`, zod, DEV, join(root, 'home-zod')),
      curve('gyp, Python (node-gyp/gyp; own set)', gyp, join(repo, 'bench/data/query/gyp-questions.jsonl'), join(root, 'home-gyp')),
    ];
    const check = curve(`fastify ${versionOf('fastify')} (check only)`, fastify, join(repo, 'bench/data/query/fastify-questions.jsonl'), join(root, 'home-fastify'));
    // The largest setting at which every set still sends every gold file whole.
    const safe = FRACTIONS.filter((fraction) => sets.every((set) => set.curve.find((point) => point.compressBelow === fraction).goldKept === 1)).at(-1);
    const chosen = defaultCompressBelow();
    console.log(`\nlargest compressBelow keeping every gold file whole on both sets: ${safe ?? 'none'}; shipped default: ${chosen}${chosen === safe ? '' : ' (differs)'}`);
    console.log("token counts are Loom's local estimates (about 3.5 characters a token), not counted by the API");
    const atChosen = check.curve.find((point) => point.compressBelow === chosen);
    if (atChosen) console.log(`check on fastify at ${chosen}: ${(atChosen.goldKept * 100).toFixed(1)}% of gold files kept whole, ${(atChosen.tokensSaved * 100).toFixed(1)}% tokens saved`);
    return { fractions: FRACTIONS, sets, check, largestSafe: safe, shippedDefault: chosen };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
