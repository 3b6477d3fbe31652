// `loom query mega` (issues 5 and 15), five measures in one run:
// 0. The CLI's `query mega --dry-run`, cold and warm, beside repomix on the same corpus and on zod
//    (mega-vs-repomix.js): the rows of issue 15's table. Then `loom query <question> --dry-run` on
//    that corpus, warm. BENCH_MEGA_BEFORE=<another build's bin/run.js> runs that build beside both, outputs compared.
// 1. Scan speed, cold, beside repomix on the same corpus: every regular file under 8 KiB of the
//    installed node_modules/.pnpm (about 27,000 files, 40 MB: the size of the reference
//    repository), copied to a temp folder so both tools see exactly the same files. Each run is a
//    fresh process; runs alternate between the tools. Also the peak RSS of our scan.
// 2. Token reduction: the compressed map the chunks carry vs the full pack, on several corpora.
// 3. End to end against the loopback fake (1.5 s a call, BENCH_MEGA_LATENCY_MS): a generated 2,000-file repo, killed in the middle of
//    the map stage, then resumed: calls, peak concurrency, cache reads, cost vs the fake's usage.
// Goals: ≥ 4× faster than repomix cold; < 300 MiB peak; ≥ 40% fewer tokens; no chunk twice.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { billedUsd, createGeneratedRepo, startFakeClaude } from '@loomkit/testkit';
import { compare, printComparison, repomixVersion } from './mega-vs-repomix.js';
import { median } from './stats.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'apps/cli/bin/run.js');
const scanChild = fileURLToPath(new URL('./mega-scan-child.js', import.meta.url));
const repomixBin = join(repo, 'bench/node_modules/repomix/bin/repomix.cjs');
const SOURCE = process.env.BENCH_MEGA_SOURCE ?? join(repo, 'node_modules/.pnpm');
const FILE_BELOW = Number(process.env.BENCH_MEGA_FILE_BELOW ?? 8192);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const E2E_FILES = Number(process.env.BENCH_MEGA_E2E_FILES ?? 2000);
// BENCH_MEGA_PARTS=e2e (or cli,query,scan,tokens; repo = BENCH_MEGA_REPO's row alone) runs only those parts.
const PARTS = new Set((process.env.BENCH_MEGA_PARTS ?? 'cli,query,scan,tokens,e2e').split(','));
const ZOD = process.env.BENCH_MEGA_ZOD ?? join(repo, 'node_modules/.pnpm/zod@4.6.7/node_modules/zod');
// A git checkout of a real repository (the reference is babel/babel, 27.6k files): cloned
// to a temp folder and measured like the corpus, as the issue measured it (git's listing).
const REPO = process.env.BENCH_MEGA_REPO;
if (REPO && !existsSync(join(REPO, '.git'))) throw new Error(`BENCH_MEGA_REPO: ${REPO} is not a git checkout`);
// Another build's bin/run.js: timed beside this one (after an edit, and on questions), outputs compared.
const BEFORE = process.env.BENCH_MEGA_BEFORE;
if (BEFORE && !existsSync(BEFORE)) throw new Error(`BENCH_MEGA_BEFORE: no ${BEFORE}`);


/** Copies every regular file below FILE_BELOW bytes (symlinks not followed), keeping paths. */
function buildCorpus(source, target) {
  let files = 0;
  let bytes = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const size = lstatSync(path).size;
        if (size >= FILE_BELOW) continue;
        const to = join(target, relative(source, path));
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(path, to);
        files += 1;
        bytes += size;
      }
    }
  };
  walk(source);
  // Loom trusts no file stamp within 2 s of the run (git's racy-clean rule): a tree written just
  // now would make the first round's warm run read every file again. A user's repository was not
  // written in the last 2 s, so the corpus is left to settle first.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_500);
  return { files, bytes };
}

function timed(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  return { ms, stdout: result.stdout };
}

function scanSpeed(corpus, { files, bytes }) {
  const out = mkdtempSync(join(tmpdir(), 'loom-bench-repomix-'));
  console.log(`\nmega: Loom's scan stage alone, cold, beside repomix's whole default run (fresh process each run, ${RUNS} alternating runs)`);
  console.log("not like for like: Loom's scan (walk, secret and injection checks, token estimate) without tree-sitter, ranking or plan; the like-for-like rows are the query mega --dry-run ones above");
  console.log(`corpus: ${files} files, ${(bytes / 1e6).toFixed(1)} MB (every regular file < ${FILE_BELOW} B of ${relative(repo, SOURCE)})`);
  const samples = { loom: [], repomix: [], loomRss: [] };
  let scanned;
  for (let round = 0; round < RUNS; round++) {
    const loom = timed(process.execPath, [scanChild, corpus, 'scan']);
    scanned = JSON.parse(loom.stdout);
    samples.loom.push(loom.ms);
    samples.loomRss.push(scanned.maxRssMiB);
    // repomix's full default pipeline: walk, binary skip, secretlint check, token count, output.
    samples.repomix.push(timed(process.execPath, [repomixBin, corpus, '--no-default-patterns', '--quiet', '-o', join(out, 'pack.xml')], { cwd: out }).ms);
  }
  const loomMs = median(samples.loom);
  const repomixMs = median(samples.repomix);
  const ratio = repomixMs / loomMs;
  const rss = Math.max(...samples.loomRss);
  console.log(`loom scan     ${(loomMs / 1000).toFixed(2).padStart(7)} s   ${scanned.files} text files, ${scanned.skipped} skipped, ${scanned.tokens} tokens, peak RSS ${rss.toFixed(0)} MiB`);
  console.log(`repomix       ${(repomixMs / 1000).toFixed(2).padStart(7)} s`);
  console.log(`goal: ≥ 4× faster than repomix cold → ${ratio.toFixed(2)}× ${ratio >= 4 ? '(met)' : '(NOT met)'}; peak < 300 MiB → ${rss.toFixed(0)} MiB ${rss < 300 ? '(met)' : '(NOT met)'}`);
  rmSync(out, { recursive: true, force: true });
  return { samples, loomMs, repomixMs, ratio, peakRssMiB: rss };
}

/** The plan of a dry run: full pack vs the compressed map the chunks carry. */
function reduction(corpora) {
  console.log('\nmega: token reduction (compressed map vs full pack, loom query mega --dry-run)');
  const rows = corpora.map(({ name, dir }) => {
    const { plan, files, ms, maxRssMiB } = JSON.parse(timed(process.execPath, [scanChild, dir, 'mega']).stdout);
    const saved = 1 - plan.compressedTokens / plan.fullPackTokens;
    console.log(`${name.padEnd(34)} full ${String(plan.fullPackTokens).padStart(10)}  compressed ${String(plan.compressedTokens).padStart(10)}  ${(saved * 100).toFixed(1).padStart(5)}% fewer  (${plan.chunks} chunks, ${plan.files.signatures} files as signatures; whole dry run of ${files} files ${(ms / 1000).toFixed(1)} s, peak ${maxRssMiB.toFixed(0)} MiB)`);
    return { name, files, fullPackTokens: plan.fullPackTokens, compressedTokens: plan.compressedTokens, saved, chunks: plan.chunks, dryRunMs: ms, peakRssMiB: maxRssMiB };
  });
  const worst = Math.min(...rows.map((row) => row.saved));
  console.log(`goal: ≥ 40% fewer tokens on every corpus → worst ${(worst * 100).toFixed(1)}% ${worst >= 0.4 ? '(met)' : '(NOT met)'}`);
  return rows;
}

const userText = (body) =>
  body.messages
    .filter((message) => message.role === 'user')
    .map((message) => (typeof message.content === 'string' ? message.content : message.content.map((block) => block.text ?? '').join('')))
    .join('\n');
const headerRe = /^### (\S+) \(lines (\d+)[–-](\d+)\)/m;

/** A well-formed tool reply that cites the first file of the chunk it was sent. */
function reply(request) {
  const tool = request.tool_choice?.name ?? request.tools?.[0]?.name;
  const text = userText(request);
  const header = headerRe.exec(text);
  const citation = header ? { file: header[1], startLine: Number(header[2]), endLine: Math.min(Number(header[3]), Number(header[2]) + 5) } : undefined;
  const properties = request.tools?.find((candidate) => candidate.name === tool)?.input_schema?.properties ?? {};
  if ('answer' in properties) return { toolUse: { name: tool, input: { answer: 'see the citations', citations: citation ? [citation] : [] } } };
  const findings = citation ? [{ title: `look at ${citation.file}`, severity: 'low', category: 'review', detail: 'generated by the bench fake', citations: [citation] }] : [];
  return { toolUse: { name: tool, input: { summary: `summary of ${findings.length} finding(s)`, findings } } };
}

const isMapCall = (request) => request.path === '/v1/messages' && request.body !== undefined && headerRe.test(userText(request.body));
const chunkKey = (request) => createHash('sha256').update(userText(request.body)).digest('hex');

function runCli(args, { cwd, env }) {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data) => (stdout += data));
  child.stderr.on('data', (data) => (stderr += data));
  const done = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

async function endToEnd() {
  console.log(`\nmega: end to end against the loopback fake (generated ${E2E_FILES}-file repo, killed mid-map, then resumed)`);
  const generated = await createGeneratedRepo({ files: E2E_FILES, seed: 5, git: true });
  const home = mkdtempSync(join(tmpdir(), 'loom-bench-home-'));
  const fake = await startFakeClaude({ reply, minCacheTokens: 1024, faults: { latencyMs: Number(process.env.BENCH_MEGA_LATENCY_MS ?? 1500) } });
  const env = {
    ...process.env,
    ANTHROPIC_API_KEY: fake.apiKey,
    ANTHROPIC_BASE_URL: fake.url,
    LOOM_CONFIG_DIR: join(home, 'config'),
    LOOM_DATA_DIR: join(home, 'data'),
    LOOM_CACHE_DIR: join(home, 'cache'),
    // Tier-4 rate limits: the fake has none, and tier 1's 30k input tokens a minute would make this a 40-minute wait.
    LOOM_LLM__LIMITS__REQUESTS_PER_MINUTE: '4000',
    LOOM_LLM__LIMITS__INPUT_TOKENS_PER_MINUTE: '2000000',
    LOOM_LLM__LIMITS__OUTPUT_TOKENS_PER_MINUTE: '400000',
  };
  try {
    const first = runCli(['query', 'mega', '.', '--json'], { cwd: generated.root, env });
    // Kill once a third of the map calls have been answered (the plan is read from a dry run).
    const plan = JSON.parse((await runCli(['query', 'mega', '.', '--dry-run', '--json'], { cwd: generated.root, env }).done).stdout).plan;
    const killAt = Math.max(2, Math.floor(plan.calls.map / 3));
    while (fake.requests.filter((request) => isMapCall(request) && request.status === 200).length < killAt) {
      if (first.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill('SIGKILL');
    await first.done;
    const firstRun = fake.requests.filter(isMapCall);
    const answered = firstRun.filter((request) => request.status === 200).length;
    // The generated repo has no .loom/: its caches live in the user cache folder, one per repository.
    const [repoCache] = readdirSync(join(home, 'cache', 'mega-query'));
    const resultsDir = join(home, 'cache', 'mega-query', repoCache, 'results');
    const stored = readdirSync(resultsDir).filter((name) => name.endsWith('.json')).length;
    const peakFirst = fake.peakInFlight;
    fake.reset();

    const second = await runCli(['query', 'mega', '.', '--json'], { cwd: generated.root, env }).done;
    if (second.code !== 0) throw new Error(`resumed run exited ${second.code}: ${second.stderr.slice(0, 500)}`);
    const { analysis } = JSON.parse(second.stdout);
    const secondRun = fake.requests.filter(isMapCall);
    const distinct = new Set(secondRun.map(chunkKey)).size;
    // Resumed exactly: every stored chunk came from the store, and only the missing ones were sent, each once.
    const exact = analysis.stats.chunksFromCache === stored && secondRun.length === plan.chunks - stored && distinct === secondRun.length;
    const afterFirst = secondRun.slice(1);
    const withCacheRead = afterFirst.filter((request) => (request.usage?.cache_read_input_tokens ?? 0) > 0).length;
    // Priced from the raw table by testkit's own arithmetic, not Loom's costOf.
    const billed = billedUsd(fake.requests, createRequire(import.meta.url)('@loomkit/llm/data/models.json'));
    const stats = analysis.stats;
    console.log(`plan: ${plan.chunks} chunks, ${plan.calls.map} map + ${plan.calls.reduce} reduce calls, est. ${plan.inputTokens} input tokens`);
    console.log(`run 1 (killed): ${firstRun.length} map requests sent, ${answered} with a response started, ${stored} results stored before the kill, peak in flight ${peakFirst}`);
    console.log(`run 2 (resumed): ${stats.chunksFromCache}/${stats.chunks} chunks from run 1, ${secondRun.length} map requests, ${stats.calls} calls in all, peak in flight ${fake.peakInFlight}`);
    console.log(`cache reads on map calls after the first: ${withCacheRead}/${afterFirst.length}`);
    console.log(`cost: loom says $${stats.costUsd.toFixed(6)}, the fake's usage priced by the table $${billed.toFixed(6)}`);
    console.log(`goal: no chunk analysed twice → run 2 sent ${secondRun.length} = ${plan.chunks} chunks − ${stored} stored, ${distinct} distinct ${exact ? '(met)' : '(NOT met)'}; cost equal → ${Math.abs(billed - stats.costUsd) < 1e-9 ? '(met)' : '(NOT met)'}`);
    if (firstRun.length > stored) console.log(`(${firstRun.length - stored} calls were sent but not stored when the process died: in flight at the kill, so sent again)`);
    return {
      plan,
      answeredInRun1: answered,
      storedInRun1: stored,
      firstRunMapRequests: firstRun.length,
      secondRunMapRequests: secondRun.length,
      chunksFromCache: stats.chunksFromCache,
      resumedExactly: exact,
      calls: stats.calls,
      peakInFlight: { first: peakFirst, second: fake.peakInFlight },
      cacheReads: { withCacheRead, mapCallsAfterFirst: afterFirst.length },
      costUsd: stats.costUsd,
      billedUsd: billed,
      generatedRoot: generated.root,
    };
  } finally {
    await fake.close();
    await generated.cleanup();
    rmSync(home, { recursive: true, force: true });
  }
}

/** The first JavaScript file of the corpus (a stable choice), relative to it: the file the edited warm run changes. */
function firstFile(dir) {
  const find = (rel) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(rel, entry.name);
      if (entry.isFile() && entry.name.endsWith('.js')) return path;
      if (entry.isDirectory() && entry.name !== '.git') {
        const found = find(path);
        if (found) return found;
      }
    }
    return undefined;
  };
  return find('');
}

/** A clone of BENCH_MEGA_REPO in a temp folder (the edits land there), left to settle like the corpus. */
function cloneRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'loom-bench-repo-'));
  const cloned = spawnSync('git', ['clone', '--quiet', '--local', REPO, dir], { encoding: 'utf8' });
  if (cloned.status !== 0) throw new Error(`git clone ${REPO}: ${cloned.stderr}`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_500);
  const head = spawnSync('git', ['-C', dir, 'log', '-1', '--format=%h %cs'], { encoding: 'utf8' }).stdout.trim();
  return { dir, name: basename(REPO.replace(/\/+$/, '')), head };
}

/**
 * The issue-15 rows: `query mega --dry-run` cold and warm beside repomix, on the 27k-file corpus,
 * on zod, and on BENCH_MEGA_REPO when given (the bars are set on babel).
 */
function cliVsRepomix(corpus, built) {
  const checkout = REPO ? cloneRepo() : undefined;
  // BENCH_MEGA_PARTS=repo measures the checkout alone.
  const zod = PARTS.has('cli') ? mkdtempSync(join(tmpdir(), 'loom-bench-zod-')) : undefined;
  if (zod) cpSync(ZOD, zod, { recursive: true, dereference: true });
  console.log(`\nmega: loom query mega --dry-run vs repomix ${repomixVersion()} (fresh process each run, ${RUNS} alternating rounds; cold = empty cache)`);
  if (zod) console.log(`corpora: "node_modules" = every regular file < ${FILE_BELOW} B of ${relative(repo, SOURCE)} (${built.files} files); "zod" = ${relative(repo, ZOD)}, copied`);
  if (checkout) console.log(`"${checkout.name}" = a clone of ${REPO} at ${checkout.head}, read through git's listing`);
  const rows = [
    ...(zod
      ? [
          compare({ name: 'node_modules', dir: corpus, runs: RUNS, edit: firstFile(corpus), before: BEFORE }),
          compare({ name: 'zod', dir: zod, runs: RUNS, edit: firstFile(zod), before: BEFORE }),
        ]
      : []),
    ...(checkout ? [compare({ name: checkout.name, dir: checkout.dir, runs: RUNS, edit: firstFile(checkout.dir), before: BEFORE })] : []),
  ];
  const bars = { cold: 3, warm: 5 };
  printComparison(rows, { node_modules: bars, zod: { cold: 3, warm: 3 }, ...(checkout ? { [checkout.name]: bars } : {}) });
  console.log(`goals: ${rows.filter((row) => row.name !== 'zod').map((row) => row.name).join(' and ')} cold ≥ 4×, warm ≥ 8×`);
  if (zod) rmSync(zod, { recursive: true, force: true });
  if (checkout) rmSync(checkout.dir, { recursive: true, force: true });
  return { repomix: repomixVersion(), rows };
}

/**
 * `loom query <question> --dry-run` on the big corpus, warm: a first question counts every
 * file's words (timed apart, on an empty cache, and again after a `query mega` run, which
 * scans but counts no words), then each question is timed; with BENCH_MEGA_BEFORE
 * (another build's bin/run.js) that build answers the same questions on its own cache,
 * alternating, and the rankings of the two are compared.
 */
function queryOnCorpus(corpus) {
  const before = BEFORE;
  const questions = ['where are semver ranges parsed', 'how does zod parse objects', 'where is the tree-sitter parser loaded', 'how are yaml documents loaded'];
  const clis = [{ name: 'loom', bin }, ...(before ? [{ name: 'before', bin: before }] : [])].map((one) => ({ ...one, home: mkdtempSync(join(tmpdir(), 'loom-bench-query-home-')) }));
  const ask = (one, question) => {
    const env = { ...process.env, ANTHROPIC_API_KEY: '', LOOM_CONFIG_DIR: join(one.home, 'config'), LOOM_DATA_DIR: join(one.home, 'data'), LOOM_CACHE_DIR: join(one.home, 'cache'), LOOM_MEGA_QUERY__DEFAULT_EXCLUDES: 'false' };
    const { ms, stdout } = timed(process.execPath, [one.bin, 'query', question, '--dry-run', '--json'], { cwd: corpus, env });
    return { ms, ranked: JSON.parse(stdout).ranked.map((file) => file.path) };
  };
  console.log(`\nmega: loom query <question> --dry-run on the same corpus, warm (${questions.length} questions × ${RUNS} rounds, fresh process each)`);
  const first = Object.fromEntries(clis.map((one) => [one.name, ask(one, 'where is the first question answered').ms]));
  // After a scan: the files are judged and parsed, only their words are left to count.
  const afterScan = Object.fromEntries(
    clis.map((one) => {
      const scanned = { ...one, home: mkdtempSync(join(tmpdir(), 'loom-bench-query-home-')) };
      const env = { ...process.env, ANTHROPIC_API_KEY: '', LOOM_CONFIG_DIR: join(scanned.home, 'config'), LOOM_DATA_DIR: join(scanned.home, 'data'), LOOM_CACHE_DIR: join(scanned.home, 'cache'), LOOM_MEGA_QUERY__DEFAULT_EXCLUDES: 'false' };
      timed(process.execPath, [one.bin, 'query', 'mega', '.', '--dry-run', '--json'], { cwd: corpus, env });
      const { ms } = ask(scanned, 'where is the first question answered');
      rmSync(scanned.home, { recursive: true, force: true });
      return [one.name, ms];
    }),
  );
  const samples = Object.fromEntries(clis.map((one) => [one.name, []]));
  let sameRanking = true;
  for (let round = 0; round < RUNS; round++) {
    for (const question of questions) {
      const answers = clis.map((one) => ask(one, question));
      answers.forEach((answer, index) => samples[clis[index].name].push(answer.ms));
      if (answers.length === 2 && JSON.stringify(answers[0].ranked) !== JSON.stringify(answers[1].ranked)) sameRanking = false;
    }
  }
  for (const one of clis) rmSync(one.home, { recursive: true, force: true });
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const row = {
    questions: questions.length,
    firstMs: first.loom,
    firstAfterScanMs: afterScan.loom,
    medianMs: median(samples.loom),
    ...(before ? { beforeFirstMs: first.before, beforeFirstAfterScanMs: afterScan.before, beforeMedianMs: median(samples.before), sameRanking } : {}),
  };
  console.log(`loom query (warm, median)   ${s(row.medianMs)}; the first question, which counts every file's words: ${s(row.firstMs)}; after a query mega run: ${s(row.firstAfterScanMs)}`);
  if (before) {
    console.log(
      `before (${before})   ${s(row.beforeMedianMs)}; first ${s(row.beforeFirstMs)}; after a query mega run ${s(row.beforeFirstAfterScanMs)} → ${(row.beforeMedianMs / row.medianMs).toFixed(2)}× faster now (first after a scan ${(row.beforeFirstAfterScanMs / row.firstAfterScanMs).toFixed(2)}×); same ranked files: ${sameRanking ? 'yes' : 'NO'}`,
    );
  }
  return row;
}

export async function run() {
  const result = {};
  const corpus = PARTS.has('scan') || PARTS.has('tokens') || PARTS.has('cli') || PARTS.has('query') ? mkdtempSync(join(tmpdir(), 'loom-bench-corpus-')) : undefined;
  if (corpus) result.corpus = buildCorpus(SOURCE, corpus);
  if (PARTS.has('cli') || (PARTS.has('repo') && REPO)) result.cli = cliVsRepomix(corpus, result.corpus);
  if (PARTS.has('query')) result.query = queryOnCorpus(corpus);
  if (PARTS.has('scan')) result.scan = scanSpeed(corpus, result.corpus);
  if (PARTS.has('tokens')) {
    const generated = await createGeneratedRepo({ files: E2E_FILES, seed: 5 });
    const typescript = readdirSync(SOURCE).find((name) => name.startsWith('typescript@'));
    result.tokens = reduction([
      { name: 'this repository', dir: repo },
      { name: `generated ${E2E_FILES}-file repo`, dir: generated.root },
      { name: 'node_modules corpus (< 8 KiB files)', dir: corpus },
      ...(typescript ? [{ name: 'typescript package', dir: join(SOURCE, typescript, 'node_modules/typescript') }] : []),
    ]);
    await generated.cleanup();
  }
  if (corpus) rmSync(corpus, { recursive: true, force: true });
  if (PARTS.has('e2e')) result.e2e = await endToEnd();
  return result;
}
