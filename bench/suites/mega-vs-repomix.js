// `loom query mega <corpus> --dry-run --json` through the built CLI beside repomix on the same
// files (issue 15): cold (an empty cache folder, fresh process) and warm (the second run over the
// same cache), runs alternating between the tools so machine noise hits both alike. repomix runs
// its default pipeline (walk, binary skip, secretlint check, token count, XML output) with
// --no-default-patterns, and Loom with mega-query.defaultExcludes=false, so both read every file.
// repomix has no cache between runs: its "warm" is a second run on a warm OS page cache.
// Loom's warm run of an unchanged repository is served by its outcome cache (answered early, before
// oclif and the kernel load, from what the cold run recorded; checked to print the cold run's report), so a third Loom run
// follows one edit (a line appended to one file of the corpus copy): what a user sees after a
// change, where only the per-file caches help. A fourth Loom run is cold on one thread
// (mega-query.workers=0): its CPU split perfectly over the machine's cores is a yardstick for
// what spreading that work can give (not a bound: workers keep smaller heaps, and may use less).
// Last, the floor: the per-file work alone (mega-work-child.js: read, secret scan, injection
// score, tree-sitter; nothing else) on one thread, its CPU split perfectly over the cores and
// added to a warm run (start-up, walk, stat of every file): what a cold run that does this work
// could reach if everything else were free. And repomix --compress, cold: its tree-sitter mode,
// which parses every file of a language it knows as Loom does for its map, so the two do
// like work there (the bars are against plain repomix all the same).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'apps/cli/bin/run.js');
const repomixBin = join(repo, 'bench/node_modules/repomix/bin/repomix.cjs');
const workChild = fileURLToPath(new URL('./mega-work-child.js', import.meta.url));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

export const repomixVersion = () => JSON.parse(readFileSync(join(repo, 'bench/node_modules/repomix/package.json'), 'utf8')).version;

/**
 * Wall clock, and when /usr/bin/time is there peak RSS (MiB) and CPU (user + system, ms) of one
 * fresh process. On two cores a cold run is bound by CPU, which spreads far less between runs
 * than the wall clock does.
 */
function measure(command, args, options) {
  const [file, argv] = TIME ? [TIME, ['-f', '%M %U %S', command, ...args]] : [command, args];
  const started = process.hrtime.bigint();
  const result = spawnSync(file, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${result.status}: ${result.stderr.slice(-500)}`);
  const [rssKiB, user, system] = TIME ? result.stderr.trim().split('\n').at(-1).split(' ').map(Number) : [];
  return { ms, rssMiB: TIME ? rssKiB / 1024 : undefined, cpuMs: TIME ? (user + system) * 1000 : undefined, stdout: result.stdout };
}

/**
 * One corpus (a copy: `edit` is appended to one of its files), `runs` rounds of (loom cold,
 * repomix cold, repomix --compress cold, loom cold on one thread, loom warm, repomix warm, loom after one edit). With `before` (another build's
 * bin/run.js), that build runs cold, warm and after each edit too, on caches of its own, after
 * loom's runs in even rounds and before them in odd ones, and its reports are compared with loom's.
 */
export function compare({ name, dir, runs, edit, before }) {
  const out = mkdtempSync(join(tmpdir(), 'loom-bench-repomix-'));
  const samples = { loomCold: [], loomWarm: [], loomEdited: [], beforeCold: [], beforeWarm: [], beforeEdited: [], repomixCold: [], repomixWarm: [], repomixCompressCold: [], loomRss: [], repomixRss: [], loomColdCpu: [], beforeColdCpu: [], repomixColdCpu: [], oneThreadCold: [], oneThreadCpu: [], workCpu: [], workFactsCpu: [] };
  let workFiles;
  let files;
  let sameReport = true;
  let oneThreadSame = true;
  let warmSame = true;
  // defaultExcludes=false in the user's config file, as a user would set it (`loom config set`):
  // a LOOM_* variable would keep a warm run from being answered early.
  const envIn = (home) => {
    mkdirSync(join(home, 'config'), { recursive: true });
    writeFileSync(join(home, 'config', 'config.json'), JSON.stringify({ 'mega-query': { defaultExcludes: false } }));
    return { ...process.env, ANTHROPIC_API_KEY: '', LOOM_CONFIG_DIR: join(home, 'config'), LOOM_DATA_DIR: join(home, 'data'), LOOM_CACHE_DIR: join(home, 'cache') };
  };
  for (let round = 0; round < runs; round++) {
    const home = mkdtempSync(join(tmpdir(), 'loom-bench-home-'));
    const beforeHome = before ? mkdtempSync(join(tmpdir(), 'loom-bench-home-before-')) : undefined;
    const env = envIn(home);
    const loom = () => measure(process.execPath, [bin, 'query', 'mega', dir, '--dry-run', '--json'], { cwd: home, env });
    const beforeRun = () => measure(process.execPath, [before, 'query', 'mega', dir, '--dry-run', '--json'], { cwd: beforeHome, env: envIn(beforeHome) });
    const repomix = (...flags) => measure(process.execPath, [repomixBin, dir, '--no-default-patterns', '--quiet', ...flags, '-o', join(out, 'pack.xml')], { cwd: out });
    // The build before goes first every other round, so where a run falls in a round weighs
    // on both builds alike.
    const beforeFirst = round % 2 === 1;
    const beforeColdWarm = () => (before ? [beforeRun(), beforeRun()] : []);
    const early = beforeFirst ? beforeColdWarm() : [];
    const cold = loom();
    files = JSON.parse(cold.stdout).report.totals.files;
    const repomixCold = repomix();
    samples.repomixCompressCold.push(repomix('--compress').ms);
    const oneThreadHome = mkdtempSync(join(tmpdir(), 'loom-bench-home-one-'));
    const oneThread = measure(process.execPath, [bin, 'query', 'mega', dir, '--dry-run', '--json'], { cwd: oneThreadHome, env: { ...envIn(oneThreadHome), LOOM_MEGA_QUERY__WORKERS: '0' } });
    rmSync(oneThreadHome, { recursive: true, force: true });
    samples.oneThreadCold.push(oneThread.ms);
    if (oneThread.cpuMs !== undefined) samples.oneThreadCpu.push(oneThread.cpuMs);
    if (oneThread.stdout !== cold.stdout) oneThreadSame = false;
    const work = JSON.parse(measure(process.execPath, [workChild, dir], { cwd: out }).stdout);
    samples.workCpu.push(work.cpuMs);
    samples.workFactsCpu.push(work.factsMs);
    workFiles = work.files;
    const warm = loom();
    if (warm.stdout !== cold.stdout) warmSame = false;
    const repomixWarm = repomix();
    const [beforeCold, beforeWarm] = beforeFirst ? early : beforeColdWarm();
    if (beforeCold && beforeWarm) {
      samples.beforeCold.push(beforeCold.ms);
      if (beforeCold.cpuMs !== undefined) samples.beforeColdCpu.push(beforeCold.cpuMs);
      samples.beforeWarm.push(beforeWarm.ms);
      if (beforeCold.stdout !== cold.stdout || beforeWarm.stdout !== warm.stdout) sameReport = false;
    }
    const editedAt = Date.now();
    appendFileSync(join(dir, edit), `\n// loom bench edit ${round}\n`);
    const beforeEditedFirst = before && beforeFirst ? beforeRun() : undefined;
    const edited = loom();
    samples.loomEdited.push(edited.ms);
    const beforeEdited = before && !beforeFirst ? beforeRun() : beforeEditedFirst;
    if (beforeEdited) {
      samples.beforeEdited.push(beforeEdited.ms);
      if (beforeEdited.stdout !== edited.stdout) sameReport = false;
    }
    samples.loomCold.push(cold.ms);
    samples.repomixCold.push(repomixCold.ms);
    samples.loomWarm.push(warm.ms);
    samples.repomixWarm.push(repomixWarm.ms);
    if (cold.rssMiB !== undefined) samples.loomRss.push(cold.rssMiB, warm.rssMiB);
    if (cold.cpuMs !== undefined) samples.loomColdCpu.push(cold.cpuMs);
    if (repomixCold.cpuMs !== undefined) samples.repomixColdCpu.push(repomixCold.cpuMs);
    if (repomixCold.rssMiB !== undefined) samples.repomixRss.push(repomixCold.rssMiB, repomixWarm.rssMiB);
    rmSync(home, { recursive: true, force: true });
    if (beforeHome) rmSync(beforeHome, { recursive: true, force: true });
    // A run keeps no outcome when a file changed within 2 s of its start (it could change again
    // unseen): the next round's cold run must not start that soon after this round's edit, or its
    // warm run has nothing to serve (a user's next run seldom follows an edit that closely).
    const settle = 2_100 - (Date.now() - editedAt);
    if (settle > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, settle);
  }
  rmSync(out, { recursive: true, force: true });
  const row = {
    name,
    files,
    loomColdMs: median(samples.loomCold),
    loomWarmMs: median(samples.loomWarm),
    loomEditedMs: median(samples.loomEdited),
    repomixColdMs: median(samples.repomixCold),
    repomixWarmMs: median(samples.repomixWarm),
    repomixCompressColdMs: median(samples.repomixCompressCold),
    loomPeakMiB: samples.loomRss.length ? Math.max(...samples.loomRss) : undefined,
    repomixPeakMiB: samples.repomixRss.length ? Math.max(...samples.repomixRss) : undefined,
    loomColdCpuMs: samples.loomColdCpu.length ? median(samples.loomColdCpu) : undefined,
    repomixColdCpuMs: samples.repomixColdCpu.length ? median(samples.repomixColdCpu) : undefined,
    oneThreadColdMs: median(samples.oneThreadCold),
    oneThreadCpuMs: samples.oneThreadCpu.length ? median(samples.oneThreadCpu) : undefined,
    oneThreadSame,
    warmSame,
    workFiles,
    workCpuMs: median(samples.workCpu),
    workFactsCpuMs: median(samples.workFactsCpu),
  };
  row.coldRatio = row.repomixColdMs / row.loomColdMs;
  row.warmRatio = row.repomixWarmMs / row.loomWarmMs;
  row.editedRatio = row.repomixWarmMs / row.loomEditedMs;
  if (before) Object.assign(row, { beforeColdMs: median(samples.beforeCold), beforeWarmMs: median(samples.beforeWarm), beforeEditedMs: median(samples.beforeEdited), sameReport });
  if (before && samples.beforeColdCpu.length) row.beforeColdCpuMs = median(samples.beforeColdCpu);
  return { ...row, samples };
}

/** What each side of the comparison does, printed with its figures (issue 18, item 5). */
export const WHAT_EACH_DOES = [
  'what each run does (both as shipped, defaults otherwise; both read every file):',
  '  loom query mega --dry-run --json: git ls-files walk, binary/size skips; secret scan (Loom rules) and injection scoring of every file;',
  '    tree-sitter symbols and imports, import graph, PageRank, churn, ranking, chunk and cost plan; tokens ESTIMATED (≈3.5 chars a token);',
  '    files judged and parsed on worker threads (one a core, at most 4) on a cold run; writes a JSON report to stdout only;',
  '    caches in the user cache dir: per-file results by content hash (+ size/mtime/inode stamps), and the report and plan of an',
  '    unchanged repository asked the same (its warm run walks and stats every file, reads none, and serves the stored outcome)',
  '  repomix: globby walk with .gitignore, binary skip; secretlint recommended preset; o200k_base tokenizer (tiktoken) per file,',
  '    on worker threads (tinypool) too;',
  '    writes the whole packed repository as one XML file; no cache between runs (its warm run has only the OS page cache);',
  '    with --compress (one more cold run a round) it also parses each file it has a grammar for with tree-sitter and packs signatures',
];

export function printComparison(rows, goals) {
  for (const line of WHAT_EACH_DOES) console.log(line);
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const mib = (value) => (value === undefined ? '' : ` ${value.toFixed(0)} MiB`);
  for (const row of rows) {
    console.log(`${row.name} (${row.files} files read by loom)`);
    console.log(`  cold: loom ${s(row.loomColdMs)} · repomix ${s(row.repomixColdMs)} → ${row.coldRatio.toFixed(2)}× faster`);
    console.log(`  cold against repomix --compress (its tree-sitter mode: every file of a language it knows parsed, as Loom parses for its map): repomix ${s(row.repomixCompressColdMs)} → loom ${(row.repomixCompressColdMs / row.loomColdMs).toFixed(2)}× faster`);
    console.log(`  warm: loom ${s(row.loomWarmMs)} · repomix ${s(row.repomixWarmMs)} → ${row.warmRatio.toFixed(2)}× faster; same report as cold: ${row.warmSame ? 'yes' : 'NO'}`);
    console.log(`  warm after one edit (no outcome cache): loom ${s(row.loomEditedMs)} · repomix warm ${s(row.repomixWarmMs)} → ${row.editedRatio.toFixed(2)}× faster`);
    if (row.beforeEditedMs !== undefined) {
      const against = (beforeMs, loomMs) => `${s(beforeMs)} → loom ${(beforeMs / loomMs).toFixed(2)}×`;
      console.log(
        `  the build before (BENCH_MEGA_BEFORE): cold ${against(row.beforeColdMs, row.loomColdMs)}, warm ${against(row.beforeWarmMs, row.loomWarmMs)}, after one edit ${against(row.beforeEditedMs, row.loomEditedMs)}; same reports: ${row.sameReport ? 'yes' : 'NO'}`,
      );
    }
    if (row.loomColdCpuMs !== undefined) {
      const beforeCpu = row.beforeColdCpuMs === undefined ? '' : `; the build before ${s(row.beforeColdCpuMs)} → loom uses ${(row.loomColdCpuMs / row.beforeColdCpuMs).toFixed(2)}× its CPU`;
      console.log(`  cold CPU (user + system): loom ${s(row.loomColdCpuMs)} · repomix ${s(row.repomixColdCpuMs)}${beforeCpu}`);
    }
    const cores = availableParallelism();
    const ceiling = row.oneThreadCpuMs === undefined ? '' : `, CPU ${s(row.oneThreadCpuMs)}: split perfectly over ${cores} cores ${s(row.oneThreadCpuMs / cores)}, ${(row.repomixColdMs / (row.oneThreadCpuMs / cores)).toFixed(2)}× repomix cold`;
    console.log(`  cold on one thread (mega-query.workers=0): loom ${s(row.oneThreadColdMs)}${ceiling}; same report as with workers: ${row.oneThreadSame ? 'yes' : 'NO'}`);
    const floorMs = row.loomWarmMs + row.workCpuMs / cores;
    console.log(
      `  floor: the per-file work alone on one thread (${row.workFiles} files read, secret scan, injection score, tree-sitter; no walk, cache, graph or plan): CPU ${s(row.workCpuMs)}, of it tree-sitter ${s(row.workFactsCpuMs)};` +
        ` split perfectly over ${cores} cores and added to the warm run: ${s(floorMs)}, ${(row.repomixColdMs / floorMs).toFixed(2)}× repomix cold` +
        ` (tree-sitter alone so: ${(row.repomixColdMs / (row.loomWarmMs + row.workFactsCpuMs / cores)).toFixed(2)}×)`,
    );
    console.log(`  peak RSS: loom${mib(row.loomPeakMiB)} · repomix${mib(row.repomixPeakMiB)}`);
    const goal = goals[row.name];
    if (goal) {
      const met = (ratio, bar) => `${ratio.toFixed(2)}× ≥ ${bar}× ${ratio >= bar ? '(met)' : '(NOT met)'}`;
      console.log(`  bars: cold ${met(row.coldRatio, goal.cold)}; warm ${met(row.warmRatio, goal.warm)}`);
    }
  }
}
