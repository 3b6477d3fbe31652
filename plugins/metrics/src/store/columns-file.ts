import { closeSync, copyFileSync, fstatSync, ftruncateSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirectorySync } from '@loomkit/kernel/early';

/**
 * Named Float64 columns as raw bytes, each in a region with room to grow, then a small JSON
 * meta (header and column lengths) at the end of the file. Bytes go straight between the
 * file and the arrays (v8 `serialize` copied every typed array twice each way), a column is
 * read only when asked for, and a save that only appends rows and rewrites a few columns
 * copies the file in the kernel and writes just those bytes: on these machines every fresh
 * MB a process reads into costs ~4 ms of page faults, so re-reading and re-writing the ~10 MB
 * of a 10^5-response ledger to add a few hundred rows was a third of a re-run.
 *
 * Layout: `LOOMCOL2`, the meta's offset and length and the file's stamp (Float64 each), the
 * regions (capacity × 8 bytes each, in meta order; rows past a column's length are holes),
 * the meta. A stamp is new at every write: a save that patches a copy checks it, so a file
 * replaced by another process since it was opened is never patched.
 */
const MAGIC = 'LOOMCOL2';
const PREAMBLE = 32;

export interface ColumnSpec {
  name: string;
  length: number;
  capacity: number;
}

interface Meta<H> {
  header: H;
  columns: Array<[string, number, number]>;
}

/** A column to write whole: rows `[0, values.length)` into a region of `capacity` rows. */
export interface WholeColumn {
  name: string;
  values: Float64Array;
  capacity: number;
}

/** A column of an opened file, changed: its new length and the rows written from `at`. */
export interface ColumnPatch {
  name: string;
  length: number;
  writes: Array<{ at: number; values: Float64Array }>;
}

/** What a save needs to know of the file as last written: its stamp and its columns' regions. */
export interface ColumnsLayout {
  stamp: number;
  specs: ColumnSpec[];
}

/** An opened columns file: its header and columns, each read on demand from the same file (the open descriptor). */
export class ColumnsSource<H> implements ColumnsLayout {
  private readonly offsets = new Map<string, number>();

  constructor(
    private fd: number | undefined,
    readonly header: H,
    readonly specs: ColumnSpec[],
    readonly stamp: number,
  ) {
    let offset = PREAMBLE;
    for (const spec of specs) {
      this.offsets.set(spec.name, offset);
      offset += spec.capacity * 8;
    }
  }

  spec(name: string): ColumnSpec | undefined {
    return this.specs.find((spec) => spec.name === name);
  }

  /** Column `name`'s rows into `into` (default: a new array of its capacity); undefined if it is absent or cannot be read whole. */
  read(name: string, into?: Float64Array): Float64Array | undefined {
    const spec = this.spec(name);
    if (!spec || this.fd === undefined) return undefined;
    const column = into ?? new Float64Array(spec.capacity);
    if (column.length < spec.length) return undefined;
    const bytes = spec.length * 8;
    return readSync(this.fd, column, 0, bytes, this.offsets.get(name)!) === bytes ? column : undefined;
  }

  /** Rows `[at, at + count)` of column `name` into the same rows of `into`; false if they cannot be read. */
  readRows(name: string, at: number, count: number, into: Float64Array): boolean {
    const spec = this.spec(name);
    if (!spec || this.fd === undefined || at + count > spec.length) return false;
    return readSync(this.fd, into, at * 8, count * 8, this.offsets.get(name)! + at * 8) === count * 8;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The file's header and column list, its columns left on disk until read; undefined if it is missing or not such a file whole. */
export function openColumnsFile<H>(file: string): ColumnsSource<H> | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const preamble = Buffer.alloc(PREAMBLE);
    if (size < PREAMBLE || readSync(fd, preamble, 0, PREAMBLE, 0) !== PREAMBLE || preamble.toString('latin1', 0, 8) !== MAGIC) throw new Error('not a columns file');
    const [metaAt, metaLength, stamp] = [preamble.readDoubleLE(8), preamble.readDoubleLE(16), preamble.readDoubleLE(24)];
    if (metaAt + metaLength !== size) throw new Error('cut off');
    const metaBytes = Buffer.alloc(metaLength);
    if (readSync(fd, metaBytes, 0, metaLength, metaAt) !== metaLength) throw new Error('cut off');
    const meta = JSON.parse(metaBytes.toString('utf8')) as Meta<H>;
    const specs = meta.columns.map(([name, length, capacity]) => ({ name, length, capacity }));
    if (PREAMBLE + specs.reduce((sum, spec) => sum + spec.capacity * 8, 0) !== metaAt || specs.some((spec) => spec.length > spec.capacity)) throw new Error('regions do not add up');
    return new ColumnsSource(fd, meta.header, specs, stamp);
  } catch {
    closeSync(fd);
    return undefined;
  }
}

/** A saved file's stamp: a new one on every save, so equal stamps mean the same save. */
export const newStamp = (): number => Math.floor(Math.random() * 2 ** 53);

function preambleOf(metaAt: number, metaLength: number, stamp: number): Buffer {
  const preamble = Buffer.alloc(PREAMBLE);
  preamble.write(MAGIC, 0, 'latin1');
  preamble.writeDoubleLE(metaAt, 8);
  preamble.writeDoubleLE(metaLength, 16);
  preamble.writeDoubleLE(stamp, 24);
  return preamble;
}

const bytesOf = (values: Float64Array) => new Uint8Array(values.buffer, values.byteOffset, values.length * 8);

/** Writes the file whole (through a temporary file and a rename); returns its layout. */
export function writeColumnsFile(file: string, header: unknown, columns: WholeColumn[], stamp = newStamp()): ColumnsLayout {
  makeDirectorySync(dirname(file));
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    let offset = PREAMBLE;
    for (const column of columns) {
      writeSync(fd, bytesOf(column.values), 0, column.values.length * 8, offset);
      offset += column.capacity * 8;
    }
    const meta = Buffer.from(JSON.stringify({ header, columns: columns.map((column) => [column.name, column.values.length, column.capacity]) }));
    writeSync(fd, meta, 0, meta.length, offset);
    writeSync(fd, preambleOf(offset, meta.length, stamp), 0, PREAMBLE, 0);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  return { stamp, specs: columns.map((column) => ({ name: column.name, length: column.values.length, capacity: column.capacity })) };
}

/**
 * Saves `base`'s file with `patches` (one per column, in its order, within its capacity) and a
 * new header by copying it and writing only the changed bytes; returns the new layout, or
 * undefined (nothing changed) when `file` is no longer the file `base` describes or a patch
 * does not fit: the caller writes the file whole.
 */
export function patchColumnsFile(file: string, base: ColumnsLayout, header: unknown, patches: ColumnPatch[], stamp = newStamp()): ColumnsLayout | undefined {
  if (patches.length !== base.specs.length || patches.some((patch, n) => patch.name !== base.specs[n]!.name || patch.length > base.specs[n]!.capacity)) return undefined;
  const temp = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    // In the kernel (copy_file_range where the file system has it): no page of it passes through this process.
    copyFileSync(file, temp);
    fd = openSync(temp, 'r+');
    const preamble = Buffer.alloc(PREAMBLE);
    if (readSync(fd, preamble, 0, PREAMBLE, 0) !== PREAMBLE || preamble.toString('latin1', 0, 8) !== MAGIC || preamble.readDoubleLE(24) !== base.stamp) throw new Error('replaced since it was opened');
    let offset = PREAMBLE;
    patches.forEach((patch, n) => {
      for (const { at, values } of patch.writes) writeSync(fd!, bytesOf(values), 0, values.length * 8, offset + at * 8);
      offset += base.specs[n]!.capacity * 8;
    });
    const meta = Buffer.from(JSON.stringify({ header, columns: patches.map((patch, n) => [patch.name, patch.length, base.specs[n]!.capacity]) }));
    writeSync(fd, meta, 0, meta.length, offset);
    ftruncateSync(fd, offset + meta.length);
    writeSync(fd, preambleOf(offset, meta.length, stamp), 0, PREAMBLE, 0);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
    return { stamp, specs: patches.map((patch, n) => ({ name: patch.name, length: patch.length, capacity: base.specs[n]!.capacity })) };
  } catch {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    return undefined;
  }
}
