import { estimateInputTokens, type LlmRequestInput } from '@loomkit/llm';
import { afterEach, describe, expect, it } from 'vitest';
import { prefixTokens } from '../src/analyse/index.js';
import { costPlan } from '../src/chunk/index.js';
import { isReduceRequest, MODEL, setUp, userText, type Setup } from './analyse-fixtures.js';

let setup: Setup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

describe('analyse: the reduce stage', () => {
  it('merges level by level within the chunk budget, making exactly the calls the plan counted, into one report', async () => {
    const s = (setup = await setUp({ chunkTokens: 1_500 }));
    const input = s.input({ outputTokens: 600 });
    const analysis = await s.run(input);
    const plan = costPlan(s.chunks, { files: s.repo.files, mode: input.mode, model: MODEL, models: s.llm.models, prefixTokens: prefixTokens(input.mode, input.mapText), outputTokens: 600, chunkTokens: input.chunkTokens, estimated: true });

    const reduces = s.messageRequests().filter(isReduceRequest);
    expect(s.chunks.length).toBeGreaterThan(6);
    expect(reduces).toHaveLength(plan.calls.reduce);
    // More than one level: fewer reports fit one call than there are chunks.
    const merged = reduces.map((request) => Number(/^(\d+) partial reports/.exec(userText(request))![1]));
    expect(Math.max(...merged)).toBeLessThan(s.chunks.length);
    expect(merged.reduce((sum, count) => sum + count - 1, 0)).toBe(s.chunks.length - 1);
    for (const request of reduces) expect(estimateInputTokens(request as unknown as LlmRequestInput)).toBeLessThanOrEqual(input.chunkTokens);

    // One report: every chunk's surviving finding, with its citation, and one summary over all.
    expect(analysis.findings.filter((finding) => finding.title.startsWith('Issue in'))).toHaveLength(s.chunks.length);
    expect(analysis.summary).toMatch(/^merged \d+: /);
    for (const chunk of s.chunks) expect(analysis.summary).toContain(`chunk with ${chunk.parts[0]!.path}`);
    expect(analysis.stats.calls).toBe(s.chunks.length + plan.calls.reduce);
  });

  it('returns an empty report without a call when there is nothing to analyse', async () => {
    const s = (setup = await setUp());
    const analysis = await s.run({ chunks: [] });
    expect(s.fake.requests).toHaveLength(0);
    expect(analysis.findings).toEqual([]);
    expect(analysis.stats.calls).toBe(0);
  });
});
