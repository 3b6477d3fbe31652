import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { claudeProjectFolder, parseClaudeCodeTranscript, toClaudeCodeTranscript } from '../src/interop/claude-code.js';
import { sessionConfigSchema } from '../src/schema.js';
import { createSessionService } from '../src/service/session-service.js';
import { steppingClock, storeAt, tempDirs } from './support/store-env.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = join(here, '__fixtures__', 'claude-code', '5f2c0e4e-7a51-4c3b-9d0a-2b1f6c8e9a17.jsonl');
const transcript = readFileSync(FIXTURE, 'utf8');
const dirs = tempDirs();
afterEach(() => dirs.cleanup());

/** USD per million tokens, as in @loomkit/llm's price table (sonnet 4.5, haiku 4.5). */
const SONNET = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };
const HAIKU = { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 };
const usd = (price: typeof SONNET, t: { input: number; output: number; cacheWrite: number; cacheRead: number }) =>
  (t.input * price.input + t.output * price.output + t.cacheWrite * price.cacheWrite + t.cacheRead * price.cacheRead) / 1e6;

function service() {
  const root = dirs.make('loom-project-');
  const store = storeAt(root, dirs.make('loom-data-'));
  return { store, service: createSessionService({ store, projectRoot: root, config: sessionConfigSchema.parse({}), now: steppingClock(), version: 'loom-test', checkRead: (path) => path }) };
}

describe('Claude Code transcripts', () => {
  it('follows the current branch of the parentUuid chain, one turn per prompt', () => {
    const parsed = parseClaudeCodeTranscript(transcript);
    expect(parsed.sessionId).toBe('5f2c0e4e-7a51-4c3b-9d0a-2b1f6c8e9a17');
    expect(parsed.title).toBe('Fix flaky login timeout test');
    expect(parsed.cwd).toBe('/home/dev/acme-app');
    expect(parsed.skippedLines).toBe(1); // the torn last line
    // The rewound branch (2 lines) and the sub-agent sidechain (2 lines) are left out.
    expect(parsed.offBranch).toBe(4);
    expect(parsed.turns.map((turn) => turn.input)).toEqual([
      'The login test times out randomly in CI. Can you find out why?',
      'Run the whole test suite to make sure nothing else broke',
      'Great, commit it with a good message',
    ]);
    const [first, second, third] = parsed.turns;
    expect(first!.output).toContain("I'll start with the test itself.");
    expect(first!.output).toContain('[tool Read: /home/dev/acme-app/test/login.test.ts]');
    expect(first!.output).toMatch(/Fixed: the test now uses fake timers/);
    expect(first!.tools).toEqual(['Read', 'Edit']);
    expect(first!.files).toEqual(['test/login.test.ts']);
    expect(first!.model).toBe('claude-sonnet-4-5-20250929');
    expect(first!.branch).toBe('fix/login-timeout');
    expect(first!.at).toBe('2025-11-20T09:14:10.502Z');
    expect(first!.durationMs).toBe(Date.parse('2025-11-20T09:14:26.615Z') - Date.parse('2025-11-20T09:14:10.502Z'));
    // msg …01 spans two lines repeating its usage: counted once (with its final output count).
    expect(first!.tokens).toEqual({ input: 12 + 8 + 6, output: 96 + 410 + 120, cacheWrite: 5210 + 320 + 150, cacheRead: 0 + 5210 + 5530 });
    expect(second!.output).not.toContain('Rust');
    expect(second!.tokens).toEqual({ input: 14, output: 105, cacheWrite: 290, cacheRead: 11300 });
    expect(third!.model).toBe('claude-haiku-4-5-20251001');
    expect(third!.tokens).toEqual({ input: 35, output: 105, cacheWrite: 0, cacheRead: 110 });
  });

  it('imports the fixture as a session: turns, usage and cost recorded per turn', async () => {
    const { service: sessions, store } = service();
    const result = await sessions.importText(transcript, { file: FIXTURE });
    expect(result.turns).toBe(3);
    expect(result.skippedLines).toBe(1);
    expect(result.offBranch).toBe(4);
    expect(result.unpricedModels).toEqual([]);
    const session = await store.read(result.session.id);
    expect(session.name).toBe('Fix flaky login timeout test');
    expect(session.turnRecords.map((turn) => [turn.seq, turn.kind])).toEqual([[0, 'conversation'], [1, 'conversation'], [2, 'conversation']]);
    const [first, second, third] = session.turnRecords;
    expect(first!.costUsd).toBeCloseTo(usd(SONNET, first!.tokens), 10);
    expect(first!.costUsd).toBeCloseTo(0.03399, 8);
    expect(second!.costUsd).toBeCloseTo(usd(SONNET, second!.tokens), 10);
    expect(third!.costUsd).toBeCloseTo(usd(HAIKU, third!.tokens), 10);
    expect(session.costUsd).toBeCloseTo(0.03399 + 0.0060945 + 0.000571, 8);
    expect(first!.git).toEqual({ branch: 'fix/login-timeout', head: null });
    expect(first!.files).toEqual(['test/login.test.ts']);
    // Not made active: importing is not resuming.
    expect(await store.active()).toBeUndefined();

    // A second import of the same transcript gets its own, unambiguous name.
    const again = await sessions.importText(transcript, { file: FIXTURE });
    expect(again.session.name).toBe('Fix flaky login timeout test-2');
  });

  it('exports a session in Claude Code\'s format and imports it back unchanged', async () => {
    const { service: sessions, store } = service();
    const imported = await sessions.importText(transcript, { file: FIXTURE });
    const original = await store.read(imported.session.id);
    const { text } = await sessions.exportSession(original.id, 'claude-code');

    // Shape of each line: user/assistant chained by parentUuid, usage on assistant lines.
    type Line = { type: string; uuid?: string; parentUuid?: string | null; sessionId?: string; message: { model: string; usage: Record<string, number> } };
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Line);
    const messages = lines.filter((line) => line.type !== 'summary');
    expect(messages.map((line) => line.type)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    expect(messages[0]!.parentUuid).toBeNull();
    for (let i = 1; i < messages.length; i++) expect(messages[i]!.parentUuid).toBe(messages[i - 1]!.uuid);
    expect(messages[1]!.message.usage).toMatchObject({ input_tokens: 26, output_tokens: 626, cache_creation_input_tokens: 5680, cache_read_input_tokens: 10740 });
    expect(messages[1]!.message.model).toBe('claude-sonnet-4-5-20250929');
    expect(new Set(messages.map((line) => line.sessionId)).size).toBe(1);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', summary: original.name, leafUuid: messages.at(-1)!.uuid });

    const back = await sessions.importText(text, { file: 'export.jsonl', name: 'round-trip' });
    const copy = await store.read(back.session.id);
    const strip = (turns: typeof original.turnRecords) => turns.map(({ input, output, model, tokens, costUsd, git }) => ({ input, output, model, tokens, costUsd, git }));
    expect(strip(copy.turnRecords)).toEqual(strip(original.turnRecords));
    expect(copy.turnRecords.map((turn) => turn.at)).toEqual(original.turnRecords.map((turn) => turn.at));
    expect(copy.turnRecords.map((turn) => turn.durationMs)).toEqual(original.turnRecords.map((turn) => turn.durationMs));
  });

  it('round-trips through the Loom JSON export too, pins included', async () => {
    const { service: sessions, store } = service();
    const imported = await sessions.importText(transcript, { file: FIXTURE });
    await store.setActive(imported.session.id);
    await sessions.addMemory('the CI runner is slow');
    const { text } = await sessions.exportSession(imported.session.id, 'json');
    const back = await sessions.importText(text, { file: 'backup.json' });
    const copy = await store.read(back.session.id);
    expect(copy.turnRecords.map((t) => t.input)).toEqual((await store.read(imported.session.id)).turnRecords.map((t) => t.input));
    expect(copy.pins.map((p) => p.text)).toEqual(['the CI runner is slow']);
  });

  it('refuses a file with no conversation in it, in one line', async () => {
    const { service: sessions } = service();
    await expect(sessions.importText('not json\n{"type":"summary","summary":"x"}\n', { file: 'x.jsonl' })).rejects.toMatchObject({ code: 'SESSION_IMPORT_EMPTY' });
    await expect(sessions.importText('{"format":"loom-session","v":1}', { file: 'x.json' })).rejects.toMatchObject({ code: 'SESSION_IMPORT_INVALID' });
  });

  it('writes an empty session as an empty transcript and names Claude Code\'s project folder', async () => {
    const { store } = service();
    const empty = await store.create('empty');
    expect(toClaudeCodeTranscript(empty, { version: 'x' })).toBe('');
    expect(claudeProjectFolder('/home/dev/acme.app')).toBe('-home-dev-acme-app');
  });
});
