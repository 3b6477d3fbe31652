import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCliRunner } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, parseListArgv } from '../src/early/index.js';
import { RECORD_VERSION } from '../src/schema.js';
import { storeAt, tempDirs, turn } from './support/store-env.js';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../../../apps/cli/bin/run.js');
const cliRoot = pathToFileURL(join(dirname(bin), '..', '/'));
/** The CLI's version, as bin/early.js passes it. */
const { version } = JSON.parse(readFileSync(join(dirname(bin), '..', 'package.json'), 'utf8')) as { version: string };
const temp = tempDirs();
let home: string;
let project: string;
let env: NodeJS.ProcessEnv;
let dirs: { config: string; data: string; cache: string };
const cli = createCliRunner(bin);

/** The command through oclif and the kernel: a LOOM_* variable of a config section (the default log level) makes the early answer decline. */
const full = (args: string[], cwd = project) => cli(args, { env: { ...env, LOOM_LOG_LEVEL: 'warn' }, cwd });

/** The early answer in this process, as bin/run.js calls it: whether it answered, and what it printed. */
function early(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { answered: boolean; stdout: string } {
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  try {
    return { answered: answer(args, { cliRoot, cwd: options.cwd ?? project, env: { ...env, ...options.env }, dirs, version }) === true, stdout };
  } finally {
    process.stdout.write = write;
  }
}

const sessionsDir = () => join(project, '.loom', 'sessions');
/** `--json --archived` holds every field of every session: enough once the table has been compared. */
const EVERYTHING = [['session', 'list', '--json', '--archived']];
const LISTS = [['session', 'list'], ['session', 'list', '--json'], ['session', 'list', '--archived'], ['session', 'list', '--json', '--archived'], ['session', 'list', '--archived', '--json']];

/** Every list the early answer takes equals the full command's output, byte for byte. */
async function expectSameAsCommand(lists = LISTS): Promise<void> {
  for (const args of lists) {
    const command = await full(args);
    expect(command.code, command.stderr).toBe(0);
    const fast = early(args);
    expect({ args, answered: fast.answered }).toEqual({ args, answered: true });
    expect(fast.stdout, args.join(' ')).toBe(command.stdout);
  }
}

/**
 * The CLI in a child with a deadline (early answer first, as a user runs it): a read that blocks
 * on a FIFO fails the test instead of stopping the suite. `fifos` are removed if it timed out.
 */
async function withDeadline(args: string[], fifos: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return await cli(args, { env, cwd: project, timeoutMs: 20_000 });
  } catch (error) {
    for (const fifo of fifos) rmSync(fifo, { force: true });
    return { code: -1, stdout: '', stderr: String(error) };
  }
}

beforeAll(() => {
  home = temp.make('loom-session-early-');
  project = join(home, 'project');
  mkdirSync(join(project, '.git'), { recursive: true });
  dirs = { config: join(home, 'config'), data: join(home, 'data'), cache: join(home, 'cache') };
  env = { HOME: join(home, 'home'), LOOM_CONFIG_DIR: dirs.config, LOOM_DATA_DIR: dirs.data, LOOM_CACHE_DIR: dirs.cache, OCLIF_DISABLE_LINKED_ESM_WARNING: '1', ANTHROPIC_API_KEY: '' };
});
afterAll(() => temp.cleanup());

describe('the early answer of `loom session list`', () => {
  it('says there are no sessions, as the command does, in a project that never had one', async () => {
    await expectSameAsCommand();
    expect(early(['session', 'list']).stdout).toContain('no sessions in this project yet');
  });

  it('lists sessions with their turns, cost, state and the active one exactly as the command does', async () => {
    // Dated two months back, so "updated" is a date and both runs print the same words.
    const store = storeAt(project, dirs.data, () => Date.parse('2026-09-01T10:00:00Z'));
    const first = await store.create('fix-login');
    await store.append(first.id, [turn('one', { costUsd: 0.25 }), turn('two', { costUsd: 0.003 })]);
    const second = await store.create('refactor');
    await store.append(second.id, [{ v: RECORD_VERSION, type: 'end', at: '2026-09-02T08:00:00.000Z' }]);
    const third = await store.create('spike');
    await store.archive(third.id);
    await store.setActive(first.id);
    // The full command folds what was appended and rewrites the index; then the early answer can read it.
    await expectSameAsCommand();
    const json = JSON.parse(early(['session', 'list', '--json', '--archived']).stdout) as Array<{ name: string; turns: number; costUsd: number; active: boolean; archived: boolean }>;
    expect(json.map((s) => [s.name, s.turns, s.active, s.archived])).toEqual(expect.arrayContaining([['fix-login', 2, true, false], ['spike', 0, false, true]]));
    expect(json.find((s) => s.name === 'fix-login')?.costUsd).toBeCloseTo(0.253, 10);
    expect(early(['session', 'list']).stdout).not.toContain('spike');
  });

  it('declines while a log holds lines the index has not folded, and answers again once the command has', async () => {
    const [id] = readFileSync(join(sessionsDir(), 'index.json'), 'utf8').match(/"id":"([0-9a-z]{8})"/)!.slice(1);
    appendFileSync(join(sessionsDir(), `${id}.jsonl`), `${JSON.stringify(turn('three', { costUsd: 1 }))}\n`);
    expect(early(['session', 'list'])).toEqual({ answered: false, stdout: '' });
    await expectSameAsCommand(EVERYTHING);
  });

  it('answers right after a command is recorded in the active session: the recorder folds its turn into the index', async () => {
    const store = storeAt(project, dirs.data, () => Date.parse('2026-09-05T10:00:00Z'));
    const [active] = (await store.list()).filter((s) => s.name === 'fix-login');
    // What the recorder does at command:end: append the turn, then refresh the index.
    await store.append(active!.id, [turn('recorded', { costUsd: 2 })]);
    expect(early(['session', 'list', '--json']).answered).toBe(false);
    await store.refreshIndex();
    const fast = early(['session', 'list', '--json']);
    expect(fast.answered).toBe(true);
    expect((JSON.parse(fast.stdout) as Array<{ name: string; turns: number }>).find((s) => s.name === 'fix-login')?.turns).toBe(active!.turns + 1);
    await expectSameAsCommand(EVERYTHING);
  });

  it('declines when the index is missing or is not the index, and the command rebuilds it', async () => {
    for (const broken of [undefined, '{"v":1,"sessions":[{"id":"x"}]}\n', '{"v":2,"sessions":[]}\n', 'not json']) {
      if (broken === undefined) rmSync(join(sessionsDir(), 'index.json'));
      else writeFileSync(join(sessionsDir(), 'index.json'), broken);
      expect({ broken, ...early(['session', 'list', '--json']) }).toEqual({ broken, answered: false, stdout: '' });
      await expectSameAsCommand(EVERYTHING);
    }
    // A FIFO in the index's place would block a plain read forever: it is no index. Run in a
    // child with a deadline (a hang in this process would stop the suite, not fail it).
    const index = join(sessionsDir(), 'index.json');
    const before = await full(['session', 'list', '--json', '--archived']);
    rmSync(index);
    execFileSync('mkfifo', [index]);
    const viaEarly = await withDeadline(['session', 'list', '--json', '--archived'], [index]);
    expect({ code: viaEarly.code, stdout: viaEarly.stdout }).toEqual({ code: 0, stdout: before.stdout });
    // The command replaced the FIFO with the index it rebuilt.
    expect(statSync(index).isFile()).toBe(true);
    await expectSameAsCommand(EVERYTHING);
  });

  it('declines when a log appears or goes without the index knowing', async () => {
    const index = readFileSync(join(sessionsDir(), 'index.json'), 'utf8');
    const log = JSON.parse(index).sessions[0] as { id: string; archived: boolean };
    const path = join(sessionsDir(), ...(log.archived ? ['archive'] : []), `${log.id}.jsonl`);
    const saved = readFileSync(path);
    rmSync(path);
    expect(early(['session', 'list']).answered).toBe(false);
    writeFileSync(path, saved);
    // Same bytes, new mtime: still not what the index describes.
    expect(early(['session', 'list']).answered).toBe(false);
    await expectSameAsCommand(EVERYTHING);
    writeFileSync(join(sessionsDir(), 'zzzzzzzz.jsonl'), `${JSON.stringify({ v: 1, type: 'session', id: 'zzzzzzzz', name: 'new', createdAt: '2026-09-03T00:00:00.000Z', projectRoot: project, forkedFrom: null })}\n`);
    expect(early(['session', 'list']).answered).toBe(false);
    await expectSameAsCommand(EVERYTHING);
  });

  it('neither hangs on nor lists a FIFO in the place of the active file or of a log, as the command does not', async () => {
    const active = join(sessionsDir(), 'active');
    const fifoLog = join(sessionsDir(), 'yyyyyyyy.jsonl');
    const saved = readFileSync(active);
    rmSync(active);
    execFileSync('mkfifo', [active]);
    execFileSync('mkfifo', [fifoLog]);
    const viaEarly = await withDeadline(['session', 'list', '--json', '--archived'], [active, fifoLog]);
    expect(viaEarly.code, viaEarly.stderr).toBe(0);
    await expectSameAsCommand(EVERYTHING);
    const listedNow = JSON.parse(early(['session', 'list', '--json', '--archived']).stdout) as Array<{ id: string; active: boolean }>;
    expect(listedNow.length).toBeGreaterThan(0);
    expect(listedNow.filter((s) => s.active || s.id === 'yyyyyyyy')).toEqual([]);
    rmSync(active);
    rmSync(join(sessionsDir(), 'yyyyyyyy.jsonl'));
    writeFileSync(active, saved);
    expect(JSON.parse(early(['session', 'list', '--json']).stdout).some((s: { active: boolean }) => s.active)).toBe(true);
  });

  it('leaves the command to run for anything a booted kernel could answer differently', async () => {
    expect(early(['session', 'list']).answered).toBe(true);
    expect(early(['session', 'list'], { env: { LOOM_LOG_LEVEL: 'debug' } }).answered).toBe(false);
    expect(early(['session', 'list'], { env: { DEBUG: 'loom:*' } }).answered).toBe(false);
    expect(early(['session', 'list', '--json'], { env: { FORCE_COLOR: '1' } }).answered).toBe(false);
    for (const file of [join(project, 'loom.config.json'), join(dirs.config, 'config.json'), join(dirs.data, 'package.json')]) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, '{}\n');
      expect({ file, answered: early(['session', 'list']).answered }).toEqual({ file, answered: false });
      rmSync(file);
    }
    expect(early(['session', 'list']).answered).toBe(true);
  });

  it('answers in a configured project once the command has booted cleanly with the config as it is now', async () => {
    const config = join(project, 'loom.config.json');
    writeFileSync(config, `${JSON.stringify({ session: { keepRecentTurns: 4 } })}\n`);
    expect(early(['session', 'list']).answered).toBe(false);
    // No stamp yet: the CLI's early answer declines, the command boots with the file and stamps it.
    const command = await cli(['session', 'list', '--json', '--archived'], { env, cwd: project });
    expect(command.code, command.stderr).toBe(0);
    expect(early(['session', 'list', '--json', '--archived'])).toEqual({ answered: true, stdout: command.stdout });
    // An edit is not what was stamped; a kernel setting (here the log level) bears on every command.
    writeFileSync(config, `${JSON.stringify({ logLevel: 'error' })}\n`);
    expect(early(['session', 'list']).answered).toBe(false);
    expect((await cli(['session', 'list'], { env, cwd: project })).code).toBe(0);
    expect(early(['session', 'list']).answered).toBe(false);
    rmSync(config);
  });

  it('takes only what oclif would parse to `--json` and `--archived`, each once', () => {
    expect(parseListArgv(['session', 'list'])).toEqual({ json: false, archived: false });
    expect(parseListArgv(['session', 'list', '--archived', '--json'])).toEqual({ json: true, archived: true });
    for (const argv of [
      ['session', 'list', '--all-projects'],
      ['session', 'list', '-a'],
      ['session', 'list', '--json', '--json'],
      ['session', 'list', '--json=true'],
      ['session', 'list', '--set', 'logLevel=debug'],
      ['session', 'list', '--verbose'],
      ['session', 'list', 'extra'],
      ['session', 'list', '--'],
      ['session', 'list', '--help'],
      ['session', 'show'],
    ]) {
      expect({ argv, parsed: parseListArgv(argv) }).toEqual({ argv, parsed: undefined });
    }
  });
});
