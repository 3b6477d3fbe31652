import type { Sleep } from '../../src/sleep.js';

/** A clock that only moves when someone sleeps: retries and limits run instantly and deterministically. */
export function fakeTime(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  const sleep: Sleep = async (ms, signal) => {
    if (signal?.aborted) throw signal.reason;
    sleeps.push(ms);
    now += ms;
    await Promise.resolve();
  };
  return { now: () => now, sleep, sleeps, advance: (ms: number) => (now += ms) };
}
