import { workerData, type MessagePort } from 'node:worker_threads';
import { readCompleteLines } from '../../store/lines.js';
import { Table, type Stored } from '../../store/table.js';
import { scanLines, type ClaudeEntry, type FileState } from './parse.js';

/** A worker's share of a cold read (see parallel.ts): every usage line, as columns, in file order. */
const FIELDS = ['exact', 'message', 'sidechain', 't', 'model', 'input', 'output', 'cacheWrite', 'cacheRead'] as const;

export type ParsedSlice =
  | { batch: Stored<(typeof FIELDS)[number]>; models: string[]; files: Array<{ offset: number; tail: number; bytesRead: number; entries: number; state: FileState }> }
  | { error: string };

const STARTED = 1;
const DONE = 2;
const { jobs, port, status, done, slot } = workerData as { jobs: Array<{ path: string; from: number; size: number; state: FileState }>; port: MessagePort; status: Int32Array; done: Float64Array; slot: number };
Atomics.store(status, slot, STARTED);

let message: ParsedSlice;
try {
  const table = new Table(FIELDS);
  const models: string[] = [];
  const modelIndex = new Map<string, number>();
  const c = table.columns;
  const push = (entry: ClaudeEntry) => {
    let model = modelIndex.get(entry.model);
    if (model === undefined) modelIndex.set(entry.model, (model = models.push(entry.model) - 1));
    const at = table.add();
    c.exact[at] = entry.exact;
    c.message[at] = entry.message;
    c.sidechain[at] = entry.sidechain ? 1 : 0;
    c.t[at] = entry.t;
    c.model[at] = model;
    c.input[at] = entry.input;
    c.output[at] = entry.output;
    c.cacheWrite[at] = entry.cacheWrite;
    c.cacheRead[at] = entry.cacheRead;
  };
  const files = jobs.map((job) => {
    const before = table.length;
    const read = readCompleteLines(job.path, job.from, job.size, (chunk, start, end) => scanLines(chunk, start, end, job.state, push));
    done[slot] = done[slot]! + read.bytesRead;
    return { offset: read.offset, tail: read.tail, bytesRead: read.bytesRead, entries: table.length - before, state: job.state };
  });
  message = { batch: table.stored(), models, files };
} catch (error) {
  message = { error: error instanceof Error ? error.message : String(error) };
}
port.postMessage(message);
Atomics.store(status, slot, DONE);
Atomics.notify(status, slot);
port.close();
