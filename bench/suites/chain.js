// Chains (issue 14), on the built CLI and plugin:
// 1. overhead per step: the same real command (`security policy --json`) run directly in
//    process as the shell runs it, and as steps of a sequential chain; also the chain's own
//    machinery per step (scheduling + two fsync'd state writes) apart from the command.
//    Goal: chain − direct < 5 ms median.
// 2. `loom chain validate <file>` against `node -e 0`, interleaved. Goal ≤ 3×.
// 3. a 50-step workflow (10 parallel branches of 5 shell steps, each appending its id to a
//    log) killed with SIGKILL (whole process group) at BENCH_KILLS seeded random instants,
//    then resumed: a step recorded finished at the kill must appear exactly once in the
//    log, and every step at least once. Goal: no lost step.
import 'reflect-metadata';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { clearInterval, setInterval, setTimeout } from 'node:timers';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Config } from '@oclif/core';
import { KERNEL_API_VERSION } from '@loomkit/kernel';
import { bootKernel, registerHost } from '@loomkit/kernel/command';
import { ChainToken } from '@loomkit/plugin-chain';
import { commandIds, createInProcessRunner, createShellRunner } from '@loomkit/plugin-chain/engine';
import { prng } from '@loomkit/testkit';
import { median, percentile } from './stats.js';

const cliRoot = fileURLToPath(new URL('../../apps/cli/', import.meta.url));
const bin = join(cliRoot, 'bin/run.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STEPS = Number(process.env.BENCH_STEPS ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const KILLS = Number(process.env.BENCH_KILLS ?? 100);
const SEED = Number(process.env.BENCH_SEED ?? 14);

const now = () => Number(process.hrtime.bigint()) / 1e6;

function project() {
  const root = mkdtempSync(join(tmpdir(), 'loom-bench-chain-'));
  writeFileSync(join(root, 'loom.config.json'), '{}\n');
  return root;
}

function userEnv() {
  const home = mkdtempSync(join(tmpdir(), 'loom-bench-user-'));
  return { ...process.env, NO_COLOR: '1', ANTHROPIC_API_KEY: '', LOOM_CONFIG_DIR: join(home, 'config'), LOOM_DATA_DIR: join(home, 'data'), LOOM_CACHE_DIR: join(home, 'cache') };
}

async function quietly(fn) {
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

async function overhead() {
  const root = project();
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const config = await Config.load(cliRoot);
    registerHost({ kernelVersion: KERNEL_API_VERSION, boot: bootKernel });
    const request = { config, cwd: root, assignments: [], signal: new globalThis.AbortController().signal, verbose: false, strict: true, setUp: true };
    const direct = [];
    const chained = [];
    const machinery = [];
    await quietly(() => config.runCommand('security:policy', ['--json'])); // warm the module cache
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < STEPS; i++) {
        const started = now();
        await quietly(() => config.runCommand('security:policy', ['--json']));
        direct.push(now() - started);
      }
      const kernel = await bootKernel(request);
      const service = kernel.get(ChainToken);
      const run = await service.create(await service.inline(Array.from({ length: STEPS }, () => 'security policy').join(' -> ')), { commands: commandIds(config) });
      const runner = createInProcessRunner(config, kernel);
      let last = now();
      const ends = [];
      await service.execute(run, {
        runner,
        shell: createShellRunner(root),
        signal: new globalThis.AbortController().signal,
        onEvent: (event) => {
          if (event.type === 'step' && event.status === 'succeeded') {
            const at = now();
            ends.push({ step: event.step, ms: at - last });
            last = at;
          }
        },
      });
      runner.close();
      await kernel.dispose();
      if (run.status !== 'succeeded') throw new Error(`the chain failed: ${JSON.stringify(run.steps)}`);
      for (const { step, ms } of ends) {
        chained.push(ms);
        machinery.push(ms - run.steps[step].durationMs);
      }
    }
    const row = (values) => ({ medianMs: median(values), p90Ms: percentile(values, 90) });
    const result = { direct: row(direct), chained: row(chained), machinery: row(machinery) };
    result.overheadMs = result.chained.medianMs - result.direct.medianMs;
    console.log(`\nchain overhead per step (security policy --json, ${ROUNDS} rounds × ${STEPS} steps, in process)`);
    console.log(`direct command (runCommand, own kernel each)   median ${result.direct.medianMs.toFixed(2)} ms  p90 ${result.direct.p90Ms.toFixed(2)} ms`);
    console.log(`as a chain step (one run kernel)               median ${result.chained.medianMs.toFixed(2)} ms  p90 ${result.chained.p90Ms.toFixed(2)} ms`);
    console.log(`chain machinery alone (step − command)         median ${result.machinery.medianMs.toFixed(2)} ms  p90 ${result.machinery.p90Ms.toFixed(2)} ms`);
    console.log(`goal: overhead < 5 ms median → chain − direct = ${result.overheadMs.toFixed(2)} ms ${result.overheadMs < 5 ? '(met)' : '(NOT met)'}`);
    return { ...result, samples: { direct, chained, machinery } };
  } finally {
    process.chdir(cwd);
    rmSync(root, { recursive: true, force: true });
  }
}

function validateRatio() {
  const cwd = project();
  const env = userEnv();
  writeFileSync(join(cwd, 'flow.yaml'), readFileSync(fileURLToPath(new URL('../../plugins/chain/workflows/review.yaml', import.meta.url)), 'utf8'));
  const variants = {
    'node -e 0': ['-e', '0'],
    'loom chain validate flow.yaml': [bin, 'chain', 'validate', 'flow.yaml'],
    'loom chain validate flow.yaml --json': [bin, 'chain', 'validate', 'flow.yaml', '--json'],
    // The same fast path from the plugin's unbundled modules (as before the bundle): what bundling saves.
    'fast path, unbundled modules': ['--input-type=module', '-e', `(await import(${JSON.stringify(new URL('../../plugins/chain/dist/fast/validate-file.js', import.meta.url).href)})).validateFast('flow.yaml', ${JSON.stringify(cliRoot)}) || process.exit(3)`],
  };
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (const args of Object.values(variants)) spawnSync(process.execPath, args, { cwd, env });
  for (let round = 0; round < RUNS; round++) {
    for (const [name, args] of Object.entries(variants)) {
      const started = now();
      const result = spawnSync(process.execPath, args, { cwd, env, stdio: 'ignore' });
      samples[name].push(now() - started);
      if (result.status !== 0) throw new Error(`${name} exited ${result.status}`);
    }
  }
  const base = median(samples['node -e 0']);
  console.log(`\nchain validate (${RUNS} interleaved runs each, wall clock; --json takes the full oclif path)`);
  const rows = Object.entries(samples).map(([name, values]) => {
    const row = { name, medianMs: median(values), ratio: median(values) / base };
    console.log(`${name.padEnd(40)}${row.medianMs.toFixed(1).padStart(9)} ms${row.ratio.toFixed(2).padStart(8)}×`);
    return row;
  });
  const fast = rows[1];
  console.log(`goal: chain validate ≤ 3× node -e 0 → ${fast.ratio.toFixed(2)}× ${fast.ratio <= 3 ? '(met)' : '(NOT met)'}`);
  rmSync(cwd, { recursive: true, force: true });
  return { rows, samples };
}

const BRANCHES = 10;
const DEPTH = 5;
const FLOW = `parallel: ${BRANCHES}\nsteps:\n${Array.from({ length: BRANCHES }, (_, b) =>
  Array.from({ length: DEPTH }, (_, d) => `  - id: b${b}s${d}\n${d > 0 ? `    needs: b${b}s${d - 1}\n` : ''}    shell: echo b${b}s${d} >> side.log`).join('\n'),
).join('\n')}\n`;

const readRun = (root) => {
  const runs = join(root, '.loom/chains/runs');
  if (!existsSync(runs)) return undefined;
  const [id] = readdirSync(runs);
  return id && existsSync(join(runs, id, 'run.json')) ? JSON.parse(readFileSync(join(runs, id, 'run.json'), 'utf8')) : undefined;
};

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Runs loom to its end; `recordedMs` is when the run's state file first appeared. */
function runToEnd(root, env, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env, stdio: 'ignore', detached: true });
    const started = now();
    let recordedMs;
    const poll = setInterval(() => {
      if (recordedMs === undefined && readRun(root)) recordedMs = now() - started;
    }, 5);
    child.once('exit', (code) => {
      clearInterval(poll);
      resolve({ child, code, ms: now() - started, recordedMs: recordedMs ?? now() - started });
    });
  });
}

async function kills() {
  const env = userEnv();
  const calibrate = project();
  writeFileSync(join(calibrate, 'flow.yaml'), FLOW);
  const full = await runToEnd(calibrate, env, ['chain', 'run', 'flow.yaml']);
  if (full.code !== 0) throw new Error('the 50-step workflow failed');
  rmSync(calibrate, { recursive: true, force: true });
  // Kills land while the steps run: after the run is recorded (start-up is not the point), within the steps' time.
  const window = full.ms - full.recordedMs;
  const rand = prng(SEED);
  const tally = { kills: 0, midRun: 0, beforeRun: 0, lostSteps: 0, finishedStepsRerun: 0, inFlightRerun: 0, resumeFailures: 0 };
  for (let i = 0; i < KILLS; i++) {
    const root = project();
    writeFileSync(join(root, 'flow.yaml'), FLOW);
    const delay = rand() * window;
    const child = spawn(process.execPath, [bin, 'chain', 'run', 'flow.yaml'], { cwd: root, env, stdio: 'ignore', detached: true });
    const exited = new Promise((done) => child.once('exit', done));
    while (!readRun(root) && child.exitCode === null) await sleep(5);
    await sleep(delay);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already finished: the kill landed after the end.
    }
    await exited;
    tally.kills++;
    const atKill = readRun(root);
    const finished = new Set(atKill ? Object.entries(atKill.steps).filter(([, state]) => state.status === 'succeeded').map(([id]) => id) : []);
    if (!atKill) tally.beforeRun++;
    else if (finished.size > 0 && finished.size < BRANCHES * DEPTH) tally.midRun++;
    const resumed = await runToEnd(root, env, atKill ? ['chain', 'resume'] : ['chain', 'run', 'flow.yaml']);
    if (resumed.code !== 0 && !(atKill?.status === 'succeeded')) tally.resumeFailures++;
    const final = readRun(root);
    const lines = existsSync(join(root, 'side.log')) ? readFileSync(join(root, 'side.log'), 'utf8').split('\n').filter(Boolean) : [];
    const counts = new Map();
    for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
    for (const step of final?.workflow.steps ?? []) {
      const count = counts.get(step.id) ?? 0;
      if (count === 0 || final.steps[step.id].status !== 'succeeded') tally.lostSteps++;
      if (count > 1 && finished.has(step.id)) tally.finishedStepsRerun++;
      else if (count > 1) tally.inFlightRerun++;
    }
    if (!final) tally.lostSteps += BRANCHES * DEPTH;
    rmSync(root, { recursive: true, force: true });
    if ((i + 1) % 10 === 0) console.error(`  … ${i + 1}/${KILLS} kills`);
  }
  console.log(`\n50-step workflow (10 branches × 5), SIGKILL at ${KILLS} seeded instants (seed ${SEED}) within the ${window.toFixed(0)} ms its steps take (after the run is recorded), then resume`);
  console.log(`kills ${tally.kills}: ${tally.midRun} mid-run, ${tally.beforeRun} before the run was recorded; resume failures ${tally.resumeFailures}`);
  console.log(`lost steps ${tally.lostSteps} · finished steps run again ${tally.finishedStepsRerun} · in-flight steps run again (allowed) ${tally.inFlightRerun}`);
  console.log(`goal: no lost step, no finished step run twice → ${tally.lostSteps === 0 && tally.finishedStepsRerun === 0 ? '(met)' : '(NOT met)'}`);
  return { fullRunMs: full.ms, stepsWindowMs: window, seed: SEED, ...tally };
}

export async function run() {
  const result = { overhead: await overhead(), validate: validateRatio() };
  result.kills = await kills();
  return result;
}
