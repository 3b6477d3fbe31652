import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WalkedFile } from '../types.js';
import { makeDirectorySync } from '@loomkit/kernel/early';

/**
 * Content hashes by file stamp (size, mtime, inode), so an unchanged file is not read again. A
 * file whose mtime is within `RACY_MS` of the scan that stamped it could have changed within
 * the same clock tick after it was read (git's "racily clean" case): it is not stamped.
 */
export interface StampIndex {
  /** The content hash recorded for this file as it is now, if its stamp is unchanged. */
  hashOf(file: WalkedFile): string | undefined;
  record(file: WalkedFile, hash: string): void;
  /** Writes the stamps of this scan, dropping those of files under `root` it did not see. */
  save(root: string): Promise<void>;
}

const FILE = 'stamps.json';
const FORMAT = 1;
const RACY_MS = 2_000;
/** Files remembered across every folder scanned in this repository. */
const MAX_ENTRIES = 200_000;

type Entry = [stamp: string, hash: string];

const stampOf = (file: WalkedFile): string | undefined =>
  file.mtimeMs === undefined || file.ino === undefined ? undefined : `${file.size}:${file.mtimeMs}:${file.ino}`;

export async function openStampIndex(dir: string, now: () => number = Date.now): Promise<StampIndex> {
  const path = join(dir, FILE);
  const startedAt = now();
  let known: Record<string, Entry> = {};
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { format?: unknown; files?: unknown };
    if (parsed.format === FORMAT && typeof parsed.files === 'object' && parsed.files !== null) known = parsed.files as Record<string, Entry>;
  } catch {
    // None yet, or torn: every file is read.
  }
  const seen = new Map<string, Entry>();
  return {
    hashOf(file) {
      const stamp = stampOf(file);
      const entry = known[file.abs];
      return stamp !== undefined && Array.isArray(entry) && entry[0] === stamp && typeof entry[1] === 'string' ? entry[1] : undefined;
    },
    record(file, hash) {
      const stamp = stampOf(file);
      if (stamp !== undefined && file.mtimeMs! < startedAt - RACY_MS) seen.set(file.abs, [stamp, hash]);
    },
    async save(root) {
      const prefix = root.endsWith('/') ? root : `${root}/`;
      const kept = Object.entries(known).filter(([abs]) => !abs.startsWith(prefix) && !seen.has(abs));
      const files = Object.fromEntries([...kept.slice(Math.max(0, kept.length - (MAX_ENTRIES - seen.size))), ...seen]);
      try {
        makeDirectorySync(dir);
        const temporary = `${path}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify({ format: FORMAT, files }));
        await rename(temporary, path);
      } catch {
        // Best effort, like the other caches: the next run reads the files again.
      }
    },
  };
}
