/**
 * Steps side by side inside an active session: every step is its own turn, however the
 * steps interleave. The fake holds the Claude calls until all are in flight, so the `ask`
 * steps really are concurrent (no timing involved). Needs `pnpm build` first.
 */
import { startFakeClaude } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPool, requireBuild } from './support.js';

beforeAll(requireBuild);

interface Turn {
  seq: number;
  command: string;
  input: string;
  output: string;
  costUsd: number;
}

describe('parallel steps in an active session', () => {
  const { project, removeAll } = projectPool();
  afterAll(removeAll);

  it('records one turn per parallel `ask` step, each with its own question and answer', async () => {
    const questions = ['where is alpha', 'where is bravo', 'where is charlie', 'where is delta'];
    const fake = await startFakeClaude({
      // Each answer names its question, so a turn carrying another step's answer shows.
      reply: (body: { messages: Array<{ content: unknown }> }) => `answer to ${JSON.stringify(body.messages.at(-1)?.content).match(/where is (\w+)/)?.[1] ?? '?'}`,
      faults: { holdUntilInFlight: questions.length, holdQuietMs: 2_000 },
    });
    try {
      // Limits high enough for the four calls at once (the defaults' 8k output tokens a minute
      // would let only one 4k-token answer through per minute).
      const limits = { llm: { limits: { inputTokensPerMinute: 1_000_000, outputTokensPerMinute: 1_000_000 } } };
      const repo = await project({ 'loom.config.json': JSON.stringify(limits) }, { ANTHROPIC_API_KEY: fake.apiKey, ANTHROPIC_BASE_URL: fake.url });
      expect((await repo.loom(['session', 'start', 'side-by-side'])).code).toBe(0);
      const chain = questions.map((question) => `ask "${question}"`).join(' & ');
      const result = await repo.loom(['chain', chain, '--json']);
      expect(result.code, result.stderr).toBe(0);
      expect(fake.peakInFlight).toBe(questions.length);

      const shown = await repo.loom(['session', 'show', 'side-by-side', '--json']);
      expect(shown.code, shown.stderr).toBe(0);
      const turns = shown.json<{ turns: Turn[] }>().turns;
      const asks = turns.filter((turn) => turn.command !== 'chain');
      expect(asks.map((turn) => turn.input).sort()).toEqual([...questions].sort());
      for (const turn of asks) expect(turn.output).toBe(`answer to ${turn.input.split(' ').at(-1)}`);
      expect(new Set(turns.map((turn) => turn.seq)).size).toBe(turns.length);
    } finally {
      await fake.close();
    }
  }, 120_000);

  it('records one turn per parallel command step, none lost or merged', async () => {
    const repo = await project();
    expect((await repo.loom(['session', 'start', 'side-by-side-commands'])).code).toBe(0);
    const result = await repo.loom(['chain', 'security policy & query map & security scan . & query map --tokens 500']);
    expect(result.code, result.stderr).toBe(0);
    const shown = await repo.loom(['session', 'show', 'side-by-side-commands', '--json']);
    const turns = shown.json<{ turns: Turn[] }>().turns;
    // Four steps and the chain itself: five turns, each its own (no step's turn lost to another's).
    expect(turns.map((turn) => turn.command).sort()).toEqual(['chain', 'query map', 'query map', 'security policy', 'security scan']);
    expect(turns.filter((turn) => turn.command === 'query map').map((turn) => turn.input).sort()).toEqual(['loom query map --json', 'loom query map --tokens 500 --json']);
    expect(new Set(turns.map((turn) => turn.seq)).size).toBe(turns.length);
  }, 120_000);
});
