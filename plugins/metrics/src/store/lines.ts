import { closeSync, openSync, readSync } from 'node:fs';
import { hash53 } from './hash.js';

const CHUNK = 4 * 1024 * 1024;
const NEWLINE = 0x0a;
// Reads are synchronous, so one buffer serves every file: no 4 MB allocation per transcript.
let shared: Buffer | undefined;

export interface ReadResult {
  /** Offset just past the last complete line: where the next read starts. */
  offset: number;
  bytesRead: number;
  /** `fingerprint` of the bytes before `offset`, to tell next time that they are still there. */
  tail: number;
}

const TAIL = 64;
const tailBuffer = Buffer.alloc(TAIL);

/**
 * A hash of the up to 64 bytes before `offset`: a file that grew but no longer has them was
 * replaced or rewritten, not appended to, and must be read again from its start.
 */
export function fingerprint(fd: number, offset: number): number {
  const from = Math.max(0, offset - TAIL);
  const got = readSync(fd, tailBuffer, 0, offset - from, from);
  return hash53(tailBuffer.toString('latin1', 0, got));
}

/** `fingerprint` of a file by its path; NaN if it cannot be read. */
export function fingerprintOf(file: string, offset: number): number {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return Number.NaN;
  }
  try {
    return fingerprint(fd, offset);
  } finally {
    closeSync(fd);
  }
}

/**
 * Streams the complete lines of `file` from `offset` in fixed chunks (memory stays flat
 * whatever the file's size), calling `visit(chunk, 0, chunk.length)` for each block of
 * whole lines (a view valid only during the call). A last line without its newline is left for the next read: it may be a write in
 * progress, or the torn end of a killed writer, which a later append turns into a bad line.
 * A single line longer than the chunk grows the buffer for that line only.
 */
export function readCompleteLines(file: string, offset: number, size: number, visit: (chunk: Buffer, start: number, end: number) => void): ReadResult {
  const fd = openSync(file, 'r');
  let buffer = (shared ??= Buffer.allocUnsafe(CHUNK));
  let position = offset;
  let carried = 0;
  let bytesRead = 0;
  try {
    while (position + carried < size) {
      if (carried === buffer.length) {
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, carried);
        buffer = shared = grown;
      }
      const want = Math.min(buffer.length - carried, size - position - carried);
      const got = readSync(fd, buffer, carried, want, position + carried);
      if (got === 0) break;
      bytesRead += got;
      const filled = carried + got;
      const lastNewline = buffer.lastIndexOf(NEWLINE, filled - 1);
      if (lastNewline < 0) {
        carried = filled;
        continue;
      }
      // A view of exactly the whole lines, so searches never run into stale bytes past them.
      const lines = buffer.subarray(0, lastNewline + 1);
      visit(lines, 0, lines.length);
      position += lastNewline + 1;
      carried = filled - (lastNewline + 1);
      buffer.copy(buffer, 0, lastNewline + 1, filled);
    }
    return { offset: position, bytesRead, tail: fingerprint(fd, position) };
  } finally {
    closeSync(fd);
  }
}
