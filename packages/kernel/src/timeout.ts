import { LoomError } from './errors.js';

/**
 * Runs `work`, failing with `timeoutError()` if it has not settled within `ms`. The timer
 * keeps the process alive on purpose: work that never settles (a plugin's setup awaiting
 * nothing) would otherwise let the event loop drain and end the command silently, exit 0.
 */
export async function withTimeout<T>(work: () => T | Promise<T>, ms: number, timeoutError: () => LoomError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  try {
    return await Promise.race([Promise.resolve().then(work), expired]);
  } finally {
    clearTimeout(timer);
  }
}
