import { mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeAt, tempDirs, turn } from './support/store-env.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

describe('an append while another process holds the lock', () => {
  it('spools the turn instead of dropping it, and the next append folds it in, in order', async () => {
    const store = storeAt(dirs.make('loom-project-'), dirs.make('loom-data-')); // staleMs 2000
    const session = await store.create('busy');
    await store.append(session.id, [turn('first')]);
    // A live holder: the lock directory, kept fresh as proper-lockfile does.
    const lock = join(store.dir, `${session.id}.lock`);
    mkdirSync(lock);
    const fresh = setInterval(() => utimesSync(lock, new Date(), new Date()), 200);
    try {
      await store.append(session.id, [turn('while locked')]);
    } finally {
      clearInterval(fresh);
    }
    expect(readdirSync(join(store.dir, `${session.id}.pending`))).toHaveLength(1);
    // The holder is gone (its lock goes stale); the next append brings the spooled turn first.
    await store.append(session.id, [turn('after')]);
    const state = await store.read(session.id);
    expect(state.turnRecords.map((record) => record.input)).toEqual(['first', 'while locked', 'after']);
    const [first] = state.turnRecords.map((record) => record.seq);
    expect(state.turnRecords.map((record) => record.seq)).toEqual([first, first! + 1, first! + 2]);
    expect(readdirSync(join(store.dir, `${session.id}.pending`))).toEqual([]);
  });
});
