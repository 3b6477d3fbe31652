import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * The folders and transcripts a listing saw, as parallel arrays: an object per folder and
 * file was 10^4 objects that every young-generation collection of a re-run copied, then
 * promoted. A folder comes before what is in it.
 */
export interface Tree {
  /** A folder's name in its parent; a root's whole path. */
  folderNames: readonly string[];
  /** Its parent's index; -1 for a root. */
  folderParents: ArrayLike<number>;
  /** Its mtime as listed; NaN when it could not be trusted (it is listed again). */
  folderTimes: ArrayLike<number>;
  fileNames: readonly string[];
  /** Each file's folder (it may hold more rows than there are files: room to grow). */
  fileFolders: ArrayLike<number>;
}

/** What a listing found: its folders, and the transcripts sorted by path, each with its folder and its index in the last tree's files (-1: new). */
export interface Listing {
  folderNames: string[];
  folderParents: number[];
  folderTimes: number[];
  paths: string[];
  names: string[];
  folders: number[];
  known: number[];
}

/** The empty tree: a first listing. */
export const NO_TREE: Tree = { folderNames: [], folderParents: [], folderTimes: [], fileNames: [], fileFolders: [] };

/**
 * A folder modified this recently may change again within the same timestamp tick (file
 * systems stamp with a coarse clock): its mtime is not remembered, so the next scan lists it.
 */
const SETTLED_MS = 2000;

/**
 * Every `projects/<project>/…/*.jsonl`, sorted by path so de-duplication is deterministic,
 * and the folders walked. A folder's mtime changes when an entry is added, removed or
 * renamed in it, so a folder whose mtime is the one the last listing saw is not read again:
 * its entries are the last listing's. (Appends to a transcript do not touch its folder: the
 * caller stats every transcript.) Paths are joined by hand: `readdirSync({ recursive })`
 * normalises every path with `path.join`, which on 10^4 entries cost more than the system calls.
 */
export function listTranscripts(dirs: string[], last: Tree = NO_TREE): Listing {
  const folderCount = last.folderNames.length;
  const fileCount = last.fileNames.length;
  // Each folder's subfolders and files as runs of two index arrays (counted, then placed).
  const dirStart = runStarts(folderCount, folderCount, (n) => last.folderParents[n]!);
  const dirOrder = placeInRuns(dirStart, folderCount, (n) => last.folderParents[n]!);
  const fileStart = runStarts(folderCount, fileCount, (n) => last.fileFolders[n]!);
  const fileOrder = placeInRuns(fileStart, fileCount, (n) => last.fileFolders[n]!);
  const roots = new Map<string, number>();
  for (let n = 0; n < folderCount; n++) if (last.folderParents[n]! < 0) roots.set(last.folderNames[n]!, n);

  const found: Listing = { folderNames: [], folderParents: [], folderTimes: [], paths: [], names: [], folders: [], known: [] };
  const now = Date.now();
  // `depth` 0 is `projects/` itself, whose files are no project's transcripts.
  const walk = (dir: string, name: string, known: number, parent: number, depth: number): void => {
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) return;
    const at = found.folderNames.push(name) - 1;
    found.folderParents.push(parent);
    found.folderTimes.push(now - stat.mtimeMs >= SETTLED_MS ? stat.mtimeMs : Number.NaN);
    const file = (fileName: string, was: number) => {
      if (depth === 0) return;
      found.paths.push(`${dir}${sep}${fileName}`);
      found.names.push(fileName);
      found.folders.push(at);
      found.known.push(was);
    };
    if (known >= 0 && last.folderTimes[known] === stat.mtimeMs) {
      for (let n = fileStart[known]!; n < fileStart[known + 1]!; n++) file(last.fileNames[fileOrder[n]!]!, fileOrder[n]!);
      for (let n = dirStart[known]!; n < dirStart[known + 1]!; n++) {
        const child = dirOrder[n]!;
        walk(`${dir}${sep}${last.folderNames[child]!}`, last.folderNames[child]!, child, at, depth + 1);
      }
      return;
    }
    const knownDirs = new Map<string, number>();
    const knownFiles = new Map<string, number>();
    if (known >= 0) {
      for (let n = dirStart[known]!; n < dirStart[known + 1]!; n++) knownDirs.set(last.folderNames[dirOrder[n]!]!, dirOrder[n]!);
      for (let n = fileStart[known]!; n < fileStart[known + 1]!; n++) knownFiles.set(last.fileNames[fileOrder[n]!]!, fileOrder[n]!);
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(`${dir}${sep}${entry.name}`, entry.name, knownDirs.get(entry.name) ?? -1, at, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.jsonl')) file(entry.name, knownFiles.get(entry.name) ?? -1);
    }
  };
  for (const dir of dirs) {
    const root = join(dir, 'projects');
    walk(root, root, roots.get(root) ?? -1, -1, 0);
  }
  return sortedByPath(found);
}

/** The listing with its transcripts in path order (the walk's order is the folders'). */
function sortedByPath(listing: Listing): Listing {
  const { paths } = listing;
  const order = Array.from(paths, (_, n) => n).sort((a, b) => (paths[a]! < paths[b]! ? -1 : paths[a]! > paths[b]! ? 1 : 0));
  const pick = <T>(values: T[]) => order.map((n) => values[n]!);
  return { ...listing, paths: pick(paths), names: pick(listing.names), folders: pick(listing.folders), known: pick(listing.known) };
}

/** Where each folder's run starts in the placed order (entry `folders` is the end), by the folder each item names (-1: none). */
function runStarts(folders: number, items: number, folderOf: (item: number) => number): Int32Array {
  const start = new Int32Array(folders + 1);
  for (let item = 0; item < items; item++) {
    const folder = folderOf(item);
    if (folder >= 0 && folder < folders) start[folder + 1]!++;
  }
  for (let n = 0; n < folders; n++) start[n + 1]! += start[n]!;
  return start;
}

/** The items' indexes grouped by folder, in their order within each folder. */
function placeInRuns(start: Int32Array, items: number, folderOf: (item: number) => number): Int32Array {
  const next = start.slice(0, -1);
  const order = new Int32Array(start[start.length - 1]!);
  for (let item = 0; item < items; item++) {
    const folder = folderOf(item);
    if (folder >= 0 && folder < next.length) order[next[folder]!++] = item;
  }
  return order;
}
