import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLoomError } from '@loomkit/kernel';
import { afterEach, describe, expect, it } from 'vitest';
import { RECORD_VERSION } from '../src/schema.js';
import { parseLine } from '../src/store/index.js';
import { storeAt, tempDirs, turn } from './support/store-env.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

function setUp() {
  const root = dirs.make('loom-project-');
  const data = dirs.make('loom-data-');
  return { root, data, store: storeAt(root, data) };
}

/** Runs `fn` and returns the LoomError it throws, checking it is one line. */
async function loomError(fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (error) {
    expect(isLoomError(error), String(error)).toBe(true);
    const loom = error as { code: string; message: string; hint?: string };
    expect(loom.message).not.toContain('\n');
    expect(loom.hint ?? '').not.toContain('\n');
    return loom;
  }
  throw new Error('expected a LoomError');
}

describe('the session log', () => {
  it('round-trips: what is appended is what is read, turns numbered in order', async () => {
    const { store } = setUp();
    const session = await store.create('fix-login');
    await store.append(session.id, [turn('first'), turn('second', { kind: 'command', command: 'security scan', costUsd: 0.5 })]);
    await store.append(session.id, [{ v: RECORD_VERSION, type: 'pin', at: '2025-11-24T10:01:00.000Z', id: 'p1', text: 'use pnpm' }]);
    const third = turn('third', { seq: 0 });
    await store.append(session.id, [third]);
    expect(third.seq).toBe(2); // numbered in place, under the lock

    const state = await store.read(session.id);
    expect(state.name).toBe('fix-login');
    expect(state.turnRecords.map((t) => [t.seq, t.input])).toEqual([[0, 'first'], [1, 'second'], [2, 'third']]);
    expect(state.turnRecords[1]).toMatchObject({ kind: 'command', command: 'security scan', costUsd: 0.5 });
    expect(state.pins).toEqual([{ id: 'p1', text: 'use pnpm' }]);
    expect(state.turns).toBe(3);
    expect(state.costUsd).toBeCloseTo(0.502, 6);
    expect(state.skippedLines).toBe(0);

    // The log is JSONL, one record a line, a `v` on each.
    const lines = readFileSync(join(store.dir, `${session.id}.jsonl`), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(JSON.parse(line).v).toBe(RECORD_VERSION);
  });

  it('a caller\'s stale seq is corrected, so two writers that read the same tail never collide', async () => {
    const { root, data, store } = setUp();
    const session = await store.create('race');
    const other = storeAt(root, data); // another process's store: its own tail cache
    await store.append(session.id, [turn('a', { seq: 0 })]);
    await other.append(session.id, [turn('b', { seq: 0 })]);
    await store.append(session.id, [turn('c', { seq: 1 })]);
    const state = await store.read(session.id);
    expect(state.turnRecords.map((t) => t.seq)).toEqual([0, 1, 2]);
    expect(state.turnRecords.map((t) => t.input)).toEqual(['a', 'b', 'c']);
  });

  it('skips a torn last line, and the next append keeps it from swallowing the new record', async () => {
    const { root, data, store } = setUp();
    const session = await store.create('crashy');
    await store.append(session.id, [turn('one'), turn('two')]);
    const log = join(store.dir, `${session.id}.jsonl`);
    // What kill -9 mid-write leaves: half a record, no newline.
    appendFileSync(log, '{"v":1,"type":"turn","seq":2,"at":"2025-11-24T10:00:00.000Z","kind":"conv');

    const torn = await store.read(session.id);
    expect(torn.turnRecords.map((t) => t.input)).toEqual(['one', 'two']);
    expect(torn.skippedLines).toBe(1);
    expect((await store.list())[0]!.turns).toBe(2);

    // A fresh store (a new process) appends: seq 2 is still free, the new record is whole.
    const next = turn('three');
    await storeAt(root, data).append(session.id, [next]);
    expect(next.seq).toBe(2);
    const after = await store.read(session.id);
    expect(after.turnRecords.map((t) => [t.seq, t.input])).toEqual([[0, 'one'], [1, 'two'], [2, 'three']]);
    expect(after.skippedLines).toBe(1);
    expect((await store.list())[0]!.turns).toBe(3);
  });

  it('reads a log that is only a torn header without failing', async () => {
    const { store } = setUp();
    const session = await store.create('x');
    writeFileSync(join(store.dir, `${session.id}.jsonl`), '{"v":1,"type":"sess');
    const state = await store.read(session.id);
    expect(state.turnRecords).toEqual([]);
    expect(state.skippedLines).toBe(1);
    await store.append(session.id, [turn('after')]);
    expect((await store.read(session.id)).turnRecords.map((t) => t.seq)).toEqual([0]);
  });

  it('migrates records written before versioning (no `v`) on read, without rewriting the log', async () => {
    const { store } = setUp();
    const session = await store.create('old');
    const log = join(store.dir, `${session.id}.jsonl`);
    appendFileSync(log, `${JSON.stringify({ type: 'turn', seq: 0, at: '2024-01-01T00:00:00.000Z', kind: 'conversation', input: 'old question', output: 'old answer', tokens: { input: 3, output: 4 } })}\n`);
    const before = readFileSync(log, 'utf8');
    const state = await store.read(session.id);
    expect(state.turnRecords).toHaveLength(1);
    expect(state.turnRecords[0]).toMatchObject({
      v: RECORD_VERSION,
      input: 'old question',
      command: null,
      model: null,
      tokens: { input: 3, output: 4, cacheWrite: 0, cacheRead: 0 },
      git: { branch: null, head: null },
      files: [],
    });
    expect(readFileSync(log, 'utf8')).toBe(before);
    expect(parseLine('{"v":1,"type":"turn","seq":"not a number"}')).toBeUndefined();
    expect(parseLine('[1,2]')).toBeUndefined();
  });

  it('rebuilds a corrupted or lost index from the logs, silently', async () => {
    const { store } = setUp();
    const a = await store.create('alpha');
    const b = await store.create('beta');
    await store.append(a.id, [turn('1'), turn('2')]);
    await store.append(b.id, [turn('1', { costUsd: 0.25 })]);
    const expected = await store.list();
    const index = join(store.dir, 'index.json');

    writeFileSync(index, '{"v":1,"sessions":[{"id":"garbage"');
    expect(await store.list()).toEqual(expected);
    expect(JSON.parse(readFileSync(index, 'utf8')).sessions).toHaveLength(2);

    writeFileSync(index, JSON.stringify({ v: 1, sessions: 'nope' }));
    expect((await store.read('beta')).costUsd).toBe(0.25);

    writeFileSync(index, '\u0000\u0000\u0000');
    expect(await store.list()).toEqual(expected);

    // Lost altogether.
    writeFileSync(index, '');
    expect(await store.reindex()).toHaveLength(2);
    expect(await store.list()).toEqual(expected);
  });

  it('keeps the index current with appends made by others (folded from where it stopped)', async () => {
    const { root, data, store } = setUp();
    const session = await store.create('shared');
    expect((await store.list())[0]!.turns).toBe(0);
    await storeAt(root, data).append(session.id, [turn('elsewhere', { costUsd: 1 })]);
    const [summary] = await store.list();
    expect(summary).toMatchObject({ turns: 1, costUsd: 1 });
    await store.append(session.id, [{ v: RECORD_VERSION, type: 'rename', at: '2025-11-24T11:00:00.000Z', name: 'renamed' }]);
    expect((await store.list())[0]!.name).toBe('renamed');
    expect((await store.read('renamed')).id).toBe(session.id);
  });

  it('a session read again sees what was appended meanwhile, by this store or another; records read are frozen', async () => {
    const { root, data, store } = setUp();
    const session = await store.create('twice');
    await store.append(session.id, [turn('one')]);
    const first = await store.read(session.id);
    await storeAt(root, data).append(session.id, [turn('two')]);
    await store.append(session.id, [{ v: RECORD_VERSION, type: 'pin', at: '2025-11-24T10:00:00.000Z', id: 'p1', text: 'pinned' }]);
    const second = await store.read(session.id);
    expect(first.turnRecords.map((t) => t.input)).toEqual(['one']);
    expect(second.turnRecords.map((t) => t.input)).toEqual(['one', 'two']);
    expect(second.pins).toHaveLength(1);
    expect(Object.isFrozen(second.turnRecords[0])).toBe(true);
    expect(() => {
      (second.turnRecords[0] as { seq: number }).seq = 9;
    }).toThrow(TypeError);
  });

  it('marks a session ended by an end record, and reopened by anything after it', async () => {
    const { store } = setUp();
    const session = await store.create('e');
    await store.append(session.id, [{ v: RECORD_VERSION, type: 'end', at: '2025-11-24T11:00:00.000Z' }]);
    expect((await store.read(session.id)).ended).toBe(true);
    expect((await store.list())[0]!.ended).toBe(true);
    await store.append(session.id, [turn('again')]);
    expect((await store.read(session.id)).ended).toBe(false);
    expect((await store.list())[0]!.ended).toBe(false);
  });

  it('keeps .loom/sessions out of git', async () => {
    const { store } = setUp();
    await store.create('s');
    expect(readFileSync(join(store.dir, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });
});

describe('ids and names', () => {
  it('finds a session by id, unique id prefix or name (exact, then any case)', async () => {
    const { store } = setUp();
    const session = await store.create('Fix Login');
    expect((await store.read(session.id)).name).toBe('Fix Login');
    expect((await store.read(session.id.slice(0, 3))).id).toBe(session.id);
    expect((await store.read('Fix Login')).id).toBe(session.id);
    expect((await store.read('fix login')).id).toBe(session.id);
    expect(session.id).toMatch(/^[0-9a-z]{8}$/);
  });

  it('an ambiguous prefix is a one-line error naming the candidates', async () => {
    const { store } = setUp();
    const ids = new Set<string>();
    // With 32 possible first characters, 40 sessions share some first character.
    for (let n = 0; n < 40; n++) ids.add((await store.create(`s${n}`)).id);
    const first = [...ids].map((id) => id[0]!).find((c, i, all) => all.indexOf(c) !== i)!;
    const error = await loomError(() => store.read(first));
    expect(error.code).toBe('SESSION_AMBIGUOUS');
    expect(error.message).toMatch(new RegExp(`^"${first}" matches \\d+ sessions: ${first}[0-9a-z]{7} \\(s\\d+\\)`));
    expect(error.hint).toContain('more characters');
  });

  it('unknown ids, path-like references and bad names are one-line errors', async () => {
    const { store } = setUp();
    await store.create('real');
    expect((await loomError(() => store.read('zzzzzzzz'))).code).toBe('SESSION_NOT_FOUND');
    for (const ref of ['../etc/passwd', 'a/b', 'a\\b', '..', 'bad\u0007bell', '']) {
      const error = await loomError(() => store.read(ref));
      expect(error.code).toBe('SESSION_ID_INVALID');
    }
    for (const name of ['feature/login', 'C:\\work', 'line\nbreak', 'tab\there', 'nul\u0000', '..', '   ', 'x'.repeat(81)]) {
      const error = await loomError(() => store.create(name));
      expect(error.code, name).toBe('SESSION_NAME_INVALID');
    }
    expect((await loomError(() => store.create('line\nbreak'))).message).toContain('\\u000a');
    expect((await loomError(() => store.create('REAL'))).code).toBe('SESSION_NAME_TAKEN');
    expect((await loomError(() => store.append('zzzzzzzz', [turn('x')]))).code).toBe('SESSION_NOT_FOUND');
    // Nothing was created by the refusals.
    expect(readdirSync(store.dir).filter((f) => f.endsWith('.jsonl'))).toHaveLength(1);
  });
});

describe('active session, archive and purge', () => {
  it('remembers the active session per project in .loom/sessions/active', async () => {
    const { store } = setUp();
    expect(await store.active()).toBeUndefined();
    const session = await store.create('a');
    await store.setActive(session.id);
    expect(readFileSync(join(store.dir, 'active'), 'utf8').trim()).toBe(session.id);
    expect(await store.active()).toBe(session.id);
    await store.setActive(undefined);
    expect(await store.active()).toBeUndefined();
    // An active file naming a log that is gone is no active session.
    writeFileSync(join(store.dir, 'active'), 'zzzzzzzz\n');
    expect(await store.active()).toBeUndefined();
  });

  it('archives by moving the log, unarchives it back, and purges only when asked', async () => {
    const { store } = setUp();
    const session = await store.create('old-work');
    await store.append(session.id, [turn('kept')]);
    await store.archive(session.id);
    expect(existsSync(join(store.dir, 'archive', `${session.id}.jsonl`))).toBe(true);
    expect(await store.list()).toEqual([]);
    expect(await store.list({ includeArchived: true })).toMatchObject([{ id: session.id, archived: true, turns: 1 }]);
    // Still readable and appendable while archived.
    expect((await store.read('old-work')).turnRecords).toHaveLength(1);
    await store.unarchive(session.id);
    expect(await store.list()).toMatchObject([{ id: session.id, archived: false }]);
    await store.purge(session.id);
    expect(await store.list({ includeArchived: true })).toEqual([]);
    expect(store.userIndex.read().some((s) => s.id === session.id)).toBe(false);
  });
});

describe('across projects', () => {
  it('lists and locates sessions of every project through the user-level index', async () => {
    const data = dirs.make('loom-data-');
    const api = storeAt(dirs.make('loom-api-'), data);
    const web = storeAt(dirs.make('loom-web-'), data);
    const a = await api.create('api-work');
    await api.append(a.id, [turn('x'), turn('y')]);
    const w = await web.create('web-work');

    expect((await web.list()).map((s) => s.name)).toEqual(['web-work']);
    // The api project's list ran before the append; --all-projects reads it fresh from its logs.
    const all = await web.list({ allProjects: true });
    expect(all.map((s) => [s.name, s.projectRoot, s.turns]).sort()).toEqual([
      ['api-work', api.projectRoot, 2],
      ['web-work', web.projectRoot, 0],
    ]);

    const found = await web.locate('api-work');
    expect(found).toMatchObject({ id: a.id, local: false, projectRoot: api.projectRoot });
    expect(await web.locate(w.id.slice(0, 5))).toMatchObject({ local: true });
    expect((await loomError(() => web.read('api-work'))).code).toBe('SESSION_NOT_FOUND');
    expect((await loomError(() => web.locate('nowhere'))).code).toBe('SESSION_NOT_FOUND');

    // The index lives in the data dir, not in either project.
    const index = JSON.parse(readFileSync(join(data, 'sessions', 'index.json'), 'utf8'));
    expect(index.sessions.map((s: { name: string }) => s.name).sort()).toEqual(['api-work', 'web-work']);
  });

  it('keeps listing a project that was moved away (what the index knew), and a corrupt user index is no error', async () => {
    const data = dirs.make('loom-data-');
    const goneRoot = dirs.make('loom-gone-');
    const gone = storeAt(goneRoot, data);
    await gone.create('old-project-work');
    const here = storeAt(dirs.make('loom-here-'), data);
    await here.create('here');
    const { rmSync } = await import('node:fs');
    rmSync(goneRoot, { recursive: true, force: true });
    expect((await here.list({ allProjects: true })).map((s) => s.name).sort()).toEqual(['here', 'old-project-work']);

    // A corrupt user index is no error; it starts again from what is on disk here.
    writeFileSync(join(data, 'sessions', 'index.json'), 'not json at all');
    expect((await here.list({ allProjects: true })).map((s) => s.name)).toEqual(['here']);
    expect(JSON.parse(readFileSync(join(data, 'sessions', 'index.json'), 'utf8')).sessions.map((s: { name: string }) => s.name)).toEqual(['here']);
  });
});
