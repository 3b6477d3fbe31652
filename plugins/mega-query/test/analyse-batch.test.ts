import { existsSync, readdirSync } from 'node:fs';
import { costOf, findModel } from '@loomkit/llm';
import type { FakeMessagesRequest } from '@loomkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { resultKey } from '../src/analyse/index.js';
import { renderChunk } from '../src/chunk/index.js';
import { isMapRequest, isReduceRequest, mapReply, MODEL, reduceReply, setUp, userText, type Setup } from './analyse-fixtures.js';

let setup: Setup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

interface BatchBody {
  requests: Array<{ custom_id: string; params: FakeMessagesRequest }>;
}
const submissions = (s: Setup) => s.fake.requests.filter((request) => request.method === 'POST' && request.path === '/v1/messages/batches').map((request) => request.body as BatchBody);

/** Chunk results on disk (reduce results sit beside them, under their own keys). */
const storedChunks = (s: Setup) => {
  const names = new Set(readdirSync(s.resultsDir));
  return s.chunks.filter((chunk) => names.has(`${resultKey({ chunkHash: chunk.hash, mode: 'quality', model: MODEL })}.json`)).length;
};

describe('analyse --batch', () => {
  it('sends the map stage as one batch at half price, and stores every result', async () => {
    const s = (setup = await setUp());
    const one = s.chunks.slice(0, 1);
    const analysis = await s.run({ batch: true, chunks: one });
    const [batch, ...more] = submissions(s);
    expect(more).toEqual([]);
    expect(batch!.requests).toHaveLength(1);
    expect(batch!.requests[0]!.params.tool_choice).toMatchObject({ type: 'tool', name: 'report_findings' });
    expect(userText(batch!.requests[0]!.params)).toBe(await renderChunk(one[0]!, s.repo.read, s.repo.byPath));
    expect(s.messageRequests()).toHaveLength(0);
    expect(readdirSync(s.resultsDir)).toHaveLength(1);
    expect(analysis.stats.batchId).toMatch(/^msgbatch_/);
    expect(analysis.findings.map((finding) => finding.title)).toEqual([`Issue in ${one[0]!.parts[0]!.path}`]);

    const price = findModel(s.llm.models, MODEL);
    const usage = { input: analysis.stats.inputTokens, output: analysis.stats.outputTokens, cacheWrite: analysis.stats.cacheWriteTokens, cacheRead: analysis.stats.cacheReadTokens };
    expect(analysis.stats.costUsd).toBeGreaterThan(0);
    expect(analysis.stats.costUsd).toBeCloseTo(costOf(price, usage) * (1 - s.llm.models.batchDiscount), 12);
  });

  it('resumes the pending batch of the same run in a new process instead of submitting again', async () => {
    const s = (setup = await setUp({ fake: { batchPollsUntilEnded: 3 } }));
    const controller = new AbortController();
    const seen: number[] = [];
    // Cancelled at the first poll of the batch (the first progress event is before it): the batch stays pending.
    const onProgress = ({ done }: { done: number }) => seen.push(done) > 1 && controller.abort();
    await expect(s.run({ batch: true, signal: controller.signal, onProgress })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(submissions(s)).toHaveLength(1);
    expect(seen).toEqual([0, 0]);
    expect(existsSync(s.resultsDir)).toBe(false);

    const revived = s.newLlm();
    expect(await revived.batches.pending()).toHaveLength(1);
    const analysis = await s.run({ batch: true, llm: revived });
    expect(submissions(s)).toHaveLength(1);
    expect(analysis.stats.batchId).toBe(submissionsId(s));
    expect(analysis.findings.filter((finding) => finding.title.startsWith('Issue in'))).toHaveLength(s.chunks.length);
    expect(storedChunks(s)).toBe(s.chunks.length);
    expect(await revived.batches.pending()).toEqual([]);
    // Only the reduce ran online.
    expect(s.messageRequests().every(isReduceRequest)).toBe(true);
  });

  it('stores the chunks whose result parsed, fails with a hint, and resubmits only the others next time', async () => {
    const s = (setup = await setUp({ fake: { batchPollsUntilEnded: 0 } }));
    const broken = s.chunks[1]!;
    const brokenText = await renderChunk(broken, s.repo.read, s.repo.byPath);
    const log = { bogus: 0 };
    s.fake.reply((request) => {
      if (isReduceRequest(request)) return reduceReply(request, log);
      if (isMapRequest(request) && userText(request) === brokenText) return { toolUse: { name: 'report_findings', input: { summary: 42 } } };
      return mapReply(request, log);
    });
    await expect(s.run({ batch: true })).rejects.toMatchObject({ code: 'MEGA_BATCH_INCOMPLETE', hint: expect.stringMatching(/again/) });
    expect(readdirSync(s.resultsDir)).toHaveLength(s.chunks.length - 1);

    s.fake.reply((request) => (isReduceRequest(request) ? reduceReply(request, log) : mapReply(request, log)));
    const analysis = await s.run({ batch: true });
    const [, retry] = submissions(s);
    expect(retry!.requests.map((request) => userText(request.params))).toEqual([brokenText]);
    expect(analysis.stats.chunksFromCache).toBe(s.chunks.length - 1);
    expect(storedChunks(s)).toBe(s.chunks.length);
  });
});

/** The id the fake gave the one batch submitted. */
function submissionsId(s: Setup): string | undefined {
  const created = s.fake.requests.find((request) => request.method === 'GET' && /^\/v1\/messages\/batches\/[^/]+$/.test(request.path));
  return created?.path.split('/').at(-1);
}
