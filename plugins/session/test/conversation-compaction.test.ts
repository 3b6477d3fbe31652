import { estimateInputTokens } from '@loomkit/llm';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeMessagesRequest } from '@loomkit/testkit';
import { setUpConversation, textOf, turn, type ConversationSetup } from './support/conversation.js';

let setup: ConversationSetup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

const NOTES = 'Pinned project note: the public API is frozen until v2.\n';
const SUMMARY = 'SUMMARY: the developer explored topics one to four and chose option B.';
const isSummariser = (request: FakeMessagesRequest) => textOf(request.system).includes('You condense');

/** Six turns (#1–#6, seqs 0–5) of about 130 tokens each. */
const history = () =>
  Array.from({ length: 6 }, (_, index) => turn(index, `Question ${index + 1} about topic ${index + 1}: ${'why is this so? '.repeat(8)}`, `Answer ${index + 1}: ${'because of reasons. '.repeat(18)}`));

async function start(config: { keepRecentTurns?: number } = {}) {
  setup = await setUpConversation({
    files: { 'LOOM.md': NOTES },
    reply: (request) => (isSummariser(request) ? SUMMARY : 'A fresh answer.'),
    config,
  });
  await setup.store.append(setup.sessionId, history());
  return setup;
}

describe('compaction at the budget edge', () => {
  it('sends everything when the context fits exactly, and summarises older turns into a visible summary turn one token over', async () => {
    const s = await start();
    const other = await s.store.create('twin');
    await s.store.append(other.id, history());
    const question = 'And what should we do next?';
    const needed = (await s.service.buildContext(s.sessionId, { question })).estimatedTokens;

    // Exactly at the budget: no compaction, every raw turn sent.
    const atBudget = s.withConfig({ contextTokens: needed, keepRecentTurns: 2 });
    expect(await atBudget.buildContext(s.sessionId, { question })).toMatchObject({ mode: 'full', estimatedTokens: needed, note: undefined });
    const fits = await atBudget.ask(s.sessionId, question);
    expect(fits.compacted).toBeUndefined();
    expect(s.messageRequests()).toHaveLength(1);
    expect(s.messageRequests()[0]!.messages).toHaveLength(13);

    // One token less: the plan would truncate, so ask summarises first.
    const overBudget = s.withConfig({ contextTokens: needed - 1, keepRecentTurns: 2 });
    expect(await overBudget.buildContext(other.id, { question })).toMatchObject({ mode: 'truncated', dropped: [0] });
    const asked = await overBudget.ask(other.id, question);

    const [, summariser, afterCompaction] = s.messageRequests();
    expect(isSummariser(summariser!)).toBe(true);
    expect(textOf(summariser!.messages[0]!.content)).toContain('Question 1 about topic 1');
    expect(textOf(summariser!.messages[0]!.content)).not.toContain('Question 5 about topic 5');

    // The summary turn is visible in the session; the raw turns stay on disk, untouched.
    const state = await s.store.read(other.id);
    expect(state.turnRecords.map((t) => [t.seq, t.kind])).toEqual([
      [0, 'conversation'], [1, 'conversation'], [2, 'conversation'], [3, 'conversation'], [4, 'conversation'], [5, 'conversation'],
      [6, 'summary'],
      [7, 'conversation'],
    ]);
    expect(state.turnRecords.slice(0, 6)).toEqual(history());
    const summary = state.turnRecords[6]!;
    expect(summary).toMatchObject({ kind: 'summary', summarises: [0, 1, 2, 3], output: SUMMARY });
    expect(summary.input).toContain('compact turns #1–4');
    expect(summary.input).toContain('automatic');
    expect(summary.tokens.output).toBeGreaterThan(0);
    expect(summary.costUsd).toBeGreaterThan(0);
    expect(asked.compacted).toEqual(summary);
    expect(asked.context).toMatchObject({ mode: 'summarised', dropped: [0, 1, 2, 3] });

    // The call after compaction: summary, the two kept turns, the question — within budget.
    const sent = afterCompaction!.messages.map((message) => textOf(message.content));
    expect(sent[0]).toContain(SUMMARY);
    expect(sent.slice(1, 5).map((text) => text.split(':')[0])).toEqual(['Question 5 about topic 5', 'Answer 5', 'Question 6 about topic 6', 'Answer 6']);
    expect(sent.at(-1)).toBe(question);
    expect(sent.join('\n')).not.toContain('Question 1 about topic 1');
    expect(estimateInputTokens({ system: textOf(afterCompaction!.system), messages: afterCompaction!.messages.map((m) => ({ role: m.role as 'user', content: textOf(m.content) })) })).toBeLessThanOrEqual(needed - 1);

    // Pinned memory is in every request's system prompt, the summariser's included.
    for (const request of s.messageRequests()) expect(textOf(request.system)).toContain('the public API is frozen until v2');
  });

  it('previews what a compaction would summarise, without writing or calling anything', async () => {
    const s = await start({ keepRecentTurns: 2 });
    const preview = await s.service.previewCompaction(s.sessionId);
    expect(preview).toMatchObject({ turns: [0, 1, 2, 3], keep: 2 });
    expect(preview.estimatedTokensAfter).toBeLessThan(preview.estimatedTokensBefore);
    expect(await s.service.previewCompaction(s.sessionId, { keep: 5 })).toMatchObject({ turns: [0], keep: 5 });
    const none = await s.service.previewCompaction(s.sessionId, { keep: 6 });
    expect(none).toMatchObject({ turns: [], keep: 6 });
    expect(none.estimatedTokensAfter).toBe(none.estimatedTokensBefore);
    expect(s.messageRequests()).toHaveLength(0);
    expect((await s.store.read(s.sessionId)).turnRecords).toHaveLength(6);
  });

  it('compacts on request with instructions, folds earlier summaries in, and refuses when nothing would go', async () => {
    const s = await start({ keepRecentTurns: 2 });
    const first = await s.service.compact(s.sessionId);
    expect(first).toMatchObject({ seq: 6, kind: 'summary', summarises: [0, 1, 2, 3] });
    expect((await s.service.previewCompaction(s.sessionId, { keep: 1 })).turns).toEqual([6, 4]);

    const second = await s.service.compact(s.sessionId, { keep: 1, instructions: 'Keep every decision about option B.' });
    expect(second).toMatchObject({ seq: 7, kind: 'summary', summarises: [0, 1, 2, 3, 4, 6] });
    const summariser = s.messageRequests()[1]!;
    expect(textOf(summariser.messages[0]!.content)).toContain('Keep every decision about option B.');
    expect(textOf(summariser.messages[0]!.content)).toContain('<earlier-summary>');

    const context = await s.service.buildContext(s.sessionId);
    expect(context.mode).toBe('summarised');
    expect(context.dropped).toEqual([0, 1, 2, 3, 4, 6]);
    expect(context.messages.map((message) => message.content.split(':')[0])).toEqual(['[Summary of earlier session turns #1–5, #7, written when they were compacted]\nSUMMARY', 'Question 6 about topic 6', 'Answer 6']);
    expect(context.pinned.join('\n')).toContain('the public API is frozen until v2');

    await expect(s.service.compact(s.sessionId, { keep: 1 })).rejects.toMatchObject({ code: 'COMPACT_NOTHING' });
    await expect(s.service.compact(s.sessionId, { keep: -1 })).rejects.toMatchObject({ code: 'COMPACT_KEEP_INVALID' });
    // Raw turns are all still on disk.
    expect((await s.store.read(s.sessionId)).turnRecords.slice(0, 6)).toEqual(history());
  });
});
