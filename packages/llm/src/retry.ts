import { LoomError } from '@loomkit/kernel';
import { classify } from './errors.js';
import type { LlmMiddleware } from './pipeline.js';
import type { LlmConfig } from './schema.js';
import type { Sleep } from './sleep.js';

export interface RetryDeps {
  sleep: Sleep;
  now: () => number;
  random: () => number;
}

/**
 * Exponential backoff with full jitter (AWS's "full jitter": a random wait up to the
 * exponential cap), floored by the server's retry-after, bounded by a total deadline.
 * The SDK's own retries are off so that every attempt passes the rate limiter, is seen
 * by events and counts towards the deadline, and so a cut stream is retried too.
 */
export function backoffMs(attempt: number, config: LlmConfig['retry'], random: () => number, retryAfterMs?: number): number {
  const cap = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(cap * random());
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

export interface RetryPolicy {
  config: LlmConfig['retry'];
  deps: RetryDeps;
  signal: () => AbortSignal | undefined;
}

/** Counts attempts where the caller can read them (an LlmCall, or a plain tally). */
export interface AttemptTally {
  attempts: number;
}

/**
 * The one retry loop of every request kind: messages (through the pipeline), count_tokens
 * and the batch API alike, so a busy API costs a wait, never a failed command.
 */
export async function withRetry<T>(policy: RetryPolicy, tally: AttemptTally, attempt: () => Promise<T>, onRetry?: (error: unknown) => void): Promise<T> {
  const { config, deps } = policy;
  const started = deps.now();
  for (;;) {
    tally.attempts += 1;
    try {
      return await attempt();
    } catch (error) {
      const { retryable, retryAfterMs } = classify(error, deps.now());
      if (!retryable || tally.attempts >= config.maxAttempts) throw error;
      const wait = backoffMs(tally.attempts, config, deps.random, retryAfterMs);
      const elapsed = deps.now() - started;
      if (elapsed + wait > config.deadlineMs) {
        throw new LoomError('LLM_DEADLINE', `gave up after ${tally.attempts} attempts: the next retry would pass the ${config.deadlineMs} ms deadline`, {
          hint: 'raise llm.retry.deadlineMs, or try again when the API is less busy',
          cause: error,
        });
      }
      onRetry?.(error);
      await deps.sleep(wait, policy.signal());
    }
  }
}

export function retryMiddleware(config: LlmConfig['retry'], deps: RetryDeps, signal: () => AbortSignal | undefined): LlmMiddleware {
  const policy = { config, deps, signal };
  return (call, next) =>
    withRetry(policy, call, next, (error) => call.stream?.({ type: 'restart', attempt: call.attempts + 1, reason: (error as Error).message ?? 'retry' }));
}
