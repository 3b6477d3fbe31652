import { afterEach, describe, expect, it } from 'vitest';
import { setUpConversation, turn, type ConversationSetup } from './support/conversation.js';

let setup: ConversationSetup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

const history = () =>
  Array.from({ length: 6 }, (_, index) => turn(index, `Question ${index + 1}: ${'tell me more. '.repeat(10)}`, `Answer ${index + 1}: ${'here is more. '.repeat(20)}`));

async function startOffline() {
  setup = await setUpConversation({ online: false, files: { 'LOOM.md': 'Offline notes: tabs, not spaces.\n' }, config: { contextTokens: 500, keepRecentTurns: 2 } });
  await setup.store.append(setup.sessionId, history());
  await setup.store.append(setup.sessionId, [{ v: 1, type: 'pin', at: new Date().toISOString(), id: 'p9', text: 'Never touch vendor/.' }]);
  return setup;
}

describe('offline (no ANTHROPIC_API_KEY)', () => {
  it('builds the context by truncating the oldest turns, with a clear note; pinned memory stays', async () => {
    const s = await startOffline();
    expect(s.llm.available).toBe(false);
    const plan = await s.service.buildContext(s.sessionId, { question: 'What next?' });
    expect(plan.mode).toBe('truncated');
    expect(plan.estimatedTokens).toBeLessThanOrEqual(500);
    expect(plan.note).toMatch(/^offline \(ANTHROPIC_API_KEY not set\): \d+ older turns \(#1–\d\) truncated rather than summarised/);
    expect(plan.note).toContain('nothing is deleted');
    expect(plan.dropped[0]).toBe(0);
    // The newest turns are the ones kept, whole.
    expect(plan.messages.at(-1)!.content).toBe(history()[5]!.output);
    expect(plan.messages.length).toBe(2 * (6 - plan.dropped.length));
    expect(plan.pinned.join('\n')).toContain('Offline notes: tabs, not spaces.');
    expect(plan.pinned.join('\n')).toContain('Never touch vendor/.');
    // Nothing was written.
    expect((await s.store.read(s.sessionId)).turnRecords).toHaveLength(6);
  });

  it('fails ask with NO_API_KEY, sending and recording nothing', async () => {
    const s = await startOffline();
    await expect(s.service.ask(s.sessionId, 'Anything?')).rejects.toMatchObject({ code: 'NO_API_KEY' });
    expect(s.fake.requests).toHaveLength(0);
    expect((await s.store.read(s.sessionId)).turnRecords).toHaveLength(6);
  });

  it('compacts by truncation into a visible summary turn that says so; the raw turns stay', async () => {
    const s = await startOffline();
    const summary = await s.service.compact(s.sessionId);
    expect(summary).toMatchObject({ kind: 'summary', model: null, costUsd: 0, summarises: [0, 1, 2, 3] });
    expect(summary.output).toMatch(/^Offline \(ANTHROPIC_API_KEY not set\): these 4 turns were truncated to their first lines instead of summarised/);
    expect(summary.output).toContain('- #1: Question 1: tell me more.');
    expect(summary.output).toContain('- #4: Question 4: tell me more.');
    expect(s.fake.requests).toHaveLength(0);
    const state = await s.store.read(s.sessionId);
    expect(state.turnRecords.slice(0, 6)).toEqual(history());
    const roomier = s.withConfig({ contextTokens: 2000 });
    const plan = await roomier.buildContext(s.sessionId);
    expect(plan).toMatchObject({ mode: 'summarised', dropped: [0, 1, 2, 3], note: undefined });
    expect(plan.messages[0]!.content).toContain('these 4 turns were truncated to their first lines');
  });
});
