import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { InjectionGuardRecipe, SecretScannerRecipe } from '@loomkit/plugin-security';
import { workOn, type FileJob, type FileTools, type FileWork } from './work.js';

/** What a worker needs to build the same tools as this thread: plain data only. */
export interface WorkerSetup {
  secrets: SecretScannerRecipe;
  injection: InjectionGuardRecipe;
  /** Extract symbols and imports (repomap structureOf). */
  facts: boolean;
  /** Count search terms (repomap wordCounts). */
  words: boolean;
}

export interface ScanPool {
  run(job: FileJob): Promise<FileWork>;
  /** Ends the workers; jobs still queued are not run. */
  close(): Promise<void>;
}

/** A worker's answer to one job. */
export type Reply = { id: number; work: FileWork } | { id: number; error: true };
/** What goes to a worker in one message: every job given it since the last turn of the event loop. */
export type JobBatch = Array<{ id: number; job: FileJob }>;
/**
 * A worker answers a batch in messages of this many jobs, not one at its end. Answered whole, a
 * batch held the read slots of all its files until the last one was done, and the worker
 * waited while this thread read the next batch (CPU profiles of cold runs showed workers idle
 * for much of the scan). A few jobs a message let this thread refill while the worker works.
 */
export const REPLY_EVERY = 4;

// Resolved against the package root, so sources run by vitest start the built worker too.
const WORKER = new URL('../../dist/scan/worker.js', import.meta.url);

/** Workers for this machine: one a core, at most four (past that the main thread's reads are the limit). */
export const defaultWorkers = (): number => Math.min(4, availableParallelism());

/**
 * The per-file work of a scan on `size` worker threads, started on the first job (a warm scan
 * that reads nothing starts none). Each worker rebuilds the scanner, the guard and the
 * extractors from `setup`, so a job gives there what workOn gives here with `local`. A worker
 * that fails to start or dies hands its jobs to this thread: slower, never different.
 */
export function createScanPool(setup: WorkerSetup, size: number, local: FileTools): ScanPool {
  interface Slot {
    worker: Worker;
    pending: Map<number, { job: FileJob; resolve: (work: FileWork) => void; reject: (error: unknown) => void }>;
    /** Jobs not yet sent: a message, and the wake-up of a sleeping thread, per turn rather than per file. */
    outbox: JobBatch;
    dead: boolean;
  }
  let slots: Slot[] | undefined;
  let nextId = 0;
  let flushing: NodeJS.Immediate | undefined;
  const flush = (): void => {
    flushing = undefined;
    for (const slot of slots ?? []) {
      if (slot.outbox.length === 0 || slot.dead) continue;
      slot.worker.postMessage(slot.outbox);
      slot.outbox = [];
    }
  };

  const fail = (slot: Slot): void => {
    if (slot.dead) return;
    slot.dead = true;
    void slot.worker.terminate();
    for (const { job, resolve, reject } of slot.pending.values()) workOn(job, local).then(resolve, reject);
    slot.pending.clear();
    slot.outbox = [];
  };
  const start = (): Slot[] =>
    Array.from({ length: Math.max(1, size) }, () => {
      const slot: Slot = { worker: new Worker(WORKER, { workerData: setup }), pending: new Map(), outbox: [], dead: false };
      slot.worker.on('message', (replies: Reply[]) => {
        for (const reply of replies) {
          const waiting = slot.pending.get(reply.id);
          if (!waiting) continue;
          slot.pending.delete(reply.id);
          // A failed job is done again here, so its error is the one this thread would give.
          if ('error' in reply) workOn(waiting.job, local).then(waiting.resolve, waiting.reject);
          else waiting.resolve(reply.work);
        }
      });
      slot.worker.on('error', () => fail(slot));
      slot.worker.on('exit', () => fail(slot));
      return slot;
    });

  return {
    run(job) {
      slots ??= start();
      const live = slots.filter((slot) => !slot.dead);
      if (live.length === 0) return workOn(job, local);
      const slot = live.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        slot.pending.set(id, { job, resolve, reject });
        slot.outbox.push({ id, job });
        flushing ??= setImmediate(flush);
      });
    },
    async close() {
      const started = slots ?? [];
      for (const slot of started) slot.dead = true;
      await Promise.all(started.map((slot) => slot.worker.terminate()));
    },
  };
}
