import { startFakeClaude, type FakeClaude, type FakeMessagesRequest } from '@loomkit/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Ask from '../src/commands/ask.js';
import SessionAsk from '../src/commands/session/ask.js';
import SessionCompact from '../src/commands/session/compact.js';
import type { TurnRecord } from '../src/schema.js';
import { commandHarness } from './support/command-host.js';

// The ids oclif gives them when loaded by the CLI (run in-process, a class would be named after itself).
Ask.id = 'ask';
SessionAsk.id = 'session:ask';
SessionCompact.id = 'session:compact';

let harness: Awaited<ReturnType<typeof commandHarness>> | undefined;
let fake: FakeClaude | undefined;
const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };

beforeEach(async () => {
  fake = await startFakeClaude();
  // The llm plugin reads the key from the environment only, as in the CLI.
  process.env.ANTHROPIC_API_KEY = fake.apiKey;
  process.env.ANTHROPIC_BASE_URL = fake.url;
});
afterEach(async () => {
  await harness?.close();
  await fake?.close();
  harness = fake = undefined;
  for (const [name, value] of [['ANTHROPIC_API_KEY', saved.key], ['ANTHROPIC_BASE_URL', saved.url]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const messages = () => fake!.requests.filter((request) => request.path === '/v1/messages').map((request) => request.body as FakeMessagesRequest);

describe('ask commands', () => {
  it('says how to start a session when none is active', async () => {
    const h = (harness = await commandHarness());
    const outcome = await h.run(Ask, ['hello']);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toContain('error[SESSION_NONE_ACTIVE]: no session is active in this project');
    expect(outcome.stderr).toContain('loom session start');
    expect(messages()).toHaveLength(0);
  });

  it('streams the answer to stdout, the usage line to stderr, carries context between asks, and compacts on request', async () => {
    const h = (harness = await commandHarness({ files: { 'LOOM.md': 'Notes: the service is called Kestrel.\n' } }));
    fake!.reply(['Kestrel is the service.', 'It runs on port 8080.', 'SUMMARY: asked what the service is.']);
    await h.startSession('work');

    const first = await h.run(Ask, ['what', 'is', 'the', 'service?']);
    expect(first.exitCode).toBeUndefined();
    expect(first.stdout).toBe('Kestrel is the service.\n');
    expect(first.stderr).toMatch(/— claude-[\w.-]+ · [\d,]+ in .*· [\d,]+ out · \$[\d.]+ · [\d.]+ s · session work #1/);

    const second = await h.run(SessionAsk, ['Which port?', '--json']);
    const output = JSON.parse(second.stdout) as { turn: TurnRecord; note: string | null; compacted: TurnRecord | null };
    expect(output.turn).toMatchObject({ seq: 1, kind: 'conversation', input: 'Which port?', output: 'It runs on port 8080.' });
    expect(output.note).toBeNull();
    expect(messages()[1]!.messages).toHaveLength(3);
    expect(JSON.stringify(messages()[1]!.system)).toContain('the service is called Kestrel');

    const capped = await h.run(Ask, ['anything', '--max-cost', '0.0000001']);
    expect(capped.exitCode).toBe(1);
    expect(capped.stderr).toContain('error[LLM_BUDGET_EXCEEDED]');
    expect(messages()).toHaveLength(2);

    const preview = await h.run(SessionCompact, ['--preview', '--keep', '1']);
    expect(preview.stdout).toContain('would summarise 1 turn(s) and keep the last 1:');
    expect(preview.stdout).toContain('#1 what is the service?');
    expect(messages()).toHaveLength(2);

    const compacted = await h.run(SessionCompact, ['--keep', '1']);
    expect(compacted.stdout).toMatch(/summarised turns #1 into turn #3 · claude-[\w.-]+ · \$/);
    expect(compacted.stdout).toContain('the raw turns stay on disk');
  });

  it('refuses an empty question as a usage error', async () => {
    const h = (harness = await commandHarness());
    await h.startSession('work');
    const outcome = await h.run(Ask, []);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain('error[USAGE]: nothing to ask');
  });
});
