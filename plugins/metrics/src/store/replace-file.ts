import { renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirectorySync } from '@loomkit/kernel/early';

/** Writes `file` whole through a temporary file and a rename: a reader (or a crash) sees the old content or the new, never part. */
export function replaceFileSync(file: string, data: string | NodeJS.ArrayBufferView): void {
  makeDirectorySync(dirname(file));
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, file);
}
