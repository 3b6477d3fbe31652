import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { nodeFs } from './fs.js';
import { inspect, regularFile, type Inspection } from './inspect.js';

/**
 * Stats of a big walk on two threads: a worker lstats batches of the paths as they are listed,
 * while this thread lists folders; once the listing ends, this thread takes the batches the
 * worker has not been sent. On a warm 30k-file tree the stats are a third of the walk.
 */
export interface StatAhead {
  /** A listed path (relative to the root): it will be inspected, here or on the worker. */
  add(path: string): void;
  /**
   * Inspects what the worker was not sent, waits for what it was, and gives every path's
   * inspection found that way; a path missing from it (the worker did not start or died) is
   * for the caller to inspect.
   */
  finish(signal?: AbortSignal): Promise<Map<string, Inspection>>;
  /** Ends the worker, if one started (after finish, or when the walk stops early). */
  close(): void;
  /**
   * Folders of the listed paths that the worker found to be folders all the way from the root,
   * with no link on the way (relative to the root; the root's own files are in the real root
   * itself); complete once finish has returned, unless the worker died.
   */
  readonly plainFolders: ReadonlySet<string>;
}

/** The worker's answer to one batch (stat-worker.ts). */
export interface StatReply {
  id: number;
  /** 1 where the path is a regular file, whose size, mtimeMs and ino are the three slots of `stamps` at 3 × its index. */
  regular: Uint8Array;
  stamps: Float64Array;
  /** Folders first found plain in this batch (StatAhead.plainFolders). */
  folders: string[];
}

// Resolved against the package root, so sources run by vitest start the built worker too.
const WORKER = new URL('../../dist/walk/stat-worker.js', import.meta.url);
/** Below this many listed paths every stat stays on this thread: starting a worker costs more. */
export const STAT_AHEAD_FROM = 1024;
const BATCH = 256;
/** Batches the worker may hold: about 20 ms of its work, so it is never idle between two of this thread's looks at its replies. */
const IN_FLIGHT = 8;

/**
 * A worker-backed StatAhead for the real folder `root`; it starts no worker until `from` paths
 * are listed. `folders`: look at the paths' folders too (plainFolders), for a listing that
 * does not walk them itself (git's).
 */
export function statAhead(root: string, maxFileBytes: number, from = STAT_AHEAD_FROM, { folders = false } = {}): StatAhead {
  const found = new Map<string, Inspection>();
  const queue: string[][] = [];
  /** Batches the worker holds; `folders`: sent for their folders only (this thread stats the files). */
  const sent = new Map<number, { paths: string[]; folders: boolean }>();
  let filesInFlight = 0;
  let batch: string[] = [];
  let listed = 0;
  let worker: { thread: Worker; port: MessagePort } | undefined;
  let dead = false;
  let nextId = 0;
  /** Resolves finish's wait for the worker's last replies. */
  let drained: (() => void) | undefined;

  const plainFolders = new Set<string>();
  const take = ({ id, regular, stamps, folders }: StatReply): void => {
    const batch = sent.get(id);
    if (batch === undefined) return;
    sent.delete(id);
    for (const folder of folders) plainFolders.add(folder);
    if (batch.folders) return;
    filesInFlight--;
    for (const [index, path] of batch.paths.entries()) {
      if (regular[index] === 1) found.set(path, regularFile(path, { size: stamps[index * 3]!, mtimeMs: stamps[index * 3 + 1]!, ino: stamps[index * 3 + 2]! }, maxFileBytes));
    }
  };
  /**
   * Takes the replies already there and sends batches in their place. Synchronous
   * (receiveMessageOnPort): this thread lists and stats without yielding for long, and a reply
   * waiting for an event-loop turn would leave the worker idle.
   */
  const exchange = (): void => {
    if (worker === undefined || dead) return;
    for (let reply = receiveMessageOnPort(worker.port); reply !== undefined; reply = receiveMessageOnPort(worker.port)) take(reply.message as StatReply);
    while (filesInFlight < IN_FLIGHT && queue.length > 0) {
      send(queue.shift()!, false);
      filesInFlight++;
    }
  };
  const send = (paths: string[], foldersOnly: boolean): void => {
    const id = nextId++;
    sent.set(id, { paths, folders: foldersOnly });
    worker!.port.postMessage({ id, paths, folders: foldersOnly });
  };
  const start = (): void => {
    const { port1, port2 } = new MessageChannel();
    const thread = new Worker(WORKER, { workerData: { root, port: port2, folders }, transferList: [port2] });
    // Replies that come while this thread waits (for git's listing, or in finish) are taken as
    // they come, and the worker is sent more in their place.
    port1.on('message', (reply: StatReply) => {
      take(reply);
      exchange();
      if (sent.size === 0) drained?.();
    });
    // Never what keeps the process alive: a walk that throws before close() must not hang the exit.
    thread.unref();
    port1.unref();
    // A worker that cannot start or dies leaves its paths to the caller: slower, never different.
    const die = (): void => {
      dead = true;
      port1.close();
    };
    thread.on('error', die);
    thread.on('exit', die);
    worker = { thread, port: port1 };
  };

  return {
    plainFolders,
    add(path) {
      batch.push(path);
      listed++;
      if (batch.length < BATCH) return;
      queue.push(batch);
      batch = [];
      if (worker === undefined && listed >= from) start();
      exchange();
    },
    async finish(signal) {
      if (batch.length > 0) queue.push(batch);
      batch = [];
      if (worker === undefined) return found;
      exchange();
      for (let paths = queue.shift(); paths !== undefined; paths = queue.shift()) {
        signal?.throwIfAborted();
        // Their folders are still looked at on the worker, beside this thread's stats.
        if (folders && !dead) send(paths, true);
        for (const path of paths) found.set(path, await inspect(root, path, maxFileBytes, nodeFs));
        exchange();
      }
      // The worker's last batches: the replies already there, then the rest as they come, or the port's close when it dies.
      exchange();
      const { port } = worker;
      if (sent.size > 0 && !dead) {
        // Held open while waiting: with both ends unref'd nothing else may keep the process alive.
        port.ref();
        await new Promise<void>((resolve) => {
          drained = resolve;
          port.on('close', resolve);
        });
      }
      return found;
    },
    close() {
      dead = true;
      if (worker === undefined) return;
      worker.port.close();
      void worker.thread.terminate();
    },
  };
}
