// The MCP server (issue 16), on the built CLI, serving a copy of zod's sources (real code
// nobody here wrote), with the SDK's own Client over stdio:
// 1. start-up: spawn → initialize → tools/list answered, and tools/list alone once connected.
//    Goal: tools/list answered < 150 ms after start. The first start builds the tool table
//    (the kernel's catalog, cached on disk); the others answer from it. `node -e 0` is timed
//    between starts, the floor any Node program pays here, and the load average is printed.
// 2. a tool call's overhead over the command itself: the same command run in this process
//    through the kernel's in-process runner (what the server does per call) against the
//    tool call from the client, interleaved, medians; and a ping's round trip, the floor the
//    two processes' stdio and scheduling set. Goal: < 10 ms.
// 3. 100 concurrent read-only calls: all answered; the server's peak RSS (VmHWM). Goal: < 300 MiB.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Config } from '@oclif/core';
import { KERNEL_API_VERSION } from '@loomkit/kernel';
import { bootKernel, createInProcessRunner, registerHost } from '@loomkit/kernel/command';
import { median, percentile } from './stats.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const cliRoot = join(repo, 'apps/cli');
const bin = join(cliRoot, 'bin/run.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 20);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 100);

const now = () => Number(process.hrtime.bigint()) / 1e6;
const row = (values) => ({ medianMs: median(values), p90Ms: percentile(values, 90) });

function corpus() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'loom-bench-mcp-')));
  const zod = realpathSync(join(repo, 'bench/node_modules/zod'));
  cpSync(join(zod, 'src'), join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'loom.config.json'), '{}\n');
  const home = join(root, '.user');
  const env = { ...process.env, NO_COLOR: '1', ANTHROPIC_API_KEY: '', LOOM_CONFIG_DIR: join(home, 'config'), LOOM_DATA_DIR: join(home, 'data'), LOOM_CACHE_DIR: join(home, 'cache') };
  return { root, env, version: JSON.parse(readFileSync(join(zod, 'package.json'), 'utf8')).version };
}

async function connect(project, extra = []) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp', 'serve', ...extra], cwd: project.root, env: project.env, stderr: 'ignore' });
  const client = new Client({ name: 'loom-bench', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

const peakRssMiB = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function startup(project) {
  const toList = [];
  const listAlone = [];
  const bare = [];
  const ordinary = [];
  let first;
  for (let round = 0; round <= ROUNDS; round++) {
    let started = now();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(now() - started);
    if (round > 0) {
      // Any flag but --project takes the ordinary path: oclif, the kernel, then the server.
      started = now();
      const plain = await connect(project, ['--set', 'logLevel=warn']);
      await plain.client.listTools();
      ordinary.push(now() - started);
      await plain.client.close();
    }
    started = now();
    const { client } = await connect(project);
    const { tools } = await client.listTools();
    if (round === 0) first = now() - started;
    else toList.push(now() - started);
    const again = now();
    await client.listTools();
    listAlone.push(now() - again);
    await client.close();
    if (tools.length === 0) throw new Error('no tools listed');
  }
  return { firstStartMs: first, spawnToToolsList: row(toList), ordinaryPath: row(ordinary), nodeE0: row(bare), ratioToNode: median(toList) / median(bare), toolsListConnected: row(listAlone), samples: { first, toList, ordinary, bare, listAlone } };
}

async function overhead(project) {
  const cwd = process.cwd();
  process.chdir(project.root);
  const saved = { ...process.env };
  Object.assign(process.env, project.env);
  const config = await Config.load(cliRoot);
  registerHost({ kernelVersion: KERNEL_API_VERSION, boot: bootKernel });
  const kernel = await bootKernel({ config, cwd: project.root, assignments: [], signal: new AbortController().signal, verbose: false, strict: true, setUp: true });
  const runner = createInProcessRunner(config, kernel);
  const { client } = await connect(project);
  const cases = [
    { tool: 'security_policy', command: 'security policy', args: {}, argv: [] },
    { tool: 'query_map', command: 'query map', args: { path: 'src', tokens: 4000 }, argv: ['src', '--tokens=4000'] },
  ];
  const results = {};
  const pings = [];
  try {
    for (const one of cases) {
      const direct = [];
      const viaMcp = [];
      const signal = new AbortController().signal;
      // Warm both sides (module loads, caches) before timing.
      await runner.run(one.command, one.argv, signal);
      await client.callTool({ name: one.tool, arguments: one.args });
      for (let i = 0; i < CALLS; i++) {
        // The protocol's floor: one request through both processes and back, no work.
        let started = now();
        await client.ping();
        pings.push(now() - started);
        started = now();
        const outcome = await runner.run(one.command, one.argv, signal);
        direct.push(now() - started);
        if (outcome.error) throw new Error(`${one.command}: ${outcome.error.message}`);
        started = now();
        const result = await client.callTool({ name: one.tool, arguments: one.args });
        viaMcp.push(now() - started);
        if (result.isError) throw new Error(`${one.tool}: ${JSON.stringify(result.content)}`);
      }
      results[one.tool] = { direct: row(direct), mcp: row(viaMcp), overheadMs: median(viaMcp) - median(direct), samples: { direct, viaMcp } };
    }
  } finally {
    await client.close();
    runner.close();
    await kernel.dispose();
    process.chdir(cwd);
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  results.ping = row(pings);
  return results;
}

async function concurrent(project) {
  const { client, transport } = await connect(project);
  try {
    const calls = [
      { name: 'security_policy', arguments: {} },
      { name: 'session_list', arguments: {} },
      { name: 'query_map', arguments: { path: 'src', tokens: 2000 } },
      { name: 'chain_list', arguments: {} },
    ];
    const before = peakRssMiB(transport.pid);
    const started = now();
    const results = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => client.callTool(calls[i % calls.length])));
    const ms = now() - started;
    const answered = results.filter((result) => !result.isError).length;
    return { calls: CONCURRENT, answered, wallMs: ms, peakRssMiBBefore: before, peakRssMiB: peakRssMiB(transport.pid) };
  } finally {
    await client.close();
  }
}

export async function run() {
  const project = corpus();
  try {
    console.log(`\nMCP server over zod ${project.version}'s sources (stdio, the SDK's Client)`);
    const start = await startup(project);
    console.log(`load average at start: ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);
    console.log(`first start (builds the tool table)           ${start.firstStartMs.toFixed(0)} ms`);
    console.log(`spawn → initialize → tools/list answered     median ${start.spawnToToolsList.medianMs.toFixed(0)} ms  p90 ${start.spawnToToolsList.p90Ms.toFixed(0)} ms  (${ROUNDS} starts, from the table)`);
    console.log(`the same without the table (oclif, kernel, then the server) median ${start.ordinaryPath.medianMs.toFixed(0)} ms`);
    console.log(`node -e 0, between the starts                median ${start.nodeE0.medianMs.toFixed(0)} ms → tools/list at ${start.ratioToNode.toFixed(2)}× a bare Node start`);
    console.log(`tools/list once connected                    median ${start.toolsListConnected.medianMs.toFixed(2)} ms`);
    console.log(`goal: tools/list answered < 150 ms after start → ${start.spawnToToolsList.medianMs < 150 ? 'met' : 'NOT met'}`);
    const calls = await overhead(project);
    const { ping, ...tools } = calls;
    console.log(`ping round trip (stdio, both processes)      median ${ping.medianMs.toFixed(2)} ms  p90 ${ping.p90Ms.toFixed(2)} ms`);
    for (const [tool, result] of Object.entries(tools)) {
      console.log(`${tool.padEnd(16)} in process median ${result.direct.medianMs.toFixed(2)} ms · tool call median ${result.mcp.medianMs.toFixed(2)} ms · overhead ${result.overheadMs.toFixed(2)} ms (${CALLS} each, interleaved) ${result.overheadMs < 10 ? '(met)' : '(NOT met)'}`);
    }
    const load = await concurrent(project);
    console.log(`${load.calls} concurrent read-only calls: ${load.answered} answered in ${load.wallMs.toFixed(0)} ms · server peak RSS ${load.peakRssMiB.toFixed(0)} MiB (after start-up ${load.peakRssMiBBefore.toFixed(0)} MiB) ${load.answered === load.calls && load.peakRssMiB < 300 ? '(met)' : '(NOT met)'}`);
    return { corpus: `zod ${project.version} src`, startup: start, calls, concurrent: load };
  } finally {
    rmSync(project.root, { recursive: true, force: true });
  }
}
