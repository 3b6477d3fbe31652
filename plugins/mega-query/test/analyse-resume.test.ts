import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resultKey } from '../src/analyse/index.js';
import { createResultsStore } from '../src/analyse/results-store.js';
import { renderChunk } from '../src/chunk/index.js';
import { isMapRequest, isReduceRequest, MODEL, setUp, userText, type Setup } from './analyse-fixtures.js';

let setup: Setup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

const stored = (s: Setup) => readdirSync(s.resultsDir).filter((name) => name.endsWith('.json'));
const keyOf = (s: Setup, index: number, question?: string) => resultKey({ chunkHash: s.chunks[index]!.hash, mode: 'quality', model: MODEL, question });

describe('analyse: resuming from stored results', () => {
  it('after a cancel, sends only the chunks without a stored result, none twice', async () => {
    // One call at a time, slowly: the cancel lands while the next call is in flight.
    const s = (setup = await setUp({ concurrency: 1, fake: { faults: { latencyMs: 150 } } }));
    const total = s.chunks.length;
    expect(total).toBeGreaterThan(3);
    const controller = new AbortController();
    const first = s.run({ signal: controller.signal, onProgress: (event) => event.stage === 'map' && event.done === 2 && controller.abort() });
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });

    const kept = stored(s);
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(total);
    const keptIndexes = s.chunks.flatMap((_, index) => (kept.includes(`${keyOf(s, index)}.json`) ? [index] : []));
    expect(keptIndexes).toHaveLength(kept.length);
    const keptTexts = new Set(await Promise.all(keptIndexes.map((index) => renderChunk(s.chunks[index]!, s.repo.read, s.repo.byPath))));

    const before = s.messageRequests().length;
    const second = await s.run();
    const resent = s.messageRequests().slice(before).filter(isMapRequest).map(userText);
    expect(resent).toHaveLength(total - kept.length);
    expect(new Set(resent).size).toBe(resent.length);
    for (const text of resent) expect(keptTexts.has(text)).toBe(false);
    expect(second.stats.chunksFromCache).toBe(kept.length);
    expect(second.stats.calls).toBe(s.messageRequests().length - before);
    // The final report covers the chunks of both runs.
    expect(second.findings.filter((finding) => finding.title.startsWith('Issue in'))).toHaveLength(total);
  });

  it('sends nothing for the map stage when every chunk is stored, and redoes a chunk whose stored result is damaged', async () => {
    const s = (setup = await setUp());
    await s.run();
    const before = s.messageRequests().length;
    const again = await s.run();
    expect(s.messageRequests().slice(before).filter(isMapRequest)).toHaveLength(0);
    expect(again.stats).toMatchObject({ chunksFromCache: s.chunks.length });

    writeFileSync(join(s.resultsDir, `${keyOf(s, 1)}.json`), '{"summary": "half a fi');
    const mark = s.messageRequests().length;
    const repaired = await s.run();
    const redone = s.messageRequests().slice(mark).filter(isMapRequest).map(userText);
    expect(redone).toEqual([await renderChunk(s.chunks[1]!, s.repo.read, s.repo.byPath)]);
    expect(repaired.stats.chunksFromCache).toBe(s.chunks.length - 1);
    expect(JSON.parse(readFileSync(join(s.resultsDir, `${keyOf(s, 1)}.json`), 'utf8'))).toMatchObject({ summary: expect.any(String), findings: expect.any(Array) });
  });

  it('does not reuse results of another question or mode', async () => {
    const s = (setup = await setUp());
    await s.run({ chunks: s.chunks.slice(0, 2) });
    const mark = s.messageRequests().length;
    await s.run({ chunks: s.chunks.slice(0, 2), question: 'Why?' });
    await s.run({ chunks: s.chunks.slice(0, 2), mode: 'security' });
    expect(s.messageRequests().slice(mark).filter(isMapRequest)).toHaveLength(4);
    expect(new Set([keyOf(s, 0), keyOf(s, 0, 'Why?'), resultKey({ chunkHash: s.chunks[0]!.hash, mode: 'security', model: MODEL })]).size).toBe(3);
    expect(resultKey({ chunkHash: s.chunks[0]!.hash, mode: 'quality', model: 'claude-haiku-4-5' })).not.toBe(keyOf(s, 0));
  });
});

describe('analyse: nothing paid twice', () => {
  it('a rerun of a finished analysis sends no request at all: the reduce is stored by its inputs too', async () => {
    const s = (setup = await setUp());
    const first = await s.run();
    expect(s.messageRequests().filter(isReduceRequest).length).toBeGreaterThan(0);
    const before = s.fake.requests.length;
    const again = await s.run();
    expect(s.fake.requests.slice(before)).toEqual([]);
    expect(again.stats.calls).toBe(0);
    expect({ summary: again.summary, findings: again.findings }).toEqual({ summary: first.summary, findings: first.findings });
  });

  it('a changed chunk redoes its map call and the reduce calls above it, not the others', async () => {
    const s = (setup = await setUp());
    await s.run();
    writeFileSync(join(s.resultsDir, `${keyOf(s, 0)}.json`), JSON.stringify({ summary: 'changed', findings: [] }));
    const mark = s.messageRequests().length;
    await s.run();
    const sent = s.messageRequests().slice(mark);
    expect(sent.filter(isMapRequest)).toHaveLength(0);
    expect(sent.filter(isReduceRequest).length).toBeGreaterThan(0);
    expect(sent.filter(isReduceRequest).every((request) => userText(request).includes('changed'))).toBe(true);
  });

  it('three analyses of one repository at once pay for every chunk and every reduce once', async () => {
    // Started together, each run's first map call is for the same chunk: without a lock per
    // chunk, all three would pay for it (and, with latency, for most of the others).
    const s = (setup = await setUp({ fake: { faults: { latencyMs: 50 } } }));
    const alone = await setUp({ fake: { faults: { latencyMs: 50 } } });
    await alone.run();
    const expected = { map: alone.messageRequests().filter(isMapRequest).length, reduce: alone.messageRequests().filter(isReduceRequest).length };
    await alone.close();

    const runs = await Promise.all([s.run(), s.run({ llm: s.newLlm() }), s.run({ llm: s.newLlm() })]);
    expect(s.messageRequests().filter(isMapRequest)).toHaveLength(expected.map);
    expect(s.messageRequests().filter(isReduceRequest)).toHaveLength(expected.reduce);
    expect(runs.reduce((sum, run) => sum + run.stats.calls, 0)).toBe(expected.map + expected.reduce);
    expect(new Set(runs.map((run) => JSON.stringify(run.findings))).size).toBe(1);
    expect(readdirSync(s.resultsDir).filter((name) => name.endsWith('.lock'))).toEqual([]);
  });
});

describe('results store', () => {
  it('writes through a temp file and rename, leaving only the result', async () => {
    const s = (setup = await setUp());
    const store = createResultsStore(s.resultsDir);
    const report = { summary: 'ok', findings: [{ title: 't', severity: 'low' as const, category: 'c', detail: 'd', citations: [{ file: 'a.ts', startLine: 1, endLine: 1 }] }] };
    await store.write('k1', report);
    await store.write('k1', { ...report, summary: 'newer' });
    expect(readdirSync(s.resultsDir)).toEqual(['k1.json']);
    expect(await store.read('k1')).toEqual({ ...report, summary: 'newer' });
    expect(await store.read('missing')).toBeUndefined();
  });
});
