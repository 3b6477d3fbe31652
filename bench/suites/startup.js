// Start-up cost of the CLI against bare `node -e 0`, in one run, interleaved so that
// machine noise hits every variant alike. Goals (issues 2 and 15): `loom --version` ≤ 2.0× node,
// `session list` ≤ 2.0× (1.5× wanted), `doctor --json` ≤ 2.0×, `--help` ≤ 1.5×,
// `security check --file F` ≤ 2.0×.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, percentile } from './stats.js';

const bin = fileURLToPath(new URL('../../apps/cli/bin/run.js', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

export async function run() {
  const home = mkdtempSync(join(tmpdir(), 'loom-bench-'));
  const cwd = mkdtempSync(join(tmpdir(), 'loom-bench-project-'));
  const env = { ...process.env, LOOM_CONFIG_DIR: join(home, 'config'), LOOM_DATA_DIR: join(home, 'data'), LOOM_CACHE_DIR: join(home, 'cache') };
  const variants = {
    'node -e 0': [process.execPath, ['-e', '0']],
    'loom --version': [process.execPath, [bin, '--version']],
    // The root help is kept by the first run (the warm-up below) and printed by the next ones
    // before oclif loads; a cache folder of its own each time shows the first run too.
    'loom --help': [process.execPath, [bin, '--help']],
    'loom --help (first)': [process.execPath, [bin, '--help'], () => ({ LOOM_CACHE_DIR: mkdtempSync(join(home, 'help-cache-')) })],
    'loom doctor --json': [process.execPath, [bin, 'doctor', '--json']],
    'loom session list': [process.execPath, [bin, 'session', 'list']],
    'loom security check': [process.execPath, [bin, 'security', 'check', '--file', 'notes.md']],
  };
  writeFileSync(join(cwd, 'notes.md'), 'The engine clamps its speed to [0, 1]; see src/math.ts.\n');
  // A project with a config file, as most are: early answers take it once a clean boot stamped it.
  writeFileSync(join(cwd, 'loom.config.json'), `${JSON.stringify({ session: { keepRecentTurns: 6 }, security: { onSecret: 'block' } }, null, 2)}\n`);
  // `session list` lists real sessions (one open, one ended), written by Loom itself. None is
  // active: in a session, `security check` is recorded as a turn and takes the command's path.
  for (const args of [['session', 'start', 'auth-fix'], ['session', 'start', 'api-docs'], ['session', 'end']]) {
    const made = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`loom ${args.join(' ')} failed: ${made.stderr}`);
  }
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  const envOf = (extra) => (extra ? { ...env, ...extra() } : env);
  for (const [command, args, extra] of Object.values(variants)) spawnSync(command, args, { cwd, env: envOf(extra) }); // warm the disk cache
  for (let round = 0; round < RUNS; round++) {
    for (const [name, [command, args, extra]] of Object.entries(variants)) {
      const runEnv = envOf(extra);
      const started = process.hrtime.bigint();
      const result = spawnSync(command, args, { cwd, env: runEnv, stdio: 'ignore' });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.status !== 0) throw new Error(`${name} exited ${result.status}`);
      samples[name].push(ms);
    }
  }
  const base = median(samples['node -e 0']);
  console.log(`\nstartup (${RUNS} interleaved runs each, wall clock)`);
  console.log(`${'variant'.padEnd(22)}${'median'.padStart(10)}${'p90'.padStart(10)}${'× node'.padStart(10)}`);
  const rows = Object.entries(samples).map(([name, values]) => {
    const row = { name, medianMs: median(values), p90Ms: percentile(values, 90), ratio: median(values) / base };
    console.log(`${name.padEnd(22)}${row.medianMs.toFixed(1).padStart(8)}ms${row.p90Ms.toFixed(1).padStart(8)}ms${row.ratio.toFixed(2).padStart(9)}×`);
    return row;
  });
  const goals = { 'loom --version': 2, 'loom session list': 2, 'loom doctor --json': 2, 'loom --help': 1.5, 'loom security check': 2 };
  for (const [name, bar] of Object.entries(goals)) {
    const ratio = rows.find((row) => row.name === name).ratio;
    console.log(`goal: ${name} ≤ ${bar}× node → ${ratio.toFixed(2)}× ${ratio <= bar ? '(met)' : '(NOT met)'}`);
  }
  return { runs: RUNS, rows, samples };
}
