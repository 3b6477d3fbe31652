import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A small JSON header and named Float64 columns as raw bytes, in one file. Written without
 * a copy (each column's bytes go straight to the file) and read without one (columns are
 * views on the file's buffer): v8 `serialize` copied every typed array twice each way,
 * which made saving a 10^5-response ledger cost more than reading a MiB of transcripts.
 */
const MAGIC = 'LOOMCOL1';

export interface ColumnsFile<H> {
  header: H;
  columns: Map<string, Float64Array>;
}

export function writeColumnsFile(file: string, header: unknown, columns: Array<[string, Float64Array]>): void {
  const meta = Buffer.from(JSON.stringify({ header, columns: columns.map(([name, column]) => [name, column.length]) }));
  const head = Buffer.alloc(16);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(meta.length, 8);
  // Columns start at a multiple of 8 bytes, so they can be Float64Array views when read back.
  const padding = Buffer.alloc((8 - ((16 + meta.length) % 8)) % 8);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    for (const part of [head, meta, padding]) writeSync(fd, part);
    for (const [, column] of columns) writeSync(fd, new Uint8Array(column.buffer, column.byteOffset, column.length * 8));
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

/** The file's header and columns, or undefined if it is missing or not such a file. */
export function readColumnsFile<H>(file: string): ColumnsFile<H> | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length < 16 || bytes.toString('latin1', 0, 8) !== MAGIC) return undefined;
  if (bytes.byteOffset % 8 !== 0) bytes = Buffer.from(bytes);
  const metaLength = bytes.readUInt32LE(8);
  const meta = JSON.parse(bytes.toString('utf8', 16, 16 + metaLength)) as { header: H; columns: Array<[string, number]> };
  let at = 16 + metaLength;
  at += (8 - (at % 8)) % 8;
  const columns = new Map<string, Float64Array>();
  for (const [name, length] of meta.columns) {
    if (at + length * 8 > bytes.length) return undefined;
    columns.set(name, new Float64Array(bytes.buffer, bytes.byteOffset + at, length));
    at += length * 8;
  }
  return { header: meta.header, columns };
}
