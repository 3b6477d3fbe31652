import { createTestKernel } from '@loomkit/kernel/testing';
import { startFakeClaude } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/plugin.js';
import { LlmToken } from '../src/tokens.js';

describe('the llm plugin', () => {
  it('provides loom.llm configured from its section, created lazily', async () => {
    const kernel = await createTestKernel({ plugins: [plugin], config: { llm: { model: 'claude-haiku-4-5', maxTokens: 64, limits: { concurrency: 2, requestsPerMinute: 7 } } } });
    const llm = kernel.get(LlmToken);
    expect(llm.defaultModel).toBe('claude-haiku-4-5');
    // Planners read the limits calls are paced to: the configured ones, defaults filling the rest.
    expect(llm.limits).toEqual({ concurrency: 2, requestsPerMinute: 7, inputTokensPerMinute: 30_000, outputTokensPerMinute: 8_000 });
    expect(llm.estimateCost({ messages: [{ role: 'user', content: 'hi' }] }).maxOutputTokens).toBe(64);
    expect(kernel.get(LlmToken)).toBe(llm);
    await kernel.dispose();
  });

  it('rejects a bad section with the key and the expectation', async () => {
    await expect(createTestKernel({ plugins: [plugin], config: { llm: { limits: { concurrency: 0 } } } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('llm.limits.concurrency'),
    });
  });

  it('talks to the API named by ANTHROPIC_BASE_URL with ANTHROPIC_API_KEY', async () => {
    const fake = await startFakeClaude({ reply: 'through the kernel' });
    const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };
    process.env.ANTHROPIC_API_KEY = fake.apiKey;
    process.env.ANTHROPIC_BASE_URL = fake.url;
    try {
      const kernel = await createTestKernel({ plugins: [plugin] });
      const llm = kernel.get(LlmToken);
      expect(llm.available).toBe(true);
      const result = await llm.create({ messages: [{ role: 'user', content: 'hi' }] });
      expect(result.message.content).toEqual([expect.objectContaining({ type: 'text', text: 'through the kernel' })]);
      expect(fake.requests).toHaveLength(1);
    } finally {
      process.env.ANTHROPIC_API_KEY = saved.key ?? '';
      process.env.ANTHROPIC_BASE_URL = saved.url ?? '';
      if (saved.url === undefined) delete process.env.ANTHROPIC_BASE_URL;
      await fake.close();
    }
  });
});
