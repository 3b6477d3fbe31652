import { expect } from 'vitest';
import { LoomError } from '../../src/errors.js';

/** Awaits `promise`, which must reject with a LoomError, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<LoomError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LoomError);
    return error as LoomError;
  }
  throw new Error('expected a rejection');
}

/** Runs `fn`, which must throw a LoomError, and returns it. */
export function thrown(fn: () => unknown): LoomError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LoomError);
    return error as LoomError;
  }
  throw new Error('expected a LoomError, nothing was thrown');
}
