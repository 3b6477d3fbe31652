import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/rate-limiter.js';
import { fakeTime } from './support/fake-time.js';

const roomy = { concurrency: 10, requestsPerMinute: 1_000, inputTokensPerMinute: 1_000_000, outputTokensPerMinute: 1_000_000 };

describe('RateLimiter', () => {
  it('never lets more than `concurrency` calls run at once', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ...roomy, concurrency: 2 }, time.now, time.sleep);
    let running = 0;
    let peak = 0;
    const task = async () => {
      const slot = await limiter.acquire({ input: 1, output: 1 });
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running -= 1;
      slot.release();
    };
    await Promise.all(Array.from({ length: 7 }, task));
    expect(peak).toBe(2);
    expect(limiter.peak).toBe(2);
  });

  it('throttles requests per minute by waiting for the window, not failing', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ...roomy, requestsPerMinute: 3 }, time.now, time.sleep);
    const started: number[] = [];
    for (let index = 0; index < 5; index++) {
      (await limiter.acquire({ input: 1, output: 1 })).release();
      started.push(time.now());
    }
    const t0 = started[0]!;
    expect(started.map((at) => at - t0)).toEqual([0, 0, 0, 60_000, 60_000]);
  });

  it('throttles input tokens per minute and counts actual output on release', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ...roomy, inputTokensPerMinute: 1_000, outputTokensPerMinute: 500 }, time.now, time.sleep);
    const first = await limiter.acquire({ input: 600, output: 400 });
    first.release({ input: 600, output: 50 });
    const t0 = time.now();
    // 600 + 300 input fits; output reserved 400 was corrected to 50, so 50 + 400 fits too.
    (await limiter.acquire({ input: 300, output: 400 })).release({ input: 300, output: 400 });
    expect(time.now()).toBe(t0);
    // A third call of 200 input would make 1100 > 1000: it waits for the first to age out.
    (await limiter.acquire({ input: 200, output: 1 })).release();
    expect(time.now() - t0).toBe(60_000);
  });

  it('lets a call bigger than a whole minute through when the window is empty', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ...roomy, inputTokensPerMinute: 100 }, time.now, time.sleep);
    const before = time.now();
    (await limiter.acquire({ input: 5_000, output: 1 })).release();
    expect(time.now()).toBe(before);
  });

  it('stops waiting for a slot when the signal aborts, and leaves its place to the waiter behind it', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ...roomy, concurrency: 1 }, time.now, time.sleep);
    const held = await limiter.acquire({ input: 1, output: 1 });
    const controller = new AbortController();
    const waiting = limiter.acquire({ input: 1, output: 1 }, controller.signal);
    const behind = limiter.acquire({ input: 1, output: 1 });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    held.release();
    // The aborted waiter gave up its place: the one behind it, not a ghost, gets the slot.
    (await behind).release();
    await expect(limiter.acquire({ input: 1, output: 1 })).resolves.toBeDefined();
  });

  it('does not count the tokens of a failed call against the minute', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ...roomy, outputTokensPerMinute: 1_000 }, time.now, time.sleep);
    (await limiter.acquire({ input: 1, output: 900 })).release();
    const before = time.now();
    (await limiter.acquire({ input: 1, output: 900 })).release({ input: 1, output: 900 });
    expect(time.now()).toBe(before);
    (await limiter.acquire({ input: 1, output: 900 })).release();
    expect(time.now() - before).toBe(60_000);
  });

  it('frees a slot once however often a reservation is released', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ...roomy, concurrency: 1 }, time.now, time.sleep);
    const first = await limiter.acquire({ input: 1, output: 1 });
    first.release();
    const second = await limiter.acquire({ input: 1, output: 1 });
    // A second release of the first must not free the slot the second holds.
    first.release({ input: 1_000, output: 1_000 });
    let third = false;
    const waiting = limiter.acquire({ input: 1, output: 1 }).then((slot) => ((third = true), slot));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(third).toBe(false);
    second.release();
    (await waiting).release();
    expect(third).toBe(true);
  });

  it('lets a call through that fills the minute exactly', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ ...roomy, inputTokensPerMinute: 1_000 }, time.now, time.sleep);
    (await limiter.acquire({ input: 400, output: 1 })).release({ input: 400, output: 1 });
    const before = time.now();
    (await limiter.acquire({ input: 600, output: 1 })).release();
    expect(time.now()).toBe(before);
  });
});
