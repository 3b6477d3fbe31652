import { setImmediate as nextTurn } from 'node:timers/promises';

/** Every this many tasks the event loop gets a turn, so progress bars redraw and Ctrl-C lands even when every task completes synchronously. */
const YIELD_EVERY = 256;

/** Runs `task` over `items` with at most `limit` in flight; stops starting new ones once `signal` aborts. */
export async function forEachConcurrent<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      if (index % YIELD_EVERY === 0) await nextTurn();
      signal?.throwIfAborted();
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  signal?.throwIfAborted();
}
