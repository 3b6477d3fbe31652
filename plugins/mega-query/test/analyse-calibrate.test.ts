import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { createLogger, resolvePaths } from '@loomkit/kernel';
import { createLlm, estimateInputTokens, llmConfigSchema } from '@loomkit/llm';
import { afterEach, describe, expect, it } from 'vitest';
import { countedRatio } from '../src/analyse/index.js';
import { MODEL, setUp, type Setup } from './analyse-fixtures.js';

let setup: Setup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

const settings = { mode: 'codebase' as const, model: MODEL, outputTokens: 512 };

describe('countedRatio', () => {
  it('measures one real map request with count_tokens and returns counted ÷ estimated', async () => {
    const s = (setup = await setUp());
    const chunk = s.chunks[0]!;
    const ratio = await countedRatio({ llm: s.llm, chunk, read: s.repo.read, files: new Map(s.repo.files.map((file) => [file.path, file])), settings, mapText: 'src/a.ts\n  export function a()' });
    const counts = s.fake.requests.filter((request) => request.path === '/v1/messages/count_tokens');
    expect(counts).toHaveLength(1);
    expect(s.messageRequests()).toHaveLength(0);
    // Ask the API the same question ourselves: the ratio is its count over Loom's local estimate.
    const body = counts[0]!.body as Parameters<typeof estimateInputTokens>[0] & { model: string };
    expect(body.tools?.map((tool) => (tool as { name: string }).name)).toEqual(['report_findings']);
    const client = new Anthropic({ apiKey: s.fake.apiKey, baseURL: s.fake.url });
    const { input_tokens: counted } = await client.messages.countTokens(body);
    expect(ratio).toBeCloseTo(counted / estimateInputTokens(body), 12);
    expect(ratio).not.toBe(1);
  });

  it('gives nothing without a key: the estimate stays the plan', async () => {
    const s = (setup = await setUp());
    const root = mkdtempSync(join(tmpdir(), 'loom-mega-offline-'));
    const offline = createLlm({
      config: llmConfigSchema.parse({ model: MODEL }),
      env: {},
      events: { emit: async () => undefined },
      paths: resolvePaths({ cwd: root, userConfigDir: join(root, 'u'), dataDir: join(root, 'd'), cacheDir: join(root, 'c') }),
      logger: createLogger('silent'),
    });
    const ratio = await countedRatio({ llm: offline, chunk: s.chunks[0]!, read: s.repo.read, files: new Map(s.repo.files.map((file) => [file.path, file])), settings, mapText: '' });
    expect(ratio).toBeUndefined();
    expect(s.fake.requests).toHaveLength(0);
  });
});
