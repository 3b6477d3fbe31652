import { join } from 'node:path';
import { statSyncSafe } from '@loomkit/kernel';
import type { SimpleGit } from 'simple-git';

/** Each dirty path (per `git status`, untracked included) with its mtime. */
export type WorkTreeSnapshot = Map<string, number>;

const mtime = (root: string, path: string) => {
  try {
    return statSyncSafe(join(root, path)).mtimeMs;
  } catch {
    return -1;
  }
};

/** Dirty paths of the work tree now, and when each last changed. Only run while a session is active. */
export async function snapshotWorkTree(git: SimpleGit, root: string): Promise<WorkTreeSnapshot> {
  const entries = (await git.raw(['status', '--porcelain', '-z', '--untracked-files=all'])).split('\0');
  const snapshot: WorkTreeSnapshot = new Map();
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    if (entry.length < 4) continue;
    const path = entry.slice(3);
    snapshot.set(path, mtime(root, path));
    // A rename or copy is followed by its original path: skip that field.
    if (entry[0] === 'R' || entry[0] === 'C') index += 1;
  }
  return snapshot;
}

/**
 * The files a command touched: dirty after but not before, clean again after being dirty,
 * or dirty both times with a new mtime. Sorted, for stable records.
 */
export function touchedFiles(before: WorkTreeSnapshot, after: WorkTreeSnapshot): string[] {
  const touched = new Set<string>();
  for (const [path, time] of after) if (before.get(path) !== time) touched.add(path);
  for (const path of before.keys()) if (!after.has(path)) touched.add(path);
  return [...touched].sort();
}
