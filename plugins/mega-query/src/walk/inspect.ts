import { dirname, join, relative, sep } from 'node:path';
import type { SkippedFile } from '../types.js';
import type { WalkFs } from './fs.js';
import { skipReasonOf } from './skip-reason.js';
import { isWithin } from '@loomkit/kernel/early';

/** What one listed path turned out to be. */
export type Inspection =
  | { kind: 'file'; path: string; size: number; mtimeMs: number; ino: number }
  /** A symlink to a file inside the root: `target` is the real file, relative to the root. */
  | { kind: 'link'; path: string; target: string; size: number; mtimeMs: number; ino: number }
  | { kind: 'skip'; skipped: SkippedFile }
  /** Not content of its own: a folder symlink inside the root (its files are listed where they live), a submodule. */
  | { kind: 'none' };

const toPosix = (path: string): string => (sep === '/' ? path : path.split(sep).join('/'));


/** What a regular file is to the walk, from its stat: `target` when reached through a symlink. */
export function regularFile(path: string, stats: { size: number; mtimeMs: number; ino: number }, maxFileBytes: number, target?: string): Inspection {
  if (stats.size > maxFileBytes) return { kind: 'skip', skipped: { path, reason: 'too-large', detail: `${stats.size} bytes` } };
  const stamp = { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
  return target === undefined ? { kind: 'file', path, ...stamp } : { kind: 'link', path, target, ...stamp };
}

/** Stats `path` (relative to the real `root`): its size, or why it is skipped. Symlinks are resolved, never followed out of the root. */
export async function inspect(root: string, path: string, maxFileBytes: number, fs: WalkFs): Promise<Inspection> {
  // The listing's paths are already normal: `join` would normalize 30k of them again.
  const abs = sep === '/' ? `${root}/${path}` : join(root, path);
  const skip = (skipped: Omit<SkippedFile, 'path'>): Inspection => ({ kind: 'skip', skipped: { path, ...skipped } });
  try {
    let stats = await fs.lstat(abs);
    let target: string | undefined;
    if (stats.isSymbolicLink()) {
      const real = await fs.realpath(abs);
      if (!isWithin(root, real)) return skip({ reason: 'symlink-outside-root', detail: real });
      stats = await fs.stat(real);
      if (stats.isDirectory()) return isWithin(real, dirname(abs)) ? skip({ reason: 'symlink-loop', detail: toPosix(relative(root, real)) || '.' }) : { kind: 'none' };
      target = toPosix(relative(root, real));
    }
    if (stats.isDirectory()) return { kind: 'none' };
    if (!stats.isFile()) return skip({ reason: 'unreadable', detail: 'not a regular file' });
    return regularFile(path, stats, maxFileBytes, target);
  } catch (error) {
    return skip(skipReasonOf(error));
  }
}
