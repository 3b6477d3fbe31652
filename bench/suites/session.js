// Sessions (issue 6), on the built plugin: appending a turn (goal p99 < 5 ms), opening a
// 10,000-turn session and building its context within budget (goal < 150 ms), and `list`
// over 1,000 sessions (goal < 100 ms). Every measurement opens a fresh store, as each
// loom command does (no warm caches but the files themselves); medians are reported
// (the append goal is a p99).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, resolvePaths } from '@loomkit/kernel';
import { createLlm, llmConfigSchema } from '@loomkit/llm';
import { createConversationService, createSessionStore, sessionConfigSchema } from '@loomkit/plugin-session';
import { median, percentile } from './stats.js';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 1000);
const TURNS = Number(process.env.BENCH_TURNS ?? 10_000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const time = async (fn) => {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

/**
 * A realistic mix: two of three turns are commands recorded automatically (a command line,
 * "ok", their usage), one is a conversation turn with a ~2 KB answer. About 0.9 KB a turn,
 * so the 10,000-turn session is a 9 MB log.
 */
const turn = (n) => {
  const conversation = n % 3 === 2;
  return {
    v: 1,
    type: 'turn',
    seq: n,
    at: new Date(Date.UTC(2025, 10, 1) + n * 60_000).toISOString(),
    kind: conversation ? 'conversation' : 'command',
    command: conversation ? null : 'security scan',
    input: conversation ? `question ${n}: why does the login test time out on a slow CI runner, and what should change?` : `loom security scan --staged src/module-${n % 97}`,
    output: conversation ? `answer ${n}: `.padEnd(2000, 'the test waits on a real timer; use fake timers instead. ') : 'ok (1 call to Claude)',
    model: 'claude-sonnet-4-5',
    tokens: { input: 1200 + n, output: 350, cacheWrite: 0, cacheRead: 5000 },
    costUsd: 0.0091,
    durationMs: 2400,
    git: { branch: 'fix/login-timeout', head: 'a'.repeat(40) },
    files: conversation ? ['test/login.test.ts'] : [],
  };
};

const header = (id, name, root) => ({ v: 1, type: 'session', id, name, createdAt: '2025-11-01T00:00:00.000Z', projectRoot: root, forkedFrom: null });
const lines = (records) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** The n-th session id (8 characters of the store's alphabet). */
const id = (n) => Array.from({ length: 8 }, (_, i) => ALPHABET[Math.floor(n / 32 ** (7 - i)) % 32]).join('');

export async function run() {
  const base = mkdtempSync(join(tmpdir(), 'loom-bench-session-'));
  const dataDir = join(base, 'data');
  const rows = [];
  const row = (name, values, goal, stat = 'median') => {
    const value = stat === 'p99' ? percentile(values, 99) : median(values);
    rows.push({ name, stat, ms: value, medianMs: median(values), p99Ms: percentile(values, 99), goalMs: goal, met: value < goal, samples: values.length });
  };
  try {
    // 1. Append a turn, each through a fresh store (a command's hook does exactly one).
    const appendRoot = join(base, 'append');
    mkdirSync(appendRoot);
    const appendStore = createSessionStore({ projectRoot: appendRoot, dataDir });
    const session = await appendStore.create('append-bench');
    for (let n = 0; n < 50; n++) await appendStore.append(session.id, [turn(0)]);
    const fresh = [];
    const warm = [];
    for (let n = 0; n < APPENDS; n++) {
      const store = createSessionStore({ projectRoot: appendRoot, dataDir });
      fresh.push(await time(() => store.append(session.id, [turn(n)])));
      warm.push(await time(() => appendStore.append(session.id, [turn(n)])));
    }
    row('append a turn (fresh store, as a command)', fresh, 5, 'p99');
    row('append a turn (same store, as the shell)', warm, 5, 'p99');

    // 2. Open a 10,000-turn session and build its context (offline: local token estimates).
    const bigRoot = join(base, 'big');
    mkdirSync(join(bigRoot, '.loom', 'sessions'), { recursive: true });
    const bigId = id(1);
    writeFileSync(join(bigRoot, '.loom', 'sessions', `${bigId}.jsonl`), lines([header(bigId, 'long-haul', bigRoot), ...Array.from({ length: TURNS }, (_, n) => turn(n))]));
    const paths = resolvePaths({ cwd: bigRoot, userConfigDir: base, dataDir, cacheDir: base });
    const llm = createLlm({ config: llmConfigSchema.parse({}), env: {}, events: { emit: async () => undefined }, paths, logger: createLogger('silent') });
    const config = sessionConfigSchema.parse({});
    let plan;
    const open = async () => {
      const store = createSessionStore({ projectRoot: bigRoot, dataDir });
      const conversation = createConversationService({ store, llm, config, paths, now: Date.now });
      const state = await store.read('long-haul');
      plan = await conversation.buildContext(state.id);
    };
    await open(); // builds the index once, as the first command after an upgrade would
    const opens = [];
    for (let n = 0; n < RUNS; n++) opens.push(await time(open));
    row(`open + build context, ${TURNS} turns`, opens, 150);

    // 3. list over 1,000 sessions (index current; and once rebuilt from nothing, for the record).
    const manyRoot = join(base, 'many');
    const dir = join(manyRoot, '.loom', 'sessions');
    mkdirSync(dir, { recursive: true });
    for (let n = 0; n < SESSIONS; n++) {
      const sid = id(100 + n);
      writeFileSync(join(dir, `${sid}.jsonl`), lines([header(sid, `session-${n}`, manyRoot), turn(0), turn(1), turn(2)]));
    }
    // A list that came back short would be fast for the wrong reason: every run must see all of them.
    const expectAll = (sessions, what) => {
      const names = new Set(sessions.map((session) => session.name));
      const missing = Array.from({ length: SESSIONS }, (_, n) => `session-${n}`).filter((name) => !names.has(name));
      if (sessions.length !== SESSIONS || missing.length > 0) throw new Error(`${what} returned ${sessions.length} of ${SESSIONS} sessions (missing e.g. ${missing.slice(0, 3).join(', ')})`);
      return sessions.length;
    };
    let listed = 0;
    const rebuild = [await time(async () => (listed = expectAll(await createSessionStore({ projectRoot: manyRoot, dataDir }).list(), 'list rebuilding the index')))];
    const lists = [];
    for (let n = 0; n < RUNS; n++) lists.push(await time(async () => (listed = expectAll(await createSessionStore({ projectRoot: manyRoot, dataDir }).list(), 'list'))));
    row(`list, ${SESSIONS} sessions`, lists, 100);
    row(`list, ${SESSIONS} sessions, index rebuilt from the logs`, rebuild, Infinity);

    console.log(`\nsessions (${APPENDS} appends; ${RUNS} runs of the others; fresh store each time)`);
    for (const r of rows) {
      const goal = Number.isFinite(r.goalMs) ? ` goal < ${r.goalMs} ms ${r.met ? 'met' : 'NOT met'}` : '';
      console.log(`${r.name.padEnd(52)} median ${r.medianMs.toFixed(3)} ms   p99 ${r.p99Ms.toFixed(3)} ms  ${goal}`);
    }
    console.log(`context of the ${TURNS}-turn session: ${plan.mode}, ${plan.messages.length} messages, ~${plan.estimatedTokens} tokens; list returned ${listed} sessions`);
    return { appends: APPENDS, turns: TURNS, sessions: SESSIONS, runs: RUNS, rows, context: { mode: plan.mode, messages: plan.messages.length, estimatedTokens: plan.estimatedTokens } };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
