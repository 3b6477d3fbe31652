// The walk's stat worker (stat-ahead.ts): lstats the batches of listed paths it is sent, beside
// the thread that lists and stats the rest. Only regular files are answered; the walk inspects
// anything else itself (symlinks, folders, FIFOs, errors), so their handling stays in one place.
import { lstatSync } from 'node:fs';
import { workerData, type MessagePort } from 'node:worker_threads';
import type { StatReply } from './stat-ahead.js';

const { root, port } = workerData as { root: string; port: MessagePort };

port.on('message', ({ id, paths }: { id: number; paths: string[] }) => {
  const regular = new Uint8Array(paths.length);
  const stamps = new Float64Array(paths.length * 3);
  for (const [index, path] of paths.entries()) {
    let stats;
    try {
      stats = lstatSync(`${root}/${path}`);
    } catch {
      continue;
    }
    if (!stats.isFile()) continue;
    regular[index] = 1;
    stamps[index * 3] = stats.size;
    stamps[index * 3 + 1] = stats.mtimeMs;
    stamps[index * 3 + 2] = stats.ino;
  }
  const reply: StatReply = { id, regular, stamps };
  port.postMessage(reply, [regular.buffer, stamps.buffer]);
});
