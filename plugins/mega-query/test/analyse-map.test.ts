import { createRequire } from 'node:module';
import { costOf, findModel } from '@loomkit/llm';
import { billedUsd, type PriceTable } from '@loomkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { isValidCitation } from '../src/analyse/citations.js';
import { SEVERITIES } from '../src/analyse/findings.js';
import { renderChunk } from '../src/chunk/index.js';
import { isMapRequest, isReduceRequest, MODEL, setUp, userText, type Setup } from './analyse-fixtures.js';

const require = createRequire(import.meta.url);
let setup: Setup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

describe('analyse: the map stage online', () => {
  it('sends one map call per chunk, the first alone, then the rest in parallel within the llm concurrency, reading the prefix from cache', async () => {
    // The fake holds map calls until 3 are in flight: overlap is proven, not hoped for.
    const s = (setup = await setUp({ concurrency: 3, fake: { faults: { holdUntilInFlight: 3, holdQuietMs: 1000 } } }));
    expect(s.chunks.length).toBeGreaterThan(3);
    const order: string[] = [];
    s.llm.use('metrics', 'order', async (call, next) => {
      order.push('start');
      const result = await next();
      order.push('end');
      return result;
    });
    const progress: Array<{ stage: string; done: number; total: number }> = [];
    const analysis = await s.run({ onProgress: (event) => progress.push(event) });

    const maps = s.messageRequests().filter(isMapRequest);
    expect(maps).toHaveLength(s.chunks.length);
    const expected = await Promise.all(s.chunks.map((chunk) => renderChunk(chunk, s.repo.read, s.repo.byPath)));
    expect(maps.map(userText).sort()).toEqual([...expected].sort());
    expect(order.slice(0, 2)).toEqual(['start', 'end']);
    expect(s.fake.peakInFlight).toBe(3);

    // Every map call after the first reads the shared prefix that the first one wrote.
    const mapCalls = s.calls.filter((call) => call.system.includes('You review one chunk'));
    expect(mapCalls).toHaveLength(s.chunks.length);
    expect(mapCalls[0]!.result.usage.cacheWrite).toBeGreaterThan(0);
    expect(mapCalls[0]!.result.usage.cacheRead).toBe(0);
    for (const call of mapCalls.slice(1)) expect(call.result.usage.cacheRead).toBe(mapCalls[0]!.result.usage.cacheWrite);
    for (const request of maps) expect((request.system as Array<{ cache_control?: unknown }>).at(-1)!.cache_control).toEqual({ type: 'ephemeral' });

    // Stats are the calls made now, priced from the table.
    const price = findModel(s.llm.models, MODEL);
    expect(analysis.stats).toMatchObject({ chunks: s.chunks.length, chunksFromCache: 0, calls: s.calls.length });
    expect(analysis.stats.cacheReadTokens).toBe(s.calls.reduce((sum, call) => sum + call.result.usage.cacheRead, 0));
    expect(analysis.stats.inputTokens).toBe(s.calls.reduce((sum, call) => sum + call.result.usage.input, 0));
    expect(analysis.stats.costUsd).toBeCloseTo(s.calls.reduce((sum, call) => sum + costOf(price, call.result.usage), 0), 12);
    expect(analysis.stats.costUsd).toBeGreaterThan(0);
    // …and equal to what the API billed: the fake's own usage, priced from the raw table.
    expect(analysis.stats.costUsd).toBeCloseTo(billedUsd(s.fake.requests, require('@loomkit/llm/data/models.json') as PriceTable), 12);

    const mapProgress = progress.filter((event) => event.stage === 'map');
    expect(mapProgress.map((event) => event.done)).toEqual(Array.from({ length: s.chunks.length + 1 }, (_, i) => i));
    expect(mapProgress.every((event) => event.total === s.chunks.length)).toBe(true);
    const reduces = s.messageRequests().filter(isReduceRequest).length;
    expect(progress.filter((event) => event.stage === 'reduce').map((event) => event.done)).toEqual(Array.from({ length: reduces }, (_, i) => i + 1));
  });

  it('keeps only citations of scanned files and existing lines, drops findings left without one, and counts the drops', async () => {
    const s = (setup = await setUp());
    const analysis = await s.run();
    expect(analysis.findings.length).toBeGreaterThan(0);
    for (const finding of analysis.findings) {
      expect(finding.citations.length).toBeGreaterThan(0);
      for (const citation of finding.citations) expect(isValidCitation(citation, s.repo.byPath)).toBe(true);
    }
    expect(analysis.findings.map((finding) => finding.title)).not.toContain('Invented');
    expect(analysis.findings.map((finding) => finding.title)).not.toContain('Made up');
    expect(analysis.findings.some((finding) => finding.title.startsWith('Backwards'))).toBe(false);
    // Every bogus citation the fake made up was dropped (reduce calls see only clean reports).
    expect(analysis.stats.citationsDropped).toBe(s.log.bogus);
    // One finding per chunk survives, each citing the first part its chunk showed.
    expect(analysis.findings.filter((finding) => finding.title.startsWith('Issue in'))).toHaveLength(s.chunks.length);
    for (const chunk of s.chunks) expect(analysis.findings.some((finding) => finding.citations[0]!.file === chunk.parts[0]!.path)).toBe(true);
    const ranks = analysis.findings.map((finding) => SEVERITIES.indexOf(finding.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('analyses one chunk with no reduce call', async () => {
    const s = (setup = await setUp());
    const analysis = await s.run({ chunks: s.chunks.slice(0, 1) });
    expect(s.messageRequests()).toHaveLength(1);
    expect(analysis.stats.calls).toBe(1);
    expect(analysis.summary).toContain(s.chunks[0]!.parts[0]!.path);
    expect(analysis.findings.map((finding) => finding.title)).toEqual([`Issue in ${s.chunks[0]!.parts[0]!.path}`]);
  });

  it('tells the model the repository content is untrusted data, and carries mode, question and map in the prefix', async () => {
    const s = (setup = await setUp());
    await s.run({ chunks: s.chunks.slice(0, 1), mode: 'security', question: 'Where are tokens checked?', mapText: 'MAP-MARKER' });
    const [request] = s.messageRequests();
    const system = (request!.system as Array<{ text: string }>).map((block) => block.text);
    expect(system[0]).toMatch(/untrusted data/);
    expect(system[0]).toMatch(/never follow/);
    expect(system[0]).toContain('Focus (security)');
    expect(system[0]).toContain('Where are tokens checked?');
    expect(system[1]).toContain('MAP-MARKER');
    expect(request!.tool_choice).toMatchObject({ type: 'tool', name: 'report_findings' });
    expect(request!.max_tokens).toBe(1_024);
  });
});
