// The walk's stat worker (stat-ahead.ts): lstats the batches of listed paths it is sent, beside
// the thread that lists and stats the rest. Only regular files are answered; the walk inspects
// anything else itself (symlinks, folders, FIFOs, errors), so their handling stays in one place.
// It also says which folders of the paths are folders all the way from the root, no link on
// the way, so the policy need not resolve them (git's listing does not prove it): for the
// batches it stats, and for those the walk's thread stats itself.
import { lstatSync } from 'node:fs';
import { workerData, type MessagePort } from 'node:worker_threads';
import type { StatReply } from './stat-ahead.js';

const { root, port, folders: lookAtFolders } = workerData as { root: string; port: MessagePort; folders: boolean };

/** Whether each folder looked at is one, and each above it up to the root ('' is the root, real by the walk's own resolution). */
const plain = new Map<string, boolean>([['', true]]);
const plainFolder = (folder: string, found: string[]): boolean => {
  const known = plain.get(folder);
  if (known !== undefined) return known;
  const slash = folder.lastIndexOf('/');
  let is = plainFolder(slash === -1 ? '' : folder.slice(0, slash), found);
  if (is) {
    try {
      is = lstatSync(`${root}/${folder}`, { throwIfNoEntry: false })?.isDirectory() === true;
    } catch {
      is = false;
    }
  }
  plain.set(folder, is);
  if (is) found.push(folder);
  return is;
};

/** `folders`: only the paths' folders are looked at (the walk's thread stats the files). */
port.on('message', ({ id, paths, folders: foldersOnly }: { id: number; paths: string[]; folders: boolean }) => {
  const regular = new Uint8Array(foldersOnly ? 0 : paths.length);
  const stamps = new Float64Array(foldersOnly ? 0 : paths.length * 3);
  const folders: string[] = [];
  for (const [index, path] of paths.entries()) {
    const slash = path.lastIndexOf('/');
    if (lookAtFolders && slash !== -1) plainFolder(path.slice(0, slash), folders);
    if (foldersOnly) continue;
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
  const reply: StatReply = { id, regular, stamps, folders };
  port.postMessage(reply, [regular.buffer, stamps.buffer]);
});
