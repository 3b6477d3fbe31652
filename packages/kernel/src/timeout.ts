import { LoomError } from './errors.js';

/** Runs `work`, failing with `timeoutError()` if it has not settled within `ms`. */
export async function withTimeout<T>(work: () => T | Promise<T>, ms: number, timeoutError: () => LoomError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
    timer.unref();
  });
  try {
    return await Promise.race([Promise.resolve().then(work), expired]);
  } finally {
    clearTimeout(timer);
  }
}
