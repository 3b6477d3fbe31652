/**
 * Each chunk's validated report (and each reduce call's merged one), on disk as soon as it is
 * known, so a killed or cancelled run loses no paid-for work: the next run with the same
 * inputs reads it instead of calling Claude again. Writes go to a temp file that is renamed
 * over the target, so a reader (or a kill -9) sees the old file or the new one, never half.
 * Runs in the same repository at once share work through a lock per key: the second waits
 * for the first's call and reads its result instead of paying for it again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Mode } from '../types.js';
import { reportSchema, type Report } from './findings.js';
import { PROMPT_VERSION } from './modes.js';
import { makeDirectorySync } from '@loomkit/kernel/early';

export interface ResultKeyParts {
  chunkHash: string;
  mode: Mode;
  model: string;
  question?: string;
}

export function resultKey(parts: ResultKeyParts): string {
  return createHash('sha256')
    .update(JSON.stringify([parts.chunkHash, parts.mode, parts.model, PROMPT_VERSION, parts.question ?? '']))
    .digest('hex');
}

/** The key of one reduce call: its prompt settings and the very reports it merges. */
export function reduceKey(parts: Omit<ResultKeyParts, 'chunkHash'>, reports: Report[]): string {
  return createHash('sha256')
    .update(JSON.stringify(['reduce', parts.mode, parts.model, PROMPT_VERSION, parts.question ?? '', reports]))
    .digest('hex');
}

export interface Claimed {
  report: Report;
  /** True when another run (earlier, or at the same time) had paid for it. */
  stored: boolean;
}

export interface ResultsStore {
  /** The stored report, or undefined when there is none or it does not parse (then it is redone). */
  read(key: string): Promise<Report | undefined>;
  write(key: string, report: Report): Promise<void>;
  /**
   * The stored report of `key`, else `compute()`'s, stored — with the key locked across
   * processes meanwhile, so concurrent runs make one call per key. A holder that dies leaves a
   * stale lock, taken over after LOCK_STALE_MS; one that fails releases it, and the waiter
   * computes instead.
   */
  claim(key: string, compute: () => Promise<Report>): Promise<Claimed>;
}

// proper-lockfile (and the graceful-fs it patches in) loads when a key is first claimed: a run
// that calls Claude claims keys, an offline `query mega` never does.
const require = createRequire(import.meta.url);
let lockfile: typeof import('proper-lockfile') | undefined;
const locks = (): typeof import('proper-lockfile') => (lockfile ??= require('proper-lockfile') as typeof import('proper-lockfile'));

/** proper-lockfile refreshes a held lock every stale/2, so only a dead holder's lock goes stale. */
const LOCK_STALE_MS = 10_000;
/** Waits from 50 ms up to 1 s between tries, for at most about 20 minutes: a map call under retries can take a while. */
const LOCK_RETRIES = { retries: 1_200, factor: 1.5, minTimeout: 50, maxTimeout: 1_000 };

async function writeAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function createResultsStore(dir: string): ResultsStore {
  const file = (key: string) => join(dir, `${key}.json`);
  const store: ResultsStore = {
    async read(key) {
      const text = await readFile(file(key), 'utf8').catch(() => undefined);
      if (text === undefined) return undefined;
      try {
        const parsed = reportSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async write(key, report) {
      makeDirectorySync(dir);
      await writeAtomic(file(key), `${JSON.stringify(report)}\n`);
    },
    async claim(key, compute) {
      const before = await store.read(key);
      if (before) return { report: before, stored: true };
      makeDirectorySync(dir);
      const release = await locks().lock(file(key), {
        lockfilePath: join(dir, `${key}.lock`),
        realpath: false,
        stale: LOCK_STALE_MS,
        retries: LOCK_RETRIES,
        // The default throws from a timer and kills the process; losing the lock only means
        // another run may pay for this key too.
        onCompromised: () => undefined,
      });
      try {
        const after = await store.read(key);
        if (after) return { report: after, stored: true };
        const report = await compute();
        await store.write(key, report);
        return { report, stored: false };
      } finally {
        await release().catch(() => undefined);
      }
    },
  };
  return store;
}
