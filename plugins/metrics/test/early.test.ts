import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { shippedModelTable } from '@loomkit/llm';
import { createCliRunner, generateClaudeTranscripts } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../src/early/index.js';
import { shippedPrices } from '../src/early/setting.js';
import { CALL_RECORD_VERSION, type CallRecord } from '../src/schema.js';
import { cli as bin, tempDir, transcriptPrices, shortSessions } from './support.js';

const home = tempDir('loom-metrics-early-');
const project = join(home.dir, 'project');
const env = { TZ: 'UTC', HOME: join(home.dir, 'home'), LOOM_DATA_DIR: join(home.dir, 'data'), LOOM_CONFIG_DIR: join(home.dir, 'config'), LOOM_CACHE_DIR: join(home.dir, 'cache'), CLAUDE_CONFIG_DIR: join(home.dir, 'claude'), ANTHROPIC_API_KEY: '' };
const cliRoot = pathToFileURL(join(dirname(bin), '..', '/'));
/** The CLI's version, as bin/early.js passes it. */
const { version } = JSON.parse(readFileSync(join(dirname(bin), '..', 'package.json'), 'utf8')) as { version: string };
/** What the CLI's bin/early.js derives from the LOOM_*_DIR overrides above. */
const dirs = { config: env.LOOM_CONFIG_DIR, data: env.LOOM_DATA_DIR, cache: env.LOOM_CACHE_DIR };
const cli = createCliRunner(bin);
/** The full command: a LOOM_* variable of a config section (the default log level) makes the early answer decline. */
const full = (args: string[]) => cli(args, { env: { ...env, LOOM_LOG_LEVEL: 'warn' }, cwd: project });

/** The early answer in this process, as bin/run.js calls it: whether it answered, and what it printed. */
async function early(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ answered: boolean; stdout: string }> {
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  const tz = process.env.TZ;
  process.env.TZ = 'UTC';
  try {
    const answered = (await answer(args, { cliRoot, cwd: project, env: { ...env, ...extra }, dirs, version })) === true;
    return { answered, stdout };
  } finally {
    process.stdout.write = write;
    process.env.TZ = tz;
    if (tz === undefined) delete process.env.TZ;
  }
}

let calls = 0;
function recordCalls(count: number): void {
  const lines: string[] = [];
  for (let n = 0; n < count; n++, calls++) {
    const record: CallRecord = {
      v: CALL_RECORD_VERSION, id: `c${calls}`, t: Date.UTC(2026, 9, 30, 9) + calls * 3_600_000, command: calls % 3 ? 'query mega' : 'ask', session: `s${calls % 4}`,
      project: calls % 2 ? '/work/api' : '/work/web', model: calls % 5 ? 'claude-haiku-4-5' : 'claude-sonnet-4-6', input: 10 + calls, output: 100 + calls, cacheWrite: calls % 7, cacheRead: 1000 * (calls % 3),
      costUsd: 0.001 * (calls + 1), savedUsd: 0.0001 * (calls % 3), latencyMs: 800 + calls, retries: calls % 11 === 0 ? 1 : 0, error: calls % 13 === 0 ? 'HTTP_529' : null,
    };
    lines.push(JSON.stringify(record));
  }
  appendFileSync(join(env.LOOM_DATA_DIR, 'metrics', 'calls.jsonl'), `${lines.join('\n')}\n`);
}

beforeAll(() => {
  mkdirSync(join(project, '.git'), { recursive: true });
  mkdirSync(join(env.LOOM_DATA_DIR, 'metrics'), { recursive: true });
  generateClaudeTranscripts({ root: env.CLAUDE_CONFIG_DIR, bytes: 600_000, prices: transcriptPrices, ...shortSessions, seed: 21, start: Date.UTC(2026, 9, 30, 8) });
  recordCalls(40);
});
afterAll(() => home.remove());

const REQUESTS = [
  ['metrics', 'daily', '--source', 'claude-code', '--json', '--breakdown'],
  ['metrics', '--json'],
  ['metrics', 'session', '--json', '--source=all'],
  ['metrics', 'blocks', '--json', '--since', '2026-10-31'],
  ['metrics', 'command', '--source', 'loom', '--csv'],
  ['metrics', '--model', 'haiku', 'monthly', '--csv', '--breakdown'],
  ['metrics', 'project', '--project', 'api', '--until', '20261102', '--json'],
  // Tables, and the line a table report prints when no row is in range.
  ['metrics'],
  ['metrics', 'monthly', '--breakdown', '--source', 'claude-code'],
  ['metrics', 'session', '--since', '2099-01-01', '--source', 'loom'],
];

describe('the early answer of `loom metrics`', () => {
  it('is the full command\'s output, byte for byte, whichever of them read the new lines', async () => {
    // Cold (no ledger yet, nothing read): the early answer reads the whole history as the command does in a cache of its own.
    const cold = await early(REQUESTS[0]!);
    const commandCold = await cli(REQUESTS[0]!, { env: { ...env, LOOM_LOG_LEVEL: 'warn', LOOM_CACHE_DIR: join(home.dir, 'cache-of-the-command') }, cwd: project });
    expect(cold.answered).toBe(true);
    expect(JSON.parse(cold.stdout).rows.length).toBeGreaterThan(0);
    expect(cold.stdout).toBe(commandCold.stdout);
    for (const args of REQUESTS) {
      const command = await full(args);
      expect(command.code, command.stderr).toBe(0);
      const fast = await early(args);
      expect(fast.answered, args.join(' ')).toBe(true);
      expect(fast.stdout, args.join(' ')).toBe(command.stdout);
    }
    // New transcript lines and calls, read first by the early answer, then by the command (which then reads nothing new).
    generateClaudeTranscripts({ root: join(env.CLAUDE_CONFIG_DIR, 'projects', 'later'), bytes: 100_000, prices: transcriptPrices, ...shortSessions, seed: 22, start: Date.UTC(2026, 10, 3, 8) });
    recordCalls(5);
    const fast = await early(REQUESTS[2]!);
    const command = await full(REQUESTS[2]!);
    expect(fast.answered).toBe(true);
    expect(JSON.parse(fast.stdout).totals.calls).toBeGreaterThan(40);
    expect(fast.stdout).toBe(command.stdout);
  });

  it('answers through the CLI\'s earlyAnswers as the command would', async () => {
    const args = REQUESTS[1]!;
    const [dispatched, command] = [await cli(args, { env, cwd: project }), await full(args)];
    expect(dispatched.code).toBe(0);
    expect(dispatched.stdout).toBe(command.stdout);
  });

  it('declines whatever the full command would answer otherwise', async () => {
    const json = ['metrics', 'daily', '--json'];
    expect((await early(json)).answered).toBe(true);
    expect((await early(['metrics', '--since=3650d', '--json', 'daily'])).answered).toBe(true);
    // Flags and words it does not take: config for this run, the table, help, subcommands, unknown or repeated flags, a bad date.
    for (const args of [
      [...json, '--set', 'metrics.claudeDirs=[]'], [...json, '--help'], ['metrics', 'budget', '--json'], ['metrics', 'export', '--json'],
      [...json, '--bogus'], [...json, '-v'], [...json, '--json'], [...json, '--csv'], [...json, '--source', 'nowhere'], [...json, '--since', 'last tuesday'], [...json, 'weekly'], [...json, '--'],
      [...json, '--since='], [...json, '--since=-1d'], [...json, '--since', '--csv'], ['metrics', '--json=true'],
    ]) expect(await early(args), args.join(' ')).toEqual({ answered: false, stdout: '' });
    // JSON on a terminal: oclif colourises it.
    const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
    try {
      expect(await early(json)).toEqual({ answered: false, stdout: '' });
    } finally {
      if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
    // Its settings: a config layer, installed plugins, debug output.
    expect((await early(json, { LOOM_METRICS__CLAUDE_DIRS: '[]' })).answered).toBe(false);
    expect((await early(json, { DEBUG: 'loom' })).answered).toBe(false);
    for (const file of [join(env.LOOM_CONFIG_DIR, 'config.json'), join(project, 'loom.config.json'), join(env.LOOM_DATA_DIR, 'package.json'), join(project, '.loom', 'sessions', 'active')]) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, '{}');
      expect(await early(json), file).toEqual({ answered: false, stdout: '' });
      rmSync(file);
    }
    // No ledger: a cold start is answered too, and leaves the ledger the next run reads.
    const ledger = join(env.LOOM_CACHE_DIR, 'metrics', 'claude-code.bin');
    const before = (await early(json)).stdout;
    rmSync(ledger);
    expect(await early(json)).toEqual({ answered: true, stdout: before });
    expect(readFileSync(ledger).length).toBeGreaterThan(0);
  });

  it('prices with the table llm ships, read without its schema', () => {
    const { models } = shippedModelTable();
    const raw = shippedPrices(join(dirname(bin), '../../../packages/llm/data/models.json'));
    expect(raw?.models).toEqual(models);
  });
});
