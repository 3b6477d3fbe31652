// `pnpm bench [suite…]`: runs the benchmark suites and prints medians and ratios. Each
// suite also writes its raw samples to reports/bench/<suite>.json for the record.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const suites = {
  startup: () => import('./suites/startup.js'),
  'llm-overhead': () => import('./suites/llm-overhead.js'),
  secrets: () => import('./suites/secrets.js'),
  session: () => import('./suites/session.js'),
  injection: () => import('./suites/injection.js'),
  mega: () => import('./suites/mega.js'),
  'llm-faults': () => import('./suites/llm-faults.js'),
  query: () => import('./suites/query.js'),
  auto: () => import('./suites/auto.js'),
  chain: () => import('./suites/chain.js'),
  metrics: () => import('./suites/metrics.js'),
  mcp: () => import('./suites/mcp.js'),
  compression: () => import('./suites/compression.js'),
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(suites);
const unknown = names.filter((name) => !(name in suites));
if (unknown.length > 0) {
  console.error(`error[BENCH_UNKNOWN]: no suite ${unknown.join(', ')}\nhint: suites are ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}

console.log(`node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
const out = new URL('../reports/bench/', import.meta.url);
mkdirSync(out, { recursive: true });
for (const name of names) {
  const { run } = await suites[name]();
  const result = await run();
  writeFileSync(new URL(`${name}.json`, out), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, ...result }, null, 2)}\n`);
}
