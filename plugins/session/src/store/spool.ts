import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './fs-utils.js';
import { parseLine, serialize } from './records.js';
import type { SessionRecord } from '../schema.js';

/**
 * Records an append could not write because another process held the log's lock longer than
 * an append takes (a suspended or hung loom): each batch is its own file beside the log,
 * written atomically with no lock, and folded into the log — in the order written — by the
 * next append that gets the lock. So a busy lock costs a command a second, never a turn.
 */
const spoolDir = (dir: string, id: string) => join(dir, `${id}.pending`);

export function spool(dir: string, id: string, records: SessionRecord[]): void {
  // Time first, so names sort in the order the batches were written.
  const name = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`;
  writeFileAtomic(join(spoolDir(dir, id), name), serialize(records));
}

export interface Spooled {
  records: SessionRecord[];
  /** Removes the folded files, once their records are in the log. */
  clear(): void;
}

/** The spooled records of `id`, oldest first (call under the log's lock). */
export function takeSpooled(dir: string, id: string): Spooled {
  const folder = spoolDir(dir, id);
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.jsonl')).sort();
  } catch {
    return { records: [], clear: () => undefined };
  }
  const records = names.flatMap((name) =>
    readFileSync(join(folder, name), 'utf8')
      .split('\n')
      .flatMap((line) => {
        const record = line.trim() === '' ? undefined : parseLine(line);
        return record ? [record] : [];
      }),
  );
  // Only the files taken: another process may be spooling a new one meanwhile.
  return { records, clear: () => names.forEach((name) => rmSync(join(folder, name), { force: true })) };
}
