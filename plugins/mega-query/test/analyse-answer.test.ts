import { afterEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/analyse/index.js';
import { planAnswerChunk } from '../src/chunk/index.js';
import { MODEL, setUp, textOf, userText, type Setup } from './analyse-fixtures.js';

let setup: Setup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

describe('answerQuestion', () => {
  it('answers in one call over the best files, keeping only real citations', async () => {
    const s = (setup = await setUp());
    s.fake.reply((request) => {
      const [, file, start] = /^### (\S+) \(lines (\d+)–(\d+)\)$/m.exec(userText(request))!;
      const citations = [
        { file, startLine: Number(start), endLine: Number(start) + 1 },
        { file: 'ghost.ts', startLine: 1, endLine: 1 },
        { file, startLine: 0, endLine: 1 },
      ];
      return { toolUse: { name: 'answer_question', input: { answer: `It is in ${file}.`, citations } } };
    });
    const chunk = planAnswerChunk(s.repo.files, s.repo.map, 4_000)!;
    const result = await answerQuestion({ files: s.repo.files, chunk, read: s.repo.read, llm: s.llm, model: MODEL, question: 'Where does the engine start?', outputTokens: 512 });

    const best = s.repo.map.ranked[0]!.path;
    expect(result.answer).toBe(`It is in ${best}.`);
    expect(result.citations).toEqual([{ file: best, startLine: 1, endLine: 2 }]);
    expect(result.stats).toMatchObject({ calls: 1, citationsDropped: 2 });
    expect(result.stats.costUsd).toBeGreaterThan(0);
    const [request] = s.messageRequests();
    expect(s.messageRequests()).toHaveLength(1);
    expect(userText(request!)).toMatch(/\nQuestion: Where does the engine start\?$/);
    expect(textOf(request!.system)).toMatch(/untrusted data/);
    expect(request!.tool_choice).toMatchObject({ name: 'answer_question' });
  });
});
