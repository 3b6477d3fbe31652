import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LoomError } from '@loomkit/kernel';
import type Lockfile from 'proper-lockfile';
import { makeDirectorySync } from '@loomkit/kernel/early';

// Loaded on first lock: commands that only read sessions (list, show) do not pay for it.
const loadLockfile = (): typeof Lockfile => createRequire(import.meta.url)('proper-lockfile') as typeof Lockfile;

/** Writes a whole file through a temp file and a rename: readers see the old or the new, never half. */
export function writeFileAtomic(path: string, text: string, options: { fsync?: boolean } = {}): void {
  makeDirectorySync(dirname(path));
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, text);
      if (options.fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export interface LockOptions {
  /** A lock older than this (its holder died: `kill -9`) is taken over. proper-lockfile's floor is 2 s. */
  staleMs: number;
  /** Longest to wait for the lock before SESSION_LOCKED (default: about two stale periods, long enough to take over a dead holder's lock). */
  waitMs?: number;
}

export const DEFAULT_LOCK: LockOptions = { staleMs: 5_000 };

/**
 * Runs `fn` holding the lock `lockPath` (a directory: proper-lockfile's atomic mkdir, kept
 * fresh while held, taken over when older than `staleMs` because its holder died).
 * Taken with the sync API (a few syscalls, no thread-pool round trips: an append's
 * latency stays flat under load) and retried here with short randomised waits, so a busy
 * writer cannot starve another, for about two stale periods.
 */
export async function withLock<T>(lockPath: string, fn: () => T | Promise<T>, options: LockOptions = DEFAULT_LOCK): Promise<T> {
  const target = lockPath.replace(/\.lock$/, '');
  makeDirectorySync(dirname(lockPath));
  const deadline = Date.now() + (options.waitMs ?? options.staleMs * 2 + 1_000);
  let wait = 1;
  let release: () => void;
  for (;;) {
    try {
      release = loadLockfile().lockSync(target, {
        lockfilePath: lockPath,
        realpath: false,
        stale: options.staleMs,
        // The default throws from a timer, which would kill the process; a compromised lock
        // only means another process took over a lock we held for longer than `stale`.
        onCompromised: () => undefined,
      });
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ELOCKED') throw error;
      if (Date.now() > deadline) {
        throw new LoomError('SESSION_LOCKED', `${target} is locked by another loom process`, {
          hint: `wait for it to finish; if none is running, remove ${lockPath}`,
          cause: error,
        });
      }
      await sleep(wait * (1 + Math.random()));
      wait = Math.min(wait * 2, 16);
    }
  }
  try {
    return await fn();
  } finally {
    try {
      release();
    } catch {
      // Already released (compromised): nothing to undo.
    }
  }
}
