import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchOutcome } from '../src/batches.js';
import { fakeTime } from './support/fake-time.js';
import { ask, llmAgainstFake, type Harness } from './support/harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.fake.close();
  harness = undefined;
});

const collect = async (results: AsyncIterable<BatchOutcome>) => {
  const all: BatchOutcome[] = [];
  for await (const outcome of results) all.push(outcome);
  return all;
};

describe('batches', () => {
  it('submits, survives the process dying, resumes polling and prices results at half', async () => {
    const h = (harness = (await llmAgainstFake({ model: 'claude-sonnet-4-6' }, { batchPollsUntilEnded: 2, reply: 'batched answer' })) as Harness);
    const items = ['a', 'b', 'c'].map((id) => ({ customId: id, request: ask(`question ${id}`) }));
    const submitted = await h.llm.batches.submit(items, { label: 'map' });
    expect(submitted).toMatchObject({ label: 'map', status: 'in_progress', requests: 3 });
    const file = join(h.root, '.loom', 'batches', `${submitted.id}.json`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ id: submitted.id, status: 'in_progress' });

    // "kill -9": a fresh client with nothing in memory finds the batch on disk.
    const revived = h.make();
    const pending = await revived.batches.pending();
    expect(pending.map((record) => record.id)).toEqual([submitted.id]);
    const seen: string[] = [];
    const ended = await revived.batches.wait(submitted.id, { onProgress: (record) => seen.push(record.status) });
    expect(ended.status).toBe('ended');
    expect(seen).toEqual(['in_progress', 'in_progress', 'ended']);

    const outcomes = await collect(revived.batches.results(submitted.id));
    expect(outcomes.map((o) => o.customId).sort()).toEqual(['a', 'b', 'c']);
    const succeeded = outcomes.filter((o) => o.type === 'succeeded');
    expect(succeeded).toHaveLength(3);
    for (const outcome of succeeded) {
      const { usage, costUsd } = outcome.result;
      const full = (usage.input * 3 + usage.output * 15) / 1_000_000;
      expect(costUsd).toBeCloseTo(full / 2, 12);
    }
    expect(revived.spentUsd()).toBeCloseTo(succeeded.reduce((sum, o) => sum + o.result.costUsd, 0), 12);
    const responses = h.emitted.filter((e) => e.event === 'llm:response').map((e) => e.payload as { batch: boolean; costUsd: number });
    expect(responses.map((r) => r.batch)).toEqual([true, true, true]);
    expect(await revived.batches.pending()).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8')).status).toBe('collected');
  });

  it('reports errored requests by their custom id and keeps the rest', async () => {
    const h = (harness = (await llmAgainstFake({}, { batchPollsUntilEnded: 0, reply: (request) => (JSON.stringify(request.messages).includes('bad') ? { error: { status: 400 } } : 'fine') })) as Harness);
    const record = await h.llm.batches.submit([
      { customId: 'ok-1', request: ask('good') },
      { customId: 'bad-1', request: ask('bad') },
    ]);
    await h.llm.batches.wait(record.id);
    const outcomes = await collect(h.llm.batches.results(record.id));
    const bad = outcomes.find((o) => o.customId === 'bad-1');
    expect(bad?.type).toBe('errored');
    expect(bad && 'error' in bad ? bad.error.code : '').toBe('LLM_BATCH_ERRORED');
    // The API's own words for the failure, after the request and batch it belongs to.
    expect(bad && 'error' in bad ? bad.error.message : '').toMatch(new RegExp(`^request bad-1 of batch ${record.id}: .*invalid_request_error`));
    expect(outcomes.find((o) => o.customId === 'ok-1')?.type).toBe('succeeded');
  });

  it('refuses results before the batch ended, and unknown ids', async () => {
    const h = (harness = (await llmAgainstFake({}, { batchPollsUntilEnded: 5 })) as Harness);
    const record = await h.llm.batches.submit([{ customId: 'x', request: ask('q') }]);
    await expect(collect(h.llm.batches.results(record.id))).rejects.toMatchObject({ code: 'LLM_BATCH_NOT_ENDED' });
    await expect(h.llm.batches.wait('msgbatch_nope')).rejects.toMatchObject({ code: 'LLM_BATCH_UNKNOWN' });
  });

  it('cancels a batch and records it', async () => {
    const h = (harness = (await llmAgainstFake({}, { batchPollsUntilEnded: 5 })) as Harness);
    const record = await h.llm.batches.submit([{ customId: 'x', request: ask('q') }]);
    const canceled = await h.llm.batches.cancel(record.id);
    expect(['canceling', 'ended']).toContain(canceled.status);
    expect(h.fake.requests.some((r) => r.path.endsWith('/cancel'))).toBe(true);
  });

  it('refuses a batch whose worst case exceeds the command budget, sending nothing', async () => {
    const h = (harness = (await llmAgainstFake({ budget: { perCommandUsd: 0.01 }, maxTokens: 4096 })) as Harness);
    const items = Array.from({ length: 10 }, (_, n) => ({ customId: `c${n}`, request: ask('q') }));
    await expect(h.llm.batches.submit(items)).rejects.toMatchObject({ code: 'LLM_BUDGET_EXCEEDED' });
    expect(h.fake.requests).toHaveLength(0);
    expect(existsSync(join(h.root, '.loom', 'batches'))).toBe(false);
  });

  it('polls at waits growing by half from one second, capped at a minute, and stops once it ended', async () => {
    const time = fakeTime();
    const h = (harness = (await llmAgainstFake({}, { batchPollsUntilEnded: 13 }, { time })) as Harness);
    const record = await h.llm.batches.submit([{ customId: 'x', request: ask('q') }]);
    await h.llm.batches.wait(record.id);
    const retrieves = h.fake.requests.filter((request) => request.method === 'GET' && request.path.endsWith(record.id));
    expect(retrieves).toHaveLength(14);
    expect(time.sleeps).toHaveLength(13);
    expect(time.sleeps[0]).toBe(1000);
    for (let n = 1; n < time.sleeps.length; n++) expect(time.sleeps[n], `wait ${n}`).toBe(Math.min(60_000, Math.round(time.sleeps[n - 1]! * 1.5)));
    expect(time.sleeps.at(-1)).toBe(60_000);
  });

  it('lists the batches not yet collected, oldest first, whatever their ids, and nothing else in the folder', async () => {
    const time = fakeTime();
    const h = (harness = (await llmAgainstFake({}, { batchPollsUntilEnded: 0 }, { time })) as Harness);
    time.advance(60_000);
    const later = await h.llm.batches.submit([{ customId: 'x', request: ask('q') }]);
    time.advance(-30_000);
    const earlier = await h.llm.batches.submit([{ customId: 'y', request: ask('r') }]);
    const collected = await h.llm.batches.submit([{ customId: 'z', request: ask('s') }]);
    await h.llm.batches.wait(collected.id);
    await collect(h.llm.batches.results(collected.id));
    writeFileSync(join(h.root, '.loom', 'batches', 'notes.txt'), 'not a batch');
    expect((await h.llm.batches.pending()).map((record) => record.id)).toEqual([earlier.id, later.id]);
  });

  it('lists nothing before any batch was made', async () => {
    const h = (harness = (await llmAgainstFake()) as Harness);
    await expect(h.llm.batches.pending()).resolves.toEqual([]);
  });
});
