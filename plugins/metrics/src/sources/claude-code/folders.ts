import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

export interface Transcript {
  path: string;
  project: string;
  session: string;
}

/** A folder as last listed: its mtime, or NaN when that mtime cannot be trusted next time. */
export interface Folder {
  path: string;
  mtimeMs: number;
}

/** What the last scan listed: per folder its mtime, sub-folders and transcripts. */
export type FolderMemo = Map<string, { mtimeMs: number; dirs: string[]; files: string[] }>;

/**
 * A folder modified this recently may change again within the same timestamp tick (file
 * systems stamp with a coarse clock): its mtime is not remembered, so the next scan lists it.
 */
const SETTLED_MS = 2000;

/**
 * Every `projects/<project>/…/*.jsonl`, sorted by path so de-duplication is deterministic,
 * and the folders walked. A folder's mtime changes when an entry is added, removed or
 * renamed in it, so a folder whose mtime is the one `memo` holds is not read again: its
 * entries are the memo's. (Appends to a transcript do not touch its folder; the caller
 * stats every transcript.) A walk of its own with plain string joins: `readdirSync({
 * recursive })` normalises every path with `path.join`, which on 10^4 entries cost more
 * than the system calls.
 */
export function listTranscripts(dirs: string[], memo: FolderMemo = new Map()): { transcripts: Transcript[]; folders: Folder[] } {
  const transcripts: Transcript[] = [];
  const folders: Folder[] = [];
  const now = Date.now();
  const walk = (dir: string, project: string | null, session: string | null): void => {
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) return;
    const known = memo.get(dir);
    let entries: { dirs: string[]; files: string[] };
    if (known && known.mtimeMs === stat.mtimeMs) entries = known;
    else {
      entries = { dirs: [], files: [] };
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) entries.dirs.push(entry.name);
        else if (entry.isFile() && entry.name.endsWith('.jsonl') && project !== null) entries.files.push(entry.name);
      }
    }
    folders.push({ path: dir, mtimeMs: now - stat.mtimeMs >= SETTLED_MS ? stat.mtimeMs : Number.NaN });
    for (const name of entries.files) transcripts.push({ path: `${dir}${sep}${name}`, project: project!, session: session ?? name.slice(0, -'.jsonl'.length) });
    // <project>/<session>.jsonl, or <project>/<session>/subagents/….jsonl: both count for the session.
    for (const name of entries.dirs) walk(`${dir}${sep}${name}`, project ?? name, project === null ? null : (session ?? name));
  };
  for (const dir of dirs) walk(join(dir, 'projects'), null, null);
  transcripts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { transcripts, folders };
}

/** The memo of a past listing: each folder's sub-folders and transcripts, from the folder and file paths it found. */
export function folderMemo(folders: Folder[], files: Iterable<string>): FolderMemo {
  const memo: FolderMemo = new Map();
  for (const folder of folders) memo.set(folder.path, { mtimeMs: folder.mtimeMs, dirs: [], files: [] });
  const under = (path: string) => {
    const cut = path.lastIndexOf(sep);
    return { parent: memo.get(path.slice(0, cut)), name: path.slice(cut + 1) };
  };
  for (const folder of folders) {
    const { parent, name } = under(folder.path);
    parent?.dirs.push(name);
  }
  for (const file of files) {
    const { parent, name } = under(file);
    parent?.files.push(name);
  }
  return memo;
}
