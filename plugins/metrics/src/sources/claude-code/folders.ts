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
  const childDirs = last.folders.map((): number[] => []);
  const childFiles = last.folders.map((): Transcript[] => []);
  last.folders.forEach((folder, n) => folder.parent >= 0 && childDirs[folder.parent]?.push(n));
  for (const file of last.files) childFiles[file.folder]?.push(file);
  const roots = new Map(last.folders.flatMap((folder, n) => (folder.parent < 0 ? [[folder.path, n] as const] : [])));

  const folders: Folder[] = [];
  const files: Transcript[] = [];
  const now = Date.now();
  const walk = (dir: string, known: number | undefined, parent: number, project: string | null, session: string | null): void => {
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) return;
    const at = folders.push({ path: dir, mtimeMs: now - stat.mtimeMs >= SETTLED_MS ? stat.mtimeMs : Number.NaN, parent }) - 1;
    // <project>/<session>.jsonl, or <project>/<session>/subagents/….jsonl: both count for the session.
    const into = (name: () => string) => [project ?? name(), project === null ? null : (session ?? name())] as const;
    if (known !== undefined && last.folders[known]!.mtimeMs === stat.mtimeMs) {
      for (const file of childFiles[known]!) files.push({ path: file.path, project: file.project, session: file.session, folder: at });
      for (const child of childDirs[known]!) walk(last.folders[child]!.path, child, at, ...into(() => nameOf(last.folders[child]!.path)));
      return;
    }
    const knownDirs = new Map(known === undefined ? [] : childDirs[known]!.map((child) => [nameOf(last.folders[child]!.path), child]));
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(`${dir}${sep}${entry.name}`, knownDirs.get(entry.name), at, ...into(() => entry.name));
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
