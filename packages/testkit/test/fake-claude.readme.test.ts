// The README's example, verbatim but for the import path, so it keeps running.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, expect, it } from 'vitest';
import { startFakeClaude } from '../src/index.js';

const fake = await startFakeClaude();
afterAll(() => fake.close());

it('retries through a 429 and a 529, then streams the scripted reply', async () => {
  fake.reset();
  fake.reply((request) => `seen ${request.messages.length} message(s)`);
  fake.faults({ sequence: [429, 529, 200], retryAfterSeconds: 0.01 });
  const client = new Anthropic({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 2 });

  const message = await client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();

  expect(message.content[0]).toMatchObject({ type: 'text', text: 'seen 1 message(s)' });
  expect(fake.requests.map((r) => r.status)).toEqual([429, 529, 200]);
});
