import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from '@loomkit/testkit';
import { afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { storeAt, tempDirs, turn } from './support/store-env.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'support', 'append-child.mjs');
const dirs = tempDirs();
const running = new Set<ChildProcess>();

beforeAll(() => {
  if (!existsSync(resolve(here, '../dist/store/index.js'))) throw new Error('build the plugin first: pnpm build');
});

afterEach(() => {
  for (const proc of running) proc.kill('SIGKILL');
  running.clear();
  dirs.cleanup();
});

function writer(args: string[]): { proc: ChildProcess; ready: Promise<void>; started: Promise<void>; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = (word: string) => {
    const seen = new Promise<void>((resolveSeen, reject) => {
      proc.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes(word)) resolveSeen();
      });
      proc.on('exit', (code, signal) => reject(new Error(`writer exited (${code ?? signal}) before "${word}": ${stderr}`)));
    });
    seen.catch(() => undefined);
    return seen;
  };
  const ready = output('ready');
  const started = output('go');
  const exited = new Promise<number | null>((resolveExit) =>
    proc.on('exit', (code) => {
      running.delete(proc);
      if (code !== 0 && code !== null) process.stderr.write(stderr);
      resolveExit(code);
    }),
  );
  return { proc, ready, started, exited };
}

/** `count` kill delays of 20–220 ms from a seeded PRNG, so a failure replays. */
const seededDelays = (seed: number, count: number): number[] => {
  const next = prng(seed);
  return Array.from({ length: count }, () => 20 + Math.floor(next() * 200));
};

/** Every complete line of the log, parsed; the count of lines that are not JSON. */
function rawLines(path: string): { records: Array<Record<string, unknown>>; unreadable: number } {
  const records: Array<Record<string, unknown>> = [];
  let unreadable = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.length === 0) continue;
    try {
      records.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      unreadable++;
    }
  }
  return { records, unreadable };
}

describe('crash safety', () => {
  it('kill -9 during appends, again and again: every log still reads, no turn duplicated, seqs contiguous', async () => {
    const root = dirs.make('loom-project-');
    const data = dirs.make('loom-data-');
    const store = storeAt(root, data);
    const session = await store.create('crash-loop');
    const log = join(store.dir, `${session.id}.jsonl`);
    const rounds = 5;
    // Kill times are drawn from a seed (LOOM_TEST_SEED to replay one) and printed on failure.
    const seed = Number(process.env.LOOM_TEST_SEED ?? Date.now() % 100_000);
    const delays = seededDelays(seed, rounds);
    let round = 0;
    onTestFailed(() => void process.stderr.write(`store-crash: LOOM_TEST_SEED=${seed} replays it (kill delays ${delays.join(', ')} ms; failed in round ${round})\n`));
    for (; round < rounds; round++) {
      const { proc, started, exited } = writer([root, data, session.id, `r${round}`, 'forever']);
      await started;
      // A random moment in the loop: inside the lock, mid-write, or between appends.
      await new Promise((r) => setTimeout(r, delays[round]));
      proc.kill('SIGKILL');
      await exited;

      const state = await store.read(session.id);
      const seqs = state.turnRecords.map((turn) => turn.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i));
      const inputs = state.turnRecords.map((turn) => turn.input);
      expect(new Set(inputs).size).toBe(inputs.length);
      expect(inputs.filter((input) => input.startsWith(`r${round}-`)).length).toBeGreaterThan(0);
      // Each writer's own turns are in its order, none missing before its last.
      const mine = inputs.filter((input) => input.startsWith(`r${round}-`)).map((input) => Number(input.split('-')[1]));
      expect(mine).toEqual(mine.map((_, i) => i));
      // Only a torn tail (at most one per kill) may be unreadable.
      expect(rawLines(log).unreadable).toBeLessThanOrEqual(round + 1);
      expect(state.skippedLines).toBe(rawLines(log).unreadable);
    }
    // The index agrees with the log after all that.
    const [summary] = await store.list();
    expect(summary!.turns).toBe((await store.read(session.id)).turnRecords.length);
  });

  it('a lock left behind by a killed writer is taken over once stale, not waited on forever', async () => {
    const root = dirs.make('loom-project-');
    const data = dirs.make('loom-data-');
    const store = storeAt(root, data); // staleMs 2000, proper-lockfile's floor
    const session = await store.create('orphaned-lock');
    // What kill -9 inside the lock leaves: the lock directory, no one refreshing it.
    mkdirSync(join(store.dir, `${session.id}.lock`));
    await store.append(session.id, [turn('after')]);
    expect((await store.read(session.id)).turnRecords.map((t) => t.input)).toEqual(['after']);
    expect(existsSync(join(store.dir, `${session.id}.lock`))).toBe(false);
  });

  it('two writers at once: every line intact, none interleaved, each turn once, seqs contiguous', async () => {
    const root = dirs.make('loom-project-');
    const data = dirs.make('loom-data-');
    const store = storeAt(root, data);
    const session = await store.create('two-terminals');
    const perWriter = 150;
    const barrier = join(root, 'start');
    const a = writer([root, data, session.id, 'A', String(perWriter), barrier, 'B']);
    const b = writer([root, data, session.id, 'B', String(perWriter), barrier, 'A']);
    await Promise.all([a.ready, b.ready]);
    writeFileSync(barrier, '');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);

    const { records, unreadable } = rawLines(join(store.dir, `${session.id}.jsonl`));
    expect(unreadable).toBe(0);
    expect(records).toHaveLength(1 + 2 * perWriter);
    const turns = records.filter((record) => record.type === 'turn');
    expect(turns.map((turn) => turn.seq)).toEqual(turns.map((_, i) => i));
    for (const tag of ['A', 'B']) {
      const mine = turns.filter((turn) => String(turn.input).startsWith(`${tag}-`)).map((turn) => Number(String(turn.input).split('-')[1]));
      expect(mine).toEqual([...Array(perWriter).keys()]);
    }
    // Lockstep forces the writers to contend at every step: each writer's turn i lands
    // between the other's turns i - 1 and i + 1, so the log can never hold one block after the other.
    const position = new Map(turns.map((turn, index) => [String(turn.input), index]));
    for (let i = 1; i < perWriter; i++) {
      expect(position.get(`A-${i}`)!).toBeGreaterThan(position.get(`B-${i - 1}`)!);
      expect(position.get(`B-${i}`)!).toBeGreaterThan(position.get(`A-${i - 1}`)!);
    }
    expect((await store.read(session.id)).skippedLines).toBe(0);
  });
});
