import { costOf, findModel } from '@loomkit/llm';
import { simpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import { setUpConversation, textOf, type ConversationSetup } from './support/conversation.js';

let setup: ConversationSetup | undefined;
const start = async (...args: Parameters<typeof setUpConversation>) => (setup = await setUpConversation(...args));
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

const NOTES = '# Project notes\nThe codename is HERON. Always answer in British English.\n';

describe('ask: a scripted multi-turn conversation against the fake', () => {
  it('carries the context, pins memory in every system prompt, records usage and cost per turn, and reads the stable prefix from cache', async () => {
    const s = await start({
      files: { 'LOOM.md': NOTES },
      reply: ['Paris is the capital of France.', 'About 2.1 million people live in Paris proper.', 'You asked about Paris, then its population.', 'Yes.'],
    });
    await s.store.append(s.sessionId, [{ v: 1, type: 'pin', at: new Date().toISOString(), id: 'p1', text: 'The user prefers metric units.' }]);

    const streamed: string[] = [];
    const first = await s.service.ask(s.sessionId, 'What is the capital of France?', { onText: (text) => streamed.push(text) });
    const second = await s.service.ask(s.sessionId, 'How many people live there?');
    const third = await s.service.ask(s.sessionId, 'What did I ask so far?');
    const fourth = await s.service.ask(s.sessionId, 'Is that all?');

    expect(streamed.join('')).toBe('Paris is the capital of France.');
    const requests = s.messageRequests();
    expect(requests).toHaveLength(4);
    expect(requests.every((request) => request.stream === true)).toBe(true);

    // Context carried: the 2nd request holds the 1st question and answer, then the new question.
    expect(requests[1]!.messages.map((message) => [message.role, textOf(message.content)])).toEqual([
      ['user', 'What is the capital of France?'],
      ['assistant', 'Paris is the capital of France.'],
      ['user', 'How many people live there?'],
    ]);
    expect(requests[2]!.messages).toHaveLength(5);

    // Pinned memory in every system prompt.
    for (const request of requests) {
      expect(textOf(request.system)).toContain('The codename is HERON.');
      expect(textOf(request.system)).toContain('The user prefers metric units.');
    }

    // Each turn recorded with its usage, cost, model, duration and git state.
    const head = (await simpleGit({ baseDir: s.project.root }).raw(['rev-parse', 'HEAD'])).trim();
    const branch = (await simpleGit({ baseDir: s.project.root }).raw(['symbolic-ref', '--short', 'HEAD'])).trim();
    const state = await s.store.read(s.sessionId);
    expect(state.turnRecords.map((t) => [t.seq, t.kind, t.input, t.output])).toEqual([
      [0, 'conversation', 'What is the capital of France?', 'Paris is the capital of France.'],
      [1, 'conversation', 'How many people live there?', 'About 2.1 million people live in Paris proper.'],
      [2, 'conversation', 'What did I ask so far?', 'You asked about Paris, then its population.'],
      [3, 'conversation', 'Is that all?', 'Yes.'],
    ]);
    for (const [index, { turn, result }] of [first, second, third, fourth].entries()) {
      expect(state.turnRecords[index]).toEqual(turn);
      expect(turn.model).toBe(result.model);
      expect(turn.tokens).toEqual(result.usage);
      expect(turn.tokens.output).toBeGreaterThan(0);
      expect(turn.tokens.input + turn.tokens.cacheRead + turn.tokens.cacheWrite).toBeGreaterThan(0);
      expect(turn.costUsd).toBeCloseTo(costOf(findModel(s.llm.models, result.model), result.usage), 12);
      expect(turn.costUsd).toBeGreaterThan(0);
      expect(turn.durationMs).toBeGreaterThan(0);
      expect(turn.git).toEqual({ branch, head });
      expect(turn.files).toEqual([]);
    }
    expect(state.costUsd).toBeCloseTo(first.turn.costUsd + second.turn.costUsd + third.turn.costUsd + fourth.turn.costUsd, 12);

    // The system prompt is written once and then read; each later ask reads everything up to
    // where the previous ask's context ended, and writes only the newest exchange.
    const systemTokens = first.turn.tokens.cacheWrite;
    expect(systemTokens).toBeGreaterThan(0);
    expect(second.turn.tokens.cacheRead).toBe(systemTokens);
    expect(third.turn.tokens.cacheRead).toBe(systemTokens + second.turn.tokens.cacheWrite);
    expect(fourth.turn.tokens.cacheRead).toBe(third.turn.tokens.cacheRead + third.turn.tokens.cacheWrite);
    expect(fourth.turn.tokens.input).toBeLessThan(fourth.turn.tokens.cacheRead);
    expect(first.context).toMatchObject({ mode: 'full', dropped: [], note: undefined });
  });

  it('refuses a call over --max-cost before sending it, and records nothing', async () => {
    const s = await start({ reply: 'never sent' });
    await expect(s.service.ask(s.sessionId, 'An expensive question', { maxCostUsd: 0.000001 })).rejects.toMatchObject({ code: 'LLM_BUDGET_EXCEEDED' });
    expect(s.messageRequests()).toHaveLength(0);
    expect((await s.store.read(s.sessionId)).turnRecords).toEqual([]);
  });

  it('stops on Ctrl-C mid-stream and records nothing', async () => {
    const s = await start({ reply: 'a long answer that streams slowly, chunk after chunk, for a while' });
    s.fake.faults({ eventDelayMs: 30 });
    const controller = new AbortController();
    const ask = s.service.ask(s.sessionId, 'Tell me a story', { signal: controller.signal, onText: () => controller.abort() });
    await expect(ask).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await s.store.read(s.sessionId)).turnRecords).toEqual([]);
  });

  it('refuses an empty question', async () => {
    const s = await start();
    await expect(s.service.ask(s.sessionId, '   ')).rejects.toMatchObject({ code: 'ASK_EMPTY' });
  });
});
