import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runInvocation } from '@loomkit/kernel';
import { createTestKernel, type TestKernel } from '@loomkit/kernel/testing';
import llmPlugin from '@loomkit/llm/plugin';
import securityPlugin from '@loomkit/plugin-security';
import { LlmToken } from '@loomkit/llm';
import { createTempProject, startFakeClaude, type FakeClaude, type TempProject } from '@loomkit/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sessionPlugin, { CheckpointsToken, ConversationToken, SessionStoreToken } from '../src/index.js';
import { isRecorded } from '../src/service/recorder.js';
import { currentEntries } from '../src/store/project-index.js';

let project: TempProject;
let kernel: TestKernel | undefined;
let fake: FakeClaude | undefined;
const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };

beforeEach(async () => {
  project = await createTempProject({ git: true, files: { 'README.md': '# app\n' } });
});

afterEach(async () => {
  await kernel?.dispose();
  kernel = undefined;
  await fake?.close();
  fake = undefined;
  for (const [name, value] of [['ANTHROPIC_API_KEY', saved.key], ['ANTHROPIC_BASE_URL', saved.url]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  project.remove();
});

async function boot(): Promise<TestKernel> {
  kernel = await createTestKernel({ plugins: [llmPlugin, securityPlugin, sessionPlugin], cwd: project.root });
  return kernel;
}

/** A kernel talking to a fake Claude started with `options`, and an active session named `name`. */
async function onlineWithSession(options: Parameters<typeof startFakeClaude>[0], name: string) {
  fake = await startFakeClaude(options);
  process.env.ANTHROPIC_API_KEY = fake.apiKey;
  process.env.ANTHROPIC_BASE_URL = fake.url;
  const k = await boot();
  const store = k.get(SessionStoreToken);
  const session = await store.create(name);
  await store.setActive(session.id);
  return { k, store, session, fake };
}

/** What LoomCommand does around a command's run. */
async function runCommand(k: TestKernel, command: string, argv: string[], body: () => Promise<void> = async () => undefined): Promise<void> {
  await k.events.emit('command:start', { command, argv });
  try {
    await body();
  } catch (error) {
    await k.events.emit('command:error', { command, error: { code: (error as { code?: string }).code ?? 'INTERNAL', message: (error as Error).message } });
    return;
  }
  await k.events.emit('command:end', { command, durationMs: 42 });
}

describe('the session plugin in a kernel', () => {
  it('provides its three services lazily', async () => {
    const k = await boot();
    expect(k.status().find((p) => p.name === 'session')).toMatchObject({ state: 'ready' });
    const store = k.get(SessionStoreToken);
    expect(store.dir).toBe(join(project.root, '.loom', 'sessions'));
    expect(k.get(SessionStoreToken)).toBe(store);
    expect(typeof k.get(CheckpointsToken).create).toBe('function');
    expect(typeof k.get(ConversationToken).buildContext).toBe('function');
    expect(k.routes().filter((r) => r.plugin === 'session').map((r) => r.command)).toContain('session start');
  });

  it('records a turn, with the command\'s tokens and cost, for a command run in an active session', async () => {
    const { k, store, session } = await onlineWithSession({ reply: 'the answer' }, 'work');

    const results: Array<{ usage: { input: number; output: number }; costUsd: number }> = [];
    await runCommand(k, 'security:scan', ['--staged'], async () => {
      const llm = k.get(LlmToken);
      results.push(await llm.create({ messages: [{ role: 'user', content: 'is this a secret?' }], max_tokens: 64 }));
      results.push(await llm.create({ messages: [{ role: 'user', content: 'and this?' }], max_tokens: 64 }));
    });
    await runCommand(k, 'doctor', []);

    const state = await store.read(session.id);
    expect(state.turnRecords).toHaveLength(2);
    const [scan, doctor] = state.turnRecords;
    expect(scan).toMatchObject({ seq: 0, kind: 'command', command: 'security scan', input: 'loom security scan --staged', output: 'ok (2 calls to Claude)', durationMs: 42 });
    expect(scan!.tokens.input).toBe(results[0]!.usage.input + results[1]!.usage.input);
    expect(scan!.tokens.output).toBe(results[0]!.usage.output + results[1]!.usage.output);
    expect(scan!.tokens.input).toBeGreaterThan(0);
    expect(scan!.costUsd).toBeCloseTo(results[0]!.costUsd + results[1]!.costUsd, 12);
    expect(scan!.costUsd).toBeGreaterThan(0);
    expect(scan!.model).toBeTruthy();
    expect(scan!.git.branch).toMatch(/^(main|master)$/);
    expect(scan!.git.head).toMatch(/^[0-9a-f]{40}$/);
    expect(doctor).toMatchObject({ seq: 1, command: 'doctor', output: 'ok', costUsd: 0, model: null });
    expect((await store.list())[0]).toMatchObject({ turns: 2 });
  });

  it('leaves the project index current after recording, so `session list` can be answered from it alone', async () => {
    const { k, store, session } = await onlineWithSession({ reply: 'the answer' }, 'work');
    await runCommand(k, 'doctor', []);
    await runCommand(k, 'doctor', []);
    const entries = currentEntries(store.dir);
    expect(entries?.map((entry) => [entry.id, entry.turns])).toEqual([[session.id, 2]]);
  });

  it('commands running at once in one kernel (a chain\'s parallel steps) are one turn each, with their own calls', async () => {
    const { k, store, session, fake: held } = await onlineWithSession({ reply: 'fine', faults: { match: (request) => request.seq < 2, holdUntilInFlight: 2, holdQuietMs: 20_000 } }, 'parallel');
    const llm = k.get(LlmToken);
    const costs: Record<string, number> = {};
    // Both commands start before either ends, and both calls are in flight together.
    const step = (argv: string[], calls: number) =>
      runInvocation(() =>
        runCommand(k, 'query', argv, async () => {
          let cost = 0;
          for (let call = 0; call < calls; call++) cost += (await llm.create({ messages: [{ role: 'user', content: argv.join(' ') }], max_tokens: 64 })).costUsd;
          costs[argv.join(' ')] = cost;
        }),
      );
    await Promise.all([step(['where', 'is', 'a'], 1), step(['where', 'is', 'b'], 2)]);
    expect(held.peakInFlight).toBe(2);

    const turns = (await store.read(session.id)).turnRecords;
    expect(turns.map((turn) => [turn.input, turn.output]).sort()).toEqual([
      ['loom query where is a', 'ok (1 call to Claude)'],
      ['loom query where is b', 'ok (2 calls to Claude)'],
    ]);
    for (const turn of turns) expect(turn.costUsd).toBeCloseTo(costs[turn.input.replace('loom query ', '')]!, 12);
  });

  it('records a failed command with its error, and skips the session commands themselves', async () => {
    const k = await boot();
    const store = k.get(SessionStoreToken);
    const session = await store.create('work');
    await store.setActive(session.id);
    await runCommand(k, 'config:set', ['llm.model', 'nope'], async () => {
      throw Object.assign(new Error('llm.model: no such model'), { code: 'CONFIG_INVALID' });
    });
    await runCommand(k, 'session:status', []);
    await runCommand(k, 'session:memory:add', ['x']);
    await runCommand(k, 'ask', ['why?']);
    const state = await store.read(session.id);
    expect(state.turnRecords.map((t) => [t.command, t.output])).toEqual([['config set', 'error[CONFIG_INVALID]: llm.model: no such model']]);
    expect(isRecorded('session:start')).toBe(false);
    expect(isRecorded('session')).toBe(false);
    expect(isRecorded('shell')).toBe(false);
    expect(isRecorded('security:scan')).toBe(true);
  });

  it('without an active session records nothing and creates nothing', async () => {
    const k = await boot();
    await runCommand(k, 'doctor', []);
    expect(existsSync(join(project.root, '.loom', 'sessions'))).toBe(false);
    // An ended session is no longer recorded into.
    const store = k.get(SessionStoreToken);
    const session = await store.create('done');
    await store.setActive(session.id);
    await store.setActive(undefined);
    await runCommand(k, 'doctor', []);
    expect((await store.read(session.id)).turnRecords).toEqual([]);
  });

  it('a session whose log vanished mid-command is a warning, never a failed command', async () => {
    const k = await boot();
    const store = k.get(SessionStoreToken);
    const session = await store.create('fragile');
    await store.setActive(session.id);
    await k.events.emit('command:start', { command: 'doctor', argv: [] });
    const { rmSync } = await import('node:fs');
    rmSync(join(store.dir, `${session.id}.jsonl`));
    await expect(k.events.emit('command:end', { command: 'doctor', durationMs: 1 })).resolves.toBeUndefined();
    expect(k.logs.some((line) => line.startsWith('warn:') && line.includes('could not record'))).toBe(true);
  });
});

describe('files touched by a command', () => {
  it('lists the files a command created, changed or reverted, and not those dirty all along', async () => {
    const { writeFileSync } = await import('node:fs');
    const { touchedFiles } = await import('../src/service/touched-files.js');
    writeFileSync(join(project.root, 'already-dirty.txt'), 'before the command\n');
    const k = await boot();
    const store = k.get(SessionStoreToken);
    const session = await store.create('files');
    await store.setActive(session.id);
    await runCommand(k, 'doctor', [], async () => {
      writeFileSync(join(project.root, 'README.md'), '# app, edited\n');
      writeFileSync(join(project.root, 'src-new.ts'), 'export {};\n');
    });
    const [turn] = (await store.read(session.id)).turnRecords;
    expect(turn?.files).toEqual(['README.md', 'src-new.ts']);
    expect(touchedFiles(new Map([['a', 1], ['b', 2]]), new Map([['b', 3], ['c', 4]]))).toEqual(['a', 'b', 'c']);
    expect(touchedFiles(new Map([['a', 1]]), new Map([['a', 1]]))).toEqual([]);
  });
});
