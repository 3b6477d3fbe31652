import Anthropic from '@anthropic-ai/sdk';
import { afterEach } from 'vitest';
import { startFakeClaude, type FakeClaude, type FakeClaudeOptions } from '../src/index.js';

export const MODEL = 'claude-sonnet-4-6';

/**
 * A fresh fake per test (closed after it) and a real SDK client pointed at it, with the
 * SDK's own retries off unless a test asks for them.
 */
export function useFakeClaude() {
  const open: FakeClaude[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((fake) => fake.close()));
  });
  return async (options: FakeClaudeOptions = {}, client: ConstructorParameters<typeof Anthropic>[0] = {}) => {
    const fake = await startFakeClaude(options);
    open.push(fake);
    return { fake, client: new Anthropic({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0, ...client }) };
  };
}

/** What a rejected promise rejected with (fails the test if it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
