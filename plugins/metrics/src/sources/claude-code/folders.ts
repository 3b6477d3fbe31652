import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

export interface Transcript {
  path: string;
  project: string;
  session: string;
  /** Its folder's index in the listing's `folders`. */
  folder: number;
}

/** A folder as listed: its mtime (NaN when it cannot be trusted next time) and its parent's index (-1 for a root). */
export interface Folder {
  path: string;
  mtimeMs: number;
  parent: number;
}

/** What the last listing found: its folders, and the transcripts with their folder's index. */
export interface Listing {
  folders: Folder[];
  files: Transcript[];
}

/**
 * A folder modified this recently may change again within the same timestamp tick (file
 * systems stamp with a coarse clock): its mtime is not remembered, so the next scan lists it.
 */
const SETTLED_MS = 2000;

const nameOf = (path: string) => path.slice(path.lastIndexOf(sep) + 1);

/**
 * Every `projects/<project>/…/*.jsonl`, sorted by path so de-duplication is deterministic,
 * and the folders walked. A folder's mtime changes when an entry is added, removed or
 * renamed in it, so a folder whose mtime is the one the last listing saw is not read again:
 * its entries are the last listing's, paths and all. (Appends to a transcript do not touch
 * its folder: the caller stats every transcript.) Paths are joined by hand: `readdirSync({
 * recursive })` normalises every path with `path.join`, which on 10^4 entries cost more
 * than the system calls.
 */
export function listTranscripts(dirs: string[], last: Listing = { folders: [], files: [] }): Listing {
  // Each folder's subfolders and files as runs of two index arrays (counted, then placed):
  // an array per folder was 10^4 more objects for every young-generation collection to copy.
  const dirStart = runStarts(last.folders.length, last.folders, (folder) => folder.parent);
  const dirOrder = placeInRuns(dirStart, last.folders, (folder) => folder.parent);
  const fileStart = runStarts(last.folders.length, last.files, (file) => file.folder);
  const fileOrder = placeInRuns(fileStart, last.files, (file) => file.folder);
  const roots = new Map<string, number>();
  last.folders.forEach((folder, n) => folder.parent < 0 && roots.set(folder.path, n));

  const folders: Folder[] = [];
  const files: Transcript[] = [];
  const now = Date.now();
  const walk = (dir: string, known: number | undefined, parent: number, project: string | null, session: string | null): void => {
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) return;
    const mtimeMs = now - stat.mtimeMs >= SETTLED_MS ? stat.mtimeMs : Number.NaN;
    const before = known === undefined ? undefined : last.folders[known]!;
    // An unchanged folder keeps its object, and its files theirs (only their folder index may move).
    const at = folders.push(before?.mtimeMs === mtimeMs && before.parent === parent ? before : { path: dir, mtimeMs, parent }) - 1;
    // <project>/<session>.jsonl, or <project>/<session>/subagents/….jsonl: both count for the session.
    const into = (path: string, child: number | undefined, name: string) => walk(path, child, at, project ?? name, project === null ? null : (session ?? name));
    if (before?.mtimeMs === stat.mtimeMs) {
      for (let n = fileStart[known!]!; n < fileStart[known! + 1]!; n++) {
        const file = last.files[fileOrder[n]!]!;
        file.folder = at;
        files.push(file);
      }
      for (let n = dirStart[known!]!; n < dirStart[known! + 1]!; n++) {
        const child = dirOrder[n]!;
        const path = last.folders[child]!.path;
        into(path, child, nameOf(path));
      }
      return;
    }
    const knownDirs = new Map<string, number>();
    if (known !== undefined) for (let n = dirStart[known]!; n < dirStart[known + 1]!; n++) knownDirs.set(nameOf(last.folders[dirOrder[n]!]!.path), dirOrder[n]!);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) into(`${dir}${sep}${entry.name}`, knownDirs.get(entry.name), entry.name);
      else if (entry.isFile() && entry.name.endsWith('.jsonl') && project !== null) files.push({ path: `${dir}${sep}${entry.name}`, project, session: session ?? entry.name.slice(0, -'.jsonl'.length), folder: at });
    }
  };
  for (const dir of dirs) {
    const root = join(dir, 'projects');
    walk(root, roots.get(root), -1, null, null);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { folders, files };
}

/** Where each folder's run starts in the placed order (entry `folders` is the end), by the folder each item names (-1: none). */
function runStarts<T>(folders: number, items: readonly T[], folderOf: (item: T) => number): Int32Array {
  const start = new Int32Array(folders + 1);
  for (const item of items) {
    const folder = folderOf(item);
    if (folder >= 0 && folder < folders) start[folder + 1]!++;
  }
  for (let n = 0; n < folders; n++) start[n + 1]! += start[n]!;
  return start;
}

/** The items' indexes grouped by folder, in their order within each folder. */
function placeInRuns<T>(start: Int32Array, items: readonly T[], folderOf: (item: T) => number): Int32Array {
  const next = start.slice(0, -1);
  const order = new Int32Array(start[start.length - 1]!);
  items.forEach((item, n) => {
    const folder = folderOf(item);
    if (folder >= 0 && folder < next.length) order[next[folder]!++] = n;
  });
  return order;
}
