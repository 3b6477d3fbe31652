import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, resolvePaths } from '@loomkit/kernel';
import { startFakeClaude, type FakeClaude, type FakeClaudeOptions } from '@loomkit/testkit';
import { createLlm, type Llm } from '../../src/client.js';
import type { z } from 'zod';
import type { Sleep } from '../../src/sleep.js';
import { llmConfigSchema, type LlmConfig } from '../../src/schema.js';

export interface Emitted {
  event: string;
  payload: unknown;
}

type ConfigInput = z.input<typeof llmConfigSchema>;

/** The real SDK, through our pipeline, against the loopback fake. */
export async function llmAgainstFake(
  config: ConfigInput = {},
  fakeOptions: FakeClaudeOptions = {},
  extra: { signal?: AbortSignal; key?: string | null; stateDir?: string; time?: { now: () => number; sleep: Sleep } } = {},
) {
  const fake = await startFakeClaude(fakeOptions);
  const root = extra.stateDir ?? mkdtempSync(join(tmpdir(), 'loom-llm-'));
  const emitted: Emitted[] = [];
  // Fast retries and roomy rate limits unless a test sets its own: tier-1 output limits
  // would otherwise hold a second 4096-token call for a minute.
  const roomy = { requestsPerMinute: 100_000, inputTokensPerMinute: 100_000_000, outputTokensPerMinute: 100_000_000 };
  const parsed: LlmConfig = llmConfigSchema.parse({ ...config, retry: { baseDelayMs: 5, maxDelayMs: 50, ...config.retry }, limits: { ...roomy, ...config.limits } });
  const make = (signal?: AbortSignal) =>
    createLlm({
      config: parsed,
      env: { ANTHROPIC_API_KEY: extra.key === null ? '' : (extra.key ?? fake.apiKey), ANTHROPIC_BASE_URL: fake.url },
      events: { emit: async (event, payload) => void emitted.push({ event, payload }) },
      paths: resolvePaths({ cwd: root, userConfigDir: join(root, 'u'), dataDir: join(root, 'd'), cacheDir: join(root, 'c') }),
      logger: createLogger('silent'),
      signal: signal ?? extra.signal,
      ...(extra.time ? { now: extra.time.now, sleep: extra.time.sleep } : {}),
    });
  return { fake, llm: make(), make, emitted, root };
}

export type Harness = Awaited<ReturnType<typeof llmAgainstFake>> & { fake: FakeClaude; llm: Llm };

export const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });
