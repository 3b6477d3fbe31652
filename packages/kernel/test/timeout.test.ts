import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoomError } from '../src/errors.js';
import { withTimeout } from '../src/timeout.js';

const timeoutError = () => new LoomError('TOO_SLOW', 'took too long');

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('withTimeout', () => {
  it('returns the value of synchronous work', async () => {
    await expect(withTimeout(() => 42, 1_000, timeoutError)).resolves.toBe(42);
  });

  it('returns the value of asynchronous work that settles in time', async () => {
    vi.useFakeTimers();
    const work = () => new Promise<string>((resolve) => setTimeout(() => resolve('done'), 999));
    const result = withTimeout(work, 1_000, timeoutError);
    await vi.advanceTimersByTimeAsync(999);
    await expect(result).resolves.toBe('done');
  });

  it('rejects with the timeout error once `ms` has passed', async () => {
    vi.useFakeTimers();
    const result = withTimeout(() => new Promise<never>(() => undefined), 1_000, timeoutError);
    const settled = vi.fn();
    result.then(settled, settled);
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).rejects.toMatchObject({ code: 'TOO_SLOW', message: 'took too long' });
  });

  it('builds the timeout error only when the time is up', async () => {
    vi.useFakeTimers();
    const make = vi.fn(timeoutError);
    await withTimeout(() => 'quick', 1_000, make);
    expect(make).not.toHaveBeenCalled();
  });

  it('passes on the error of work that throws synchronously or rejects', async () => {
    const boom = new Error('boom');
    await expect(withTimeout(() => { throw boom; }, 1_000, timeoutError)).rejects.toBe(boom);
    await expect(withTimeout(() => Promise.reject(boom), 1_000, timeoutError)).rejects.toBe(boom);
  });

  it('clears its timer whether the work succeeds or fails', async () => {
    vi.useFakeTimers();
    await withTimeout(() => 'ok', 1_000, timeoutError);
    expect(vi.getTimerCount()).toBe(0);
    await withTimeout(() => Promise.reject(new Error('x')), 1_000, timeoutError).catch(() => undefined);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps the process alive while it waits, so work that never settles still ends in the timeout error', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const result = withTimeout(() => new Promise<never>(() => undefined), 60_000, timeoutError);
    const timer = spy.mock.results[0]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(true);
    clearTimeout(timer);
    result.catch(() => undefined);
  });
});
