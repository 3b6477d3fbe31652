import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoomError } from '@loomkit/kernel';
import writeFileAtomic from 'write-file-atomic';
import { runStateSchema, type RunState } from '../schema.js';
import { makeDirectorySync } from '@loomkit/kernel/early';

export const RUNS_DIR = join('chains', 'runs');
const STATE_FILE = 'run.json';

export interface RunStore {
  /** Where runs live: `.loom/chains/runs`. */
  readonly dir: string;
  newId(now: Date): string;
  /**
   * Writes the whole state through temp file + rename, so `kill -9` at any instant leaves the
   * previous state or the new one; with `durable`, fsync'd first, so a power cut does not
   * either. Saves are queued: the last one wins, in order.
   */
  save(run: RunState, options?: { durable?: boolean }): Promise<void>;
  /** A run by id or unique id prefix. */
  read(ref: string): RunState;
  list(): RunState[];
}

export function createRunStore(stateDir: string): RunStore {
  const dir = join(stateDir, RUNS_DIR);
  let queue: Promise<void> = Promise.resolve();
  const fileOf = (id: string) => join(dir, id, STATE_FILE);

  const load = (id: string): RunState | undefined => {
    try {
      return runStateSchema.parse(JSON.parse(readFileSync(fileOf(id), 'utf8')));
    } catch {
      return undefined;
    }
  };
  const ids = (): string[] => (existsSync(dir) ? readdirSync(dir).filter((name) => existsSync(fileOf(name))) : []);

  return {
    dir,
    newId(now) {
      // Sortable by time, unique without a lock.
      const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-');
      return `${stamp}-${randomBytes(3).toString('hex')}`;
    },
    save(run, options = {}) {
      const text = `${JSON.stringify(run, null, 2)}\n`;
      const file = fileOf(run.id);
      const write = async () => {
        makeDirectorySync(join(dir, run.id));
        await writeFileAtomic(file, text, { fsync: options.durable ?? true });
      };
      queue = queue.then(write, write);
      return queue;
    },
    read(ref) {
      const matches = ids().filter((id) => id === ref || id.startsWith(ref));
      const exact = matches.includes(ref) ? [ref] : matches;
      if (exact.length !== 1) {
        throw new LoomError(exact.length === 0 ? 'CHAIN_RUN_NOT_FOUND' : 'CHAIN_RUN_AMBIGUOUS', exact.length === 0 ? `no chain run "${ref}" in ${dir}` : `"${ref}" matches ${exact.length} runs: ${exact.slice(0, 5).join(', ')}`, {
          hint: 'run `loom chain runs` to list them',
        });
      }
      const run = load(exact[0] as string);
      if (!run) throw new LoomError('CHAIN_RUN_UNREADABLE', `the state of run ${exact[0]} cannot be read`, { hint: `look at ${fileOf(exact[0] as string)}` });
      return run;
    },
    list() {
      return ids()
        .sort()
        .reverse()
        .flatMap((id) => {
          const run = load(id);
          return run ? [run] : [];
        });
    },
  };
}
