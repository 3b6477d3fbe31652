import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { replaceFileSync } from './replace-file.js';

/**
 * What has been read of each source file, keyed by path: a file whose size and mtime are
 * unchanged is not opened; one that grew is read from `offset` on. v8 serialization,
 * because the cache of a 1 GB history holds ~10^5 entries and JSON round-trips cost
 * more than the report they save on a re-run.
 */
export interface FilePart<T> {
  size: number;
  mtimeMs: number;
  offset: number;
  state: T;
}

const CACHE_VERSION = 2;

/** How a file's state is stored: states with many rows keep them as columns (see columns.ts). */
export interface StateCodec<T> {
  encode(state: T): unknown;
  decode(stored: unknown): T;
}

// node:v8 takes ~4 ms to load: only a report of Loom's own calls needs it.
const v8 = () => createRequire(import.meta.url)('node:v8') as typeof import('node:v8');

export class ScanCache<T> {
  private parts = new Map<string, FilePart<T>>();
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly codec: StateCodec<T>,
  ) {
    try {
      const saved = v8().deserialize(readFileSync(file)) as { v: number; parts: Array<[string, FilePart<unknown>]> };
      if (saved.v === CACHE_VERSION) this.parts = new Map(saved.parts.map(([path, part]) => [path, { ...part, state: codec.decode(part.state) }]));
    } catch {
      // missing or unreadable: rebuilt from the sources, which are the truth
    }
  }

  get(path: string): FilePart<T> | undefined {
    return this.parts.get(path);
  }

  set(path: string, part: FilePart<T>): void {
    this.parts.set(path, part);
    this.dirty = true;
  }

  /** Drops files that are gone, so deleted transcripts stop counting. */
  keepOnly(paths: Set<string>): void {
    for (const path of this.parts.keys()) {
      if (!paths.has(path)) {
        this.parts.delete(path);
        this.dirty = true;
      }
    }
  }

  save(): void {
    if (!this.dirty) return;
    const parts = [...this.parts].map(([path, part]) => [path, { ...part, state: this.codec.encode(part.state) }]);
    replaceFileSync(this.file, v8().serialize({ v: CACHE_VERSION, parts }));
    this.dirty = false;
  }
}
