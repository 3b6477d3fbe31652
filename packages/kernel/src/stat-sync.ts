import { fstatSync, lstatSync, statSync, type Stats } from 'node:fs';

/**
 * Node 20's JS `realpathSync`, which ES module resolution calls with a shared cache,
 * consults the buffer of the *last* synchronous stat for a cached path part and stops
 * resolving when that stat was a FIFO or a socket. After stat-ing a named pipe, the next
 * `import()` then resolves to a symlinked path (pnpm's links) and fails to load. So after
 * such a stat the buffer is overwritten with the stat of `/`, a folder.
 */
function cleared(stats: Stats): Stats {
  if (stats.isFIFO() || stats.isSocket()) lstatSync('/');
  return stats;
}

/** `fs.statSync` that leaves module resolution working when `path` is a FIFO or socket. */
export const statSyncSafe = (path: string): Stats => cleared(statSync(path));
/** `fs.lstatSync`, likewise. */
export const lstatSyncSafe = (path: string): Stats => cleared(lstatSync(path));
/** `fs.fstatSync`, likewise. */
export const fstatSyncSafe = (fd: number): Stats => cleared(fstatSync(fd));
