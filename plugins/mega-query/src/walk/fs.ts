import { readdirSync, realpathSync, type Dirent, type Stats } from 'node:fs';
import { lstatSyncSafe, readRegularFileSync, statSyncSafe } from '@loomkit/kernel/early';

/**
 * The file-system calls the walk and the scan make, behind one seam so tests can make a call
 * fail the way a real disk does (EACCES cannot be provoked with chmod when tests run as root).
 */
export interface WalkFs {
  lstat(path: string): Promise<Stats>;
  stat(path: string): Promise<Stats>;
  realpath(path: string): Promise<string>;
  readdir(path: string): Promise<Dirent[]>;
  /** Only a regular file, of at most `maxBytes` (FILE_NOT_REGULAR / FILE_TOO_LARGE otherwise). */
  readFile(path: string, maxBytes?: number): Promise<Buffer>;
}

/**
 * Node's calls, made synchronously behind the async seam: on 30k files of a warm tree the
 * promise API costs about twice as much main-thread time as the call itself (FileHandle
 * set-up and teardown per file), and the scan's CPU work is on the main thread anyway.
 */
export const nodeFs: WalkFs = {
  // The safe variants: a FIFO in the tree must not break the lazy imports that follow.
  lstat: async (path) => lstatSyncSafe(path),
  stat: async (path) => statSyncSafe(path),
  realpath: async (path) => realpathSync.native(path),
  readdir: async (path) => readdirSync(path, { withFileTypes: true }),
  // Not readFileSync: a FIFO would hang it, and /proc files (size 0 in stat) or a file grown
  // since the walk would be read whole.
  readFile: async (path, maxBytes) => readRegularFileSync(path, maxBytes),
};

/** The `code` of a Node system error (`ENOENT`, `EACCES`, …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
