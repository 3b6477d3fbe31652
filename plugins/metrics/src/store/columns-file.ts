import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A small JSON header and named Float64 columns as raw bytes, in one file. Written and read
 * without a copy (each column's bytes go straight to and from the file): v8 `serialize`
 * copied every typed array twice each way, which made saving a 10^5-response ledger cost
 * more than reading a MiB of transcripts.
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

/**
 * The file's header and columns, or undefined if it is missing or not such a file. Each column
 * is read straight into its own array with `spare` rows of room past its `lengths` entry, so a
 * table can grow into it: reading the file whole and copying the columns out to grow them
 * touched its MBs twice (on a busy machine each fresh MB costs milliseconds in page faults).
 */
export function readColumnsFile<H>(file: string, spare: (length: number) => number = () => 0): (ColumnsFile<H> & { lengths: Map<string, number> }) | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(16);
    if (size < 16 || readSync(fd, head, 0, 16, 0) !== 16 || head.toString('latin1', 0, 8) !== MAGIC) return undefined;
    const metaLength = head.readUInt32LE(8);
    if (16 + metaLength > size) return undefined;
    const metaBytes = Buffer.alloc(metaLength);
    readSync(fd, metaBytes, 0, metaLength, 16);
    const meta = JSON.parse(metaBytes.toString('utf8')) as { header: H; columns: Array<[string, number]> };
    let at = 16 + metaLength;
    at += (8 - (at % 8)) % 8;
    const columns = new Map<string, Float64Array>();
    const lengths = new Map<string, number>();
    for (const [name, length] of meta.columns) {
      if (at + length * 8 > size) return undefined;
      const column = new Float64Array(length + spare(length));
      if (readSync(fd, column, 0, length * 8, at) !== length * 8) return undefined;
      columns.set(name, column);
      lengths.set(name, length);
      at += length * 8;
    }
    return { header: meta.header, columns, lengths };
  } finally {
    closeSync(fd);
  }
}
