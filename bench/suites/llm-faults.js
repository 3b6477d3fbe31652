// Faults in the door to Claude (issue 11 §1), through the built CLI against the loopback fake:
// 1. `query mega` runs under a 30% and a 50% rate of 529s on every endpoint (count_tokens,
//    messages, batches): how many of N finish with the default retry policy, beside the same
//    runs with the old default of 5 attempts (BENCH_FAULTS_ATTEMPTS), and the requests it took.
// 2. Recovery from a hung attempt: the first Messages request never answers; the run's time
//    with llm.retry.idleTimeoutMs at 5 s, beside the same run with no hang.
// Corpus: the installed `semver` package (real code nobody here wrote), copied to a temp git repo.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeClaude } from '@loomkit/testkit';
import { median } from './stats.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'apps/cli/bin/run.js');
const SOURCE = process.env.BENCH_FAULTS_SOURCE ?? join(repo, 'node_modules/.pnpm/semver@7.7.4/node_modules/semver');
const RUNS = Number(process.env.BENCH_FAULTS_RUNS ?? 8);
const IDLE_MS = 5_000;

function corpus() {
  const root = mkdtempSync(join(tmpdir(), 'loom-bench-faults-'));
  cpSync(SOURCE, root, { recursive: true, dereference: false });
  spawnSync('git', ['init', '-q'], { cwd: root });
  return root;
}

function report(request) {
  const tool = request.tool_choice?.name ?? 'report_findings';
  return { toolUse: { name: tool, input: { summary: 'A semver parser.', findings: [] } } };
}

function loom(cwd, fake, env = {}) {
  const home = mkdtempSync(join(tmpdir(), 'loom-bench-user-'));
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'query', 'mega', '--chunk-tokens', '8000', '--json'], {
      cwd,
      env: {
        ...process.env,
        HOME: home,
        LOOM_CONFIG_DIR: join(home, 'config'),
        LOOM_DATA_DIR: join(home, 'data'),
        LOOM_CACHE_DIR: join(home, 'cache'),
        ANTHROPIC_API_KEY: fake.apiKey,
        ANTHROPIC_BASE_URL: fake.url,
        // Roomy rate limits: the measure is the retry policy, not tier-1 pacing.
        LOOM_LLM__LIMITS__REQUESTS_PER_MINUTE: '100000',
        LOOM_LLM__LIMITS__INPUT_TOKENS_PER_MINUTE: '100000000',
        LOOM_LLM__LIMITS__OUTPUT_TOKENS_PER_MINUTE: '100000000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('close', (code) => {
      rmSync(home, { recursive: true, force: true });
      // With --json a failure is {"error":{"code":…}} on stdout.
      resolve({ code, ms: performance.now() - started, error: /"code":\s*"([A-Z_]+)"/.exec(stdout)?.[1] });
    });
  });
}

export async function run() {
  const results = {};
  for (const [rate, attempts] of [[0.3, undefined], [0.5, undefined], [0.5, '5']]) {
    let finished = 0;
    let requests = 0;
    let overloaded = 0;
    const errors = {};
    for (let n = 0; n < RUNS; n++) {
      const root = corpus();
      const fake = await startFakeClaude({ reply: report, faults: { rate, seed: 100 + n } });
      const outcome = await loom(root, fake, attempts ? { LOOM_LLM__RETRY__MAX_ATTEMPTS: attempts } : {});
      if (outcome.code === 0) finished++;
      else errors[outcome.error ?? 'unknown'] = (errors[outcome.error ?? 'unknown'] ?? 0) + 1;
      requests += fake.requests.length;
      overloaded += fake.requests.filter((request) => request.status === 529).length;
      await fake.close();
      rmSync(root, { recursive: true, force: true });
    }
    const label = `529 at ${rate * 100}%, ${attempts ?? 'default'} attempts`;
    results[label] = { runs: RUNS, finished, requests, overloaded, errors };
    console.log(`llm-faults: ${label}: ${finished}/${RUNS} query mega runs finished (${requests} requests, ${overloaded} answered 529)${Object.keys(errors).length ? `; failures ${JSON.stringify(errors)}` : ''}`);
  }

  const times = { clean: [], hung: [] };
  for (let n = 0; n < 3; n++) {
    for (const kind of ['clean', 'hung']) {
      const root = corpus();
      const faults = kind === 'hung' ? { sequence: ['hang'], match: (request) => request.path === '/v1/messages' } : undefined;
      const fake = await startFakeClaude({ reply: report, faults });
      const outcome = await loom(root, fake, { LOOM_LLM__RETRY__IDLE_TIMEOUT_MS: String(IDLE_MS) });
      if (outcome.code !== 0) throw new Error(`${kind} run failed: ${outcome.error}`);
      times[kind].push(outcome.ms);
      await fake.close();
      rmSync(root, { recursive: true, force: true });
    }
  }
  const recovery = { idleTimeoutMs: IDLE_MS, cleanMs: Math.round(median(times.clean)), hungMs: Math.round(median(times.hung)) };
  console.log(`llm-faults: first attempt hung, idleTimeoutMs ${IDLE_MS}: run ${recovery.hungMs} ms vs ${recovery.cleanMs} ms without the hang (+${recovery.hungMs - recovery.cleanMs} ms; medians of 3)`);
  return { corpus: SOURCE, rates: results, recovery };
}
