import { closeSync, constants, openSync, readSync, type Stats } from 'node:fs';
import { LoomError } from './errors.js';
import { fstatSyncSafe } from './stat-sync.js';

/** What Loom reads whole when nothing else is said: a config file is a few KiB. */
export const DEFAULT_MAX_READ_BYTES = 1_048_576;
const CHUNK_BYTES = 65_536;

/** What a file that is not a regular one is, in the words of an error message. */
export function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The bytes of `file`, read only if it is a regular file (after symlinks) of at most
 * `maxBytes`. A FIFO is opened non-blocking, so it cannot hang the open; the kind is checked
 * on the open descriptor, so nothing can be swapped in between; and the read stops at
 * `maxBytes + 1` whatever size the file claims, because /proc files claim 0 and /dev/zero
 * never ends. Fails with FILE_NOT_REGULAR or FILE_TOO_LARGE (naming the file), or Node's
 * own error (ENOENT, EACCES, …).
 */
export function readRegularFileSync(file: string, maxBytes = DEFAULT_MAX_READ_BYTES): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSyncSafe(fd);
    if (!stats.isFile()) {
      throw new LoomError('FILE_NOT_REGULAR', `${file} is ${kindOf(stats)}, not a regular file`, { hint: 'Loom reads only regular files here; point it at one' });
    }
    const tooLarge = () =>
      new LoomError('FILE_TOO_LARGE', `${file} is larger than ${maxBytes.toLocaleString('en-US')} bytes`, { hint: 'Loom does not read files this large here' });
    if (stats.size > maxBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let total = 0;
    // One read of the claimed size (plus a byte to see growth), then chunks if it lied.
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, stats.size > 0 ? stats.size + 1 : CHUNK_BYTES));
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      chunks.push(buffer.subarray(0, read));
      total += read;
      if (total > maxBytes) throw tooLarge();
      // Short of the byte asked past the claimed size, and at that size: the file ends here, so
      // no read is spent to be told so (a file that grew filled the buffer; /proc claims 0).
      if (read < buffer.length && total === stats.size) break;
      buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1 - total, CHUNK_BYTES));
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
