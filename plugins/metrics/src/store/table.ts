/**
 * Rows as growable typed columns: one Float64Array per field. v8 serializes typed arrays
 * as raw bytes, so a store of 10^5 rows saves and loads in milliseconds, and holding them
 * costs 8 bytes a field instead of an object per row for the garbage collector to walk.
 * A stored column may be longer than `length`: the rows past it are room to grow into.
 */
export type Stored<F extends string> = { length: number } & Record<F, Float64Array>;

export class Table<F extends string> {
  length = 0;
  readonly columns: Record<F, Float64Array>;
  private loaded: boolean;

  constructor(
    readonly fields: readonly F[],
    stored?: Stored<F>,
  ) {
    this.columns = {} as Record<F, Float64Array>;
    // Loaded columns are used as they are, with their room; the first row added past it copies into more.
    for (const field of fields) this.columns[field] = stored ? stored[field] : new Float64Array(1024);
    this.length = stored?.length ?? 0;
    this.loaded = stored !== undefined;
  }

  /** Appends a row of zeros and returns its index; fill it through `columns`. */
  add(): number {
    const fields = this.fields;
    if (this.length === this.columns[fields[0]!].length) {
      // Loaded columns (views on a file) grow by an eighth: a re-run adds a few hundred rows, and
      // doubling 10^5-row columns allocated and copied tens of MB for them. Built ones double.
      const room = this.loaded ? Math.max(1024, this.length >> 3) : Math.max(1024, this.length);
      this.loaded = false;
      for (const field of fields) {
        const grown = new Float64Array(this.length + room);
        grown.set(this.columns[field]);
        this.columns[field] = grown;
      }
    }
    return this.length++;
  }

  /** Views of the rows in use, named `<prefix>.<field>`, for writing without a copy. */
  named(prefix: string): Array<[string, Float64Array]> {
    return this.fields.map((field) => [`${prefix}.${field}`, this.columns[field].subarray(0, this.length)]);
  }

  /** Fresh copies of the columns, room and all: views taken of the old ones keep what they showed. */
  copyColumns(): void {
    for (const field of this.fields) this.columns[field] = this.columns[field].slice();
  }

  /** Only the rows in use, copied (to hand to another thread). */
  stored(): Stored<F> {
    const out = { length: this.length } as Stored<F>;
    for (const field of this.fields) out[field] = this.columns[field].slice(0, this.length) as Stored<F>[F];
    return out;
  }
}
