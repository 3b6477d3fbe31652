import { closeSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CallRecord } from '../schema.js';
import { makeDirectorySync } from '@loomkit/kernel/early';

export const CALL_LOG = join('metrics', 'calls.jsonl');

/**
 * The append-only log of Loom's own calls (`<dataDir>/metrics/calls.jsonl`).
 *
 * Each record is one `write(2)` of one whole line to a descriptor opened with O_APPEND:
 * the kernel moves the offset to the end and writes under the inode lock, so writers in
 * other processes (two terminals, parallel chain steps) land after each other, never on
 * top of or inside each other — no lock file, nothing to wait for, a few microseconds a
 * call. A writer killed mid-write leaves at most one torn last line, which readers skip.
 */
export class CallLog {
  private fd: number | undefined;
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, CALL_LOG);
  }

  append(record: CallRecord): void {
    if (this.fd === undefined) {
      makeDirectorySync(dirname(this.file));
      this.fd = openSync(this.file, 'a');
    }
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    const written = writeSync(this.fd, line);
    // A short write to a regular file means the disk is full: say so rather than leave half a line.
    if (written !== line.length) throw new Error(`wrote ${written} of ${line.length} bytes to ${this.file}`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
