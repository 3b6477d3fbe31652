import { createRequire } from 'node:module';
import type { Ledger } from './ledger.js';
import { readCompleteLines } from '../../store/lines.js';
import { scanLines, type ClaudeEntry, type FileState } from './parse.js';
import type { ParsedSlice } from './worker.js';

/** A transcript to read from `from` to `size`; `state` carries on from the last read. */
export interface Job {
  file: number;
  path: string;
  from: number;
  size: number;
  mtimeMs: number;
  state: FileState;
}

const PENDING = 0;
const DONE = 2;
const START_GRACE_MS = 10_000;

/**
 * A cold read of a big history on every core: the jobs (in path order) are cut into
 * contiguous slices of about equal bytes; this thread reads the first straight into the
 * ledger while workers parse the others into columns, which are then added in order — the
 * same de-duplication, in the same order, as one thread. Synchronous (Atomics.wait and
 * receiveMessageOnPort), so a report stays one plain function call.
 */
export function readInWorkers(jobs: Job[], ledger: Ledger, workers: number, progress: (bytesRead: number) => void = () => {}): { bytesRead: number; threads: number } {
  // Loaded here: node:worker_threads takes ~4 ms to load, and a re-run never reads in workers.
  const { MessageChannel, receiveMessageOnPort, Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const slices = slice(jobs, workers);
  const status = new Int32Array(new SharedArrayBuffer(4 * slices.length));
  // Bytes each worker has read so far, for progress while this thread waits.
  const done = new Float64Array(new SharedArrayBuffer(8 * slices.length));
  const others = () => done.reduce((sum, bytes) => sum + bytes, 0);
  const started = slices.slice(1).map((part, n) => {
    const { port1, port2 } = new MessageChannel();
    // No inherited flags (`--input-type` makes a worker fail); a worker that fails is read here (below), not a crash.
    // Resolved against the package root, so sources run by vitest start the built worker too.
    const worker = new Worker(new URL('../../../dist/sources/claude-code/worker.js', import.meta.url), { execArgv: [], workerData: { jobs: part.map(({ path, from, size, state }) => ({ path, from, size, state })), port: port2, status, done, slot: n + 1 }, transferList: [port2] });
    worker.on('error', () => {});
    worker.unref();
    return { worker, port: port1, part, slot: n + 1 };
  });
  let bytesRead = readHere(slices[0]!, ledger, (mine) => progress(mine + others()));
  let threads = 1;
  const waitedFrom = Date.now();
  for (const { worker, port, part, slot } of started) {
    const result = wait(status, slot, waitedFrom, () => progress(bytesRead + others())) ? (receiveMessageOnPort(port)?.message as ParsedSlice | undefined) : undefined;
    port.close();
    if (!result || 'error' in result) {
      // A worker that never started (no built worker file) or failed: its slice is read here.
      void worker.terminate();
      bytesRead += readHere(part, ledger);
      continue;
    }
    bytesRead += addParsed(part, result, ledger);
    threads++;
  }
  return { bytesRead, threads };
}

function wait(status: Int32Array, slot: number, since: number, tick: () => void): boolean {
  for (;;) {
    tick();
    const now = Atomics.load(status, slot);
    if (now === DONE) return true;
    if (now === PENDING && Date.now() - since > START_GRACE_MS) return false;
    Atomics.wait(status, slot, now, 100);
  }
}

function addParsed(part: Job[], parsed: Exclude<ParsedSlice, { error: string }>, ledger: Ledger): number {
  const { batch, models, files } = parsed;
  let at = 0;
  let bytesRead = 0;
  part.forEach((job, n) => {
    const result = files[n]!;
    for (const end = at + result.entries; at < end; at++) {
      ledger.add(job.file, {
        exact: batch.exact[at]!, message: batch.message[at]!, sidechain: batch.sidechain[at] === 1, t: batch.t[at]!, model: models[batch.model[at]!]!,
        input: batch.input[at]!, output: batch.output[at]!, cacheWrite: batch.cacheWrite[at]!, cacheRead: batch.cacheRead[at]!,
      });
    }
    ledger.setRead(job.file, job, result, result.state);
    bytesRead += result.bytesRead;
  });
  return bytesRead;
}

/** Contiguous runs of jobs holding about equal shares of the bytes to read. */
function slice(jobs: Job[], count: number): Job[][] {
  const total = jobs.reduce((sum, job) => sum + job.size - job.from, 0);
  const slices: Job[][] = [[]];
  let done = 0;
  for (const job of jobs) {
    if (done >= (total * slices.length) / count && slices.length < count) slices.push([]);
    slices.at(-1)!.push(job);
    done += job.size - job.from;
  }
  return slices;
}

/** Reads the jobs on this thread, in path order, straight into the ledger. */
export function readHere(jobs: Job[], ledger: Ledger, progress: (bytesRead: number) => void = () => {}): number {
  let bytesRead = 0;
  // A loaded ledger indexes only what the new lines need, so they are gathered first.
  const lines: Array<{ file: number; entry: ClaudeEntry }> = [];
  for (const job of jobs) {
    const emit = ledger.complete ? ledger.add.bind(ledger, job.file) : (entry: ClaudeEntry) => void lines.push({ file: job.file, entry });
    const read = readCompleteLines(job.path, job.from, job.size, (chunk, start, end) => scanLines(chunk, start, end, job.state, emit));
    bytesRead += read.bytesRead;
    progress(bytesRead);
    ledger.setRead(job.file, job, read, job.state);
  }
  ledger.prepare(lines);
  for (const { file, entry } of lines) ledger.add(file, entry);
  return bytesRead;
}
