import { describe, expect, it } from 'vitest';
import { withIdleTimeout } from '../src/idle-timeout.js';
import { sleep } from '../src/sleep.js';

/** The signal's 'abort' listeners still attached: none may outlive a settled wait. */
const listeners = (signal: AbortSignal) => {
  let count = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<typeof add>) => (args[0] === 'abort' && (count += 1), add(...args))) as typeof add;
  signal.removeEventListener = ((...args: Parameters<typeof remove>) => (args[0] === 'abort' && (count -= 1), remove(...args))) as typeof remove;
  return () => count;
};

describe('sleep', () => {
  it('refuses to start on an aborted signal', async () => {
    await expect(sleep(10_000, AbortSignal.abort())).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('ends early, as a cancellation, when the signal aborts while it waits', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED', exitCode: 130 });
    // Far below the minute it was asked for: the abort, not the timer, ended it.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('leaves no listener on the signal once it has slept', async () => {
    const controller = new AbortController();
    const attached = listeners(controller.signal);
    await sleep(1, controller.signal);
    expect(attached()).toBe(0);
  });
});

describe('withIdleTimeout', () => {
  it('hands the attempt an aborted signal when the caller had already aborted, and reports the cancellation', async () => {
    const reason = new Error('stopped before it began');
    let seen: AbortSignal | undefined;
    const attempt = withIdleTimeout(60_000, AbortSignal.abort(reason), async (signal) => {
      seen = signal;
      if (signal.aborted) throw signal.reason;
      return 'ran';
    });
    await expect(attempt).rejects.toBe(reason);
    expect(seen?.aborted).toBe(true);
  });

  it('abandons an attempt that hears nothing for the idle time, as LLM_IDLE_TIMEOUT', async () => {
    const attempt = withIdleTimeout(20, undefined, (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))));
    await expect(attempt).rejects.toMatchObject({ code: 'LLM_IDLE_TIMEOUT' });
  });

  it('leaves no listener on the caller’s signal once the attempt settled', async () => {
    const controller = new AbortController();
    const attached = listeners(controller.signal);
    await expect(withIdleTimeout(60_000, controller.signal, async () => 'done')).resolves.toBe('done');
    expect(attached()).toBe(0);
  });
});
