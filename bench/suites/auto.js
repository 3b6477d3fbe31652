// `loom auto` (issue 12). Three things, in one run:
// 1. Routing one request in process with 100 routes: p50/p99 latency (goal p99 < 2 ms). The
//    routes are every route of the CLI as installed plus commands from the oclif manifests in
//    node_modules (oclif, its plugins: summaries, descriptions and example descriptions that
//    nobody here wrote), cycled under numbered topics up to 100. The requests are the
//    router-dev file's (written by others) and the plugin's own evaluation set.
// 2. The whole `loom auto "…" --dry-run` process against `node -e 0`, interleaved, after the
//    first run has cached the model (goal ≤ 3×).
// 3. Accuracy on the dev file and on the plugin's own set, of the router exactly as
//    `loom auto eval` builds it (the CLI's bundled plugins read through oclif), with misses.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, percentile } from './stats.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'apps/cli/bin/run.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
// The dev set sits beside the checkout (../shared) or beside the worktrees (../../shared).
const devFile = process.env.ROUTER_DEV_FILE ?? ['../shared', '../../shared'].map((up) => join(repo, up, 'data/router-dev/routes-dev.jsonl')).find(existsSync) ?? '';
const ownFile = join(repo, 'plugins/auto-router/test/__fixtures__/requests-own.jsonl');

const lines = (file) => readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));

function manifestRoutes() {
  const store = join(repo, 'node_modules/.pnpm');
  const routes = [];
  for (const dir of readdirSync(store).filter((name) => name.startsWith('oclif@') || name.startsWith('@oclif+plugin-')).sort()) {
    const pkg = join(store, dir, 'node_modules', dir.startsWith('oclif@') ? 'oclif' : `@oclif/${dir.split('@')[1].replace(/^oclif\+/, '')}`);
    const file = join(pkg, 'oclif.manifest.json');
    if (!existsSync(file)) continue;
    for (const [id, command] of Object.entries(JSON.parse(readFileSync(file, 'utf8')).commands)) {
      const examples = [command.summary, (command.description ?? '').split(/\.\s|\n/)[0], ...(command.examples ?? []).map((example) => example.description)].filter((text) => typeof text === 'string' && text.trim().length > 3);
      if (examples.length > 0) routes.push({ plugin: dir, command: id.split(':').join(' '), summary: examples[0], examples, args: {} });
    }
  }
  return routes;
}

/** The router exactly as `loom auto` builds it: every plugin the CLI bundles, read through oclif, no user plugins. */
async function installedRouter(home) {
  process.env.LOOM_DATA_DIR = join(home, 'data');
  process.env.LOOM_CACHE_DIR = join(home, 'cache');
  const { Config } = await import(pathTo('apps/cli/node_modules/@oclif/core/lib/index.js'));
  const { loadRouter, oclifEnvironment } = await import(pathTo('plugins/auto-router/dist/index.js'));
  const config = await Config.load(join(repo, 'apps/cli'));
  return (await loadRouter(oclifEnvironment(config))).router;
}

export async function run() {
  const { fit, createRouter, trainingTexts, evaluate, parseRequests, readThresholds } = await import(pathTo('plugins/auto-router/dist/index.js'));
  const home = mkdtempSync(join(tmpdir(), 'loom-bench-auto-'));
  const installedOnes = await installedRouter(home);
  const installed = installedOnes.data.routes;
  const extra = manifestRoutes();
  const routes = [...installed];
  for (let round = 0; routes.length < 100; round++) {
    for (const route of extra) if (routes.length < 100) routes.push({ ...route, command: `x${round} ${route.command}` });
  }
  const fitStart = process.hrtime.bigint();
  const router = createRouter({ model: fit(trainingTexts(routes)), routes, specs: {} });
  const fitMs = Number(process.hrtime.bigint() - fitStart) / 1e6;
  const requests = [...(existsSync(devFile) ? lines(devFile) : []), ...lines(ownFile)].map((row) => row.text);
  for (const text of requests) router.route(text); // warm up
  // Wall clock and this process's CPU time per request: on a loaded shared machine the
  // wall-clock tail is the scheduler's (a preempted request waits a whole time slice).
  const latencies = [];
  const cpu = [];
  for (let round = 0; round < 20; round++) {
    for (const text of requests) {
      const cpuStart = process.cpuUsage();
      const started = process.hrtime.bigint();
      router.route(text);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  const p99 = percentile(latencies, 99);
  const cpuP99 = percentile(cpu, 99);
  console.log(`\nauto: routing in process, ${routes.length} routes (${installed.length} installed + oclif manifests), ${requests.length} requests × 20 · load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  console.log(`fit ${fitMs.toFixed(0)} ms · route wall p50 ${median(latencies).toFixed(3)} ms, p99 ${p99.toFixed(3)} ms · CPU p50 ${median(cpu).toFixed(3)} ms, p99 ${cpuP99.toFixed(3)} ms`);
  console.log(`goal p99 < 2 ms: wall ${p99 < 2 ? 'met' : 'NOT met'}, CPU ${cpuP99 < 2 ? 'met' : 'NOT met'}`);

  const cwd = mkdtempSync(join(tmpdir(), 'loom-bench-auto-project-'));
  const env = { ...process.env, ANTHROPIC_API_KEY: '', LOOM_CONFIG_DIR: join(home, 'config'), LOOM_DATA_DIR: join(home, 'data'), LOOM_CACHE_DIR: join(home, 'cache') };
  const request = 'export the auth-fix session as markdown';
  const variants = {
    'node -e 0': [process.execPath, ['-e', '0']],
    'loom auto --dry-run': [process.execPath, [bin, 'auto', request, '--dry-run']],
  };
  const first = spawnSync(process.execPath, [bin, 'auto', request, '--dry-run'], { cwd, env, encoding: 'utf8' }); // fits and caches
  if (first.status !== 0) throw new Error(`loom auto exited ${first.status}: ${first.stderr}`);
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < RUNS; round++) {
    for (const [name, [command, args]] of Object.entries(variants)) {
      const started = process.hrtime.bigint();
      const result = spawnSync(command, args, { cwd, env, stdio: 'ignore' });
      samples[name].push(Number(process.hrtime.bigint() - started) / 1e6);
      if (result.status !== 0) throw new Error(`${name} exited ${result.status}`);
    }
  }
  const ratio = median(samples['loom auto --dry-run']) / median(samples['node -e 0']);
  console.log(`process (${RUNS} interleaved runs): node -e 0 ${median(samples['node -e 0']).toFixed(1)} ms · loom auto "…" --dry-run ${median(samples['loom auto --dry-run']).toFixed(1)} ms → ${ratio.toFixed(2)}× node, goal ≤ 3× ${ratio <= 3 ? '(met)' : '(NOT met)'}`);

  // Accuracy of the router as `loom auto eval` sees it (every bundled plugin, no padding):
  // the dev file (written by others) and the plugin's own set, side by side.
  const accuracy = {};
  for (const [name, file] of [['dev', devFile], ['own', ownFile]]) {
    if (!existsSync(file)) continue;
    const result = evaluate(installedOnes, parseRequests(readFileSync(file, 'utf8'), file), { cwd, thresholds: readThresholds(join(home, 'data')) });
    const known = new Set([...installed.map((route) => route.command), 'none']);
    const coverable = result.results.filter((row) => [row.expected].flat().some((command) => known.has(command)));
    const hits = coverable.filter((row) => [row.expected].flat().includes(row.predicted)).length;
    const misses = result.results.filter((row) => ![row.expected].flat().includes(row.predicted)).map((row) => `${JSON.stringify(row.text)} → ${row.predicted} (want ${[row.expected].flat().join('|')})`);
    accuracy[name] = { rows: result.rows, top1: result.top1, noneRecall: result.none.recall, nonePrecision: result.none.precision, realToNone: result.realToNone, installedLabels: { rows: coverable.length, top1: hits / coverable.length }, misses };
    console.log(`accuracy ${name}: ${result.rows} rows · top-1 ${pct(result.top1)} (rows whose command is installed: ${coverable.length}, top-1 ${pct(hits / coverable.length)}) · none recall ${pct(result.none.recall)} · none precision ${pct(result.none.precision)} · real → none ${pct(result.realToNone)}`);
    for (const miss of misses) console.log(`  miss: ${miss}`);
  }
  return { routes: routes.length, fitMs, latency: { p50: median(latencies), p99, cpuP50: median(cpu), cpuP99, samples: latencies.length, loadAverage: loadavg()[0] }, process: { ratio, samples }, accuracy };
}

const pct = (value) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const pathTo = (path) => new URL(`../../${path}`, import.meta.url).href;
