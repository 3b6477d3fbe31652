import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionConfigSchema } from '../src/schema.js';
import { parseDuration } from '../src/service/duration.js';
import { createSessionService } from '../src/service/session-service.js';
import type { FileSessionStore } from '../src/store/index.js';
import { steppingClock, storeAt, tempDirs, turn } from './support/store-env.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const DAY = 86_400_000;

function project(data = dirs.make('loom-data-'), now: () => number = steppingClock()) {
  const root = dirs.make('loom-project-');
  const store = storeAt(root, data, now);
  const service = createSessionService({ store, projectRoot: root, config: sessionConfigSchema.parse({}), now, checkRead: (path) => path });
  return { root, data, store, service };
}

describe('start, status, end, resume', () => {
  it('start makes the session active; status reports it; end clears it and keeps the session', async () => {
    const { service, store } = project();
    expect(await service.status()).toBeUndefined();
    const { session, previous } = await service.start('fix-login');
    expect(previous).toBeUndefined();
    expect(await store.active()).toBe(session.id);
    await store.append(session.id, [turn('q1', { tokens: { input: 100, output: 50, cacheWrite: 10, cacheRead: 5 }, costUsd: 0.02 })]);

    const status = (await service.status())!;
    expect(status.session).toMatchObject({ id: session.id, name: 'fix-login', turns: 1, costUsd: 0.02 });
    expect(status.tokens).toEqual({ input: 100, output: 50, cacheWrite: 10, cacheRead: 5 });
    expect(status.lastTurn).toMatchObject({ seq: 0, input: 'q1' });

    const second = await service.start(undefined);
    expect(second.previous).toBe(session.id);
    expect(second.session.name).toMatch(/^\d{4}-\d{2}-\d{2}-\d{4}$/);

    const ended = await service.end();
    expect(ended).toMatchObject({ id: second.session.id, ended: true });
    expect(await store.active()).toBeUndefined();
    expect((await service.list()).map((s) => s.name).sort()).toEqual([second.session.name, 'fix-login'].sort());
    await expect(service.end()).rejects.toMatchObject({ code: 'SESSION_NONE_ACTIVE' });
  });

  it('resume with no argument (no terminal) takes the most recent; an archived one comes back', async () => {
    const { service, store } = project();
    const older = (await service.start('older')).session;
    const newer = (await service.start('newer')).session;
    await service.end({ archive: true });
    expect((await service.list()).map((s) => s.id)).toEqual([older.id]);

    const resumed = await service.resume(undefined);
    expect(resumed.session.id).toBe(older.id);
    expect(resumed.local).toBe(true);

    const back = await service.resume('newer');
    expect(back).toMatchObject({ unarchived: true, previous: older.id });
    expect(await store.active()).toBe(newer.id);
    expect((await store.list()).map((s) => s.id).sort()).toEqual([older.id, newer.id].sort());
  });

  it('resuming a session of another project makes it active there and says where it lives', async () => {
    const data = dirs.make('loom-data-');
    const api = project(data);
    const web = project(data);
    const work = (await api.service.start('api-work')).session;
    await api.service.end();

    const resumed = await web.service.resume('api-work');
    expect(resumed).toMatchObject({ local: false, session: { id: work.id, projectRoot: api.root } });
    expect(await api.store.active()).toBe(work.id);
    expect(await web.store.active()).toBeUndefined();
    await expect(web.service.resume(undefined)).rejects.toMatchObject({ code: 'SESSION_NONE' });
  });

  it('start --from and fork copy turns and pins; fork leaves the active session alone', async () => {
    const { service, store } = project();
    const base = (await service.start('base')).session;
    await store.append(base.id, [turn('one'), turn('two')]);
    await service.addMemory('prod is on postgres 16');

    const fork = await service.fork('base', undefined);
    expect(fork.session.name).toBe('base-fork');
    expect(fork.session.forkedFrom).toBe(base.id);
    expect(fork.session.turnRecords.map((t) => [t.seq, t.input])).toEqual([[0, 'one'], [1, 'two']]);
    expect(fork.session.pins.map((p) => p.text)).toEqual(['prod is on postgres 16']);
    expect(await store.active()).toBe(base.id);

    // The copy goes on numbering after the copied turns; the original is untouched.
    await store.append(fork.session.id, [turn('three')]);
    expect((await store.read(fork.session.id)).turnRecords.map((t) => t.seq)).toEqual([0, 1, 2]);
    expect((await store.read(base.id)).turns).toBe(2);

    const continued = await service.start(undefined, { from: 'base' });
    expect(continued.session.name).toBe('base-continued');
    expect(continued.session.turnRecords).toHaveLength(2);
    expect(await store.active()).toBe(continued.session.id);
  });

  it('rename checks the name and keeps the id', async () => {
    const { service, store } = project();
    const a = (await service.start('a')).session;
    await service.start('b');
    const renamed = await service.rename(a.id.slice(0, 4), 'auth-fix');
    expect(renamed).toMatchObject({ previousName: 'a', session: { id: a.id, name: 'auth-fix' } });
    expect((await store.read('auth-fix')).id).toBe(a.id);
    await expect(service.rename('auth-fix', 'B')).rejects.toMatchObject({ code: 'SESSION_NAME_TAKEN' });
    await expect(service.rename('auth-fix', 'feature/x')).rejects.toMatchObject({ code: 'SESSION_NAME_INVALID' });
  });
});

describe('memory and search', () => {
  it('shows the notes file and pins; add and rm change what is pinned', async () => {
    const { service, root } = project();
    expect(await service.memory()).toMatchObject({ notes: undefined, session: undefined, pins: [] });
    writeFileSync(join(root, 'LOOM.md'), '# Notes\nWe use pnpm.\n');
    await expect(service.addMemory('x')).rejects.toMatchObject({ code: 'SESSION_NONE_ACTIVE' });
    await service.start('m');
    const pin = await service.addMemory('  the API is versioned under /v2  ');
    expect(pin.text).toBe('the API is versioned under /v2');
    const other = await service.addMemory('deploys go through fly.io');
    const memory = await service.memory();
    expect(memory.notes).toContain('We use pnpm.');
    expect(memory.pins.map((p) => p.text)).toEqual(['the API is versioned under /v2', 'deploys go through fly.io']);
    await service.removeMemory(pin.id);
    expect((await service.memory()).pins).toEqual([{ id: other.id, text: 'deploys go through fly.io' }]);
    await expect(service.removeMemory('nope')).rejects.toMatchObject({ code: 'SESSION_PIN_NOT_FOUND' });
    await expect(service.addMemory('   ')).rejects.toMatchObject({ code: 'SESSION_PIN_EMPTY' });
  });

  it('searches names, pins and turns, here or in every project', async () => {
    const data = dirs.make('loom-data-');
    const api = project(data);
    const web = project(data);
    const a = (await api.service.start('rate-limits')).session;
    await api.store.append(a.id, [turn('why do we get 429s', { output: 'The Rate Limiter allows 50 RPM.' })]);
    const w = (await web.service.start('css')).session;
    await web.store.append(w.id, [turn('center a div')]);
    await web.service.addMemory('the design system caps rate of animations');

    const local = await web.service.search('RATE');
    expect(local.hits.map((h) => [h.name, h.field])).toEqual([['css', 'pin']]);
    const everywhere = await web.service.search('rate', { allProjects: true });
    expect(everywhere.sessionsSearched).toBe(2);
    expect(everywhere.hits.map((h) => [h.name, h.field, h.seq]).sort()).toEqual([
      ['css', 'pin', null],
      ['rate-limits', 'name', null],
      ['rate-limits', 'output', 0],
    ]);
    expect(everywhere.hits.find((h) => h.field === 'output')!.snippet).toContain('Rate Limiter');
    const limited = await web.service.search('rate', { allProjects: true, limit: 1 });
    expect(limited).toMatchObject({ total: 3 });
    expect(limited.hits).toHaveLength(1);
    await expect(web.service.search('  ')).rejects.toMatchObject({ code: 'SEARCH_EMPTY' });
  });
});

describe('cleanup', () => {
  /** Sessions last updated 200, 120, 40 and 5 days before "today", the newest one active. */
  async function aged(): Promise<{ service: ReturnType<typeof createSessionService>; store: FileSessionStore; ids: Record<string, string> }> {
    const today = Date.parse('2025-11-24T12:00:00Z');
    let clock = 0;
    const now = () => clock;
    const { service, store } = project(dirs.make('loom-data-'), now);
    const ids: Record<string, string> = {};
    for (const [name, age] of [['d200', 200], ['d120', 120], ['d40', 40], ['d5', 5]] as const) {
      clock = today - age * DAY;
      ids[name] = (await service.start(name)).session.id;
    }
    clock = today;
    return { service, store, ids };
  }

  it('dry run: says what it would archive and changes nothing (90 days by default, never the active one)', async () => {
    const { service, store, ids } = await aged();
    const plan = await service.planCleanup({});
    expect(plan.action).toBe('archive');
    expect(plan.sessions.map((s) => s.name)).toEqual(['d120', 'd200']);
    expect(plan.criteria).toContain('90 days');
    expect((await store.list()).map((s) => s.name)).toEqual(['d5', 'd40', 'd120', 'd200']);
    expect(await store.active()).toBe(ids.d5);
  });

  it('archives: gone from list, still on disk, restorable', async () => {
    const { service, store, ids } = await aged();
    const plan = await service.planCleanup({ olderThanMs: parseDuration('30d') });
    expect(plan.sessions.map((s) => s.name)).toEqual(['d40', 'd120', 'd200']);
    expect(await service.applyCleanup(plan)).toHaveLength(3);
    expect((await store.list()).map((s) => s.name)).toEqual(['d5']);
    expect((await store.list({ includeArchived: true })).filter((s) => s.archived).map((s) => s.name)).toEqual(['d40', 'd120', 'd200']);
    expect(existsSync(join(store.dir, 'archive', `${ids.d200}.jsonl`))).toBe(true);
    await service.resume('d200');
    expect((await store.list()).map((s) => s.name)).toContain('d200');
  });

  it('--keep N keeps the N most recent; the active one is spared even beyond them', async () => {
    const { service, store, ids } = await aged();
    await service.resume('d200'); // the oldest is now the active one
    const plan = await service.planCleanup({ keep: 1 });
    expect(plan.sessions.map((s) => s.name)).toEqual(['d40', 'd120']);
    expect(plan.skippedActive).toEqual([ids.d200]);
    await service.applyCleanup(plan);
    expect((await store.list()).map((s) => s.name).sort()).toEqual(['d200', 'd5']);
  });

  it('purge deletes for good, archived sessions included, and only those chosen', async () => {
    const { service, store } = await aged();
    await service.applyCleanup(await service.planCleanup({ olderThanMs: parseDuration('100d') }));
    expect((await store.list({ includeArchived: true })).filter((s) => s.archived)).toHaveLength(2);
    const plan = await service.planCleanup({ olderThanMs: parseDuration('30d'), purge: true });
    expect(plan.action).toBe('purge');
    expect(plan.sessions.map((s) => [s.name, s.archived])).toEqual([['d40', false], ['d120', true], ['d200', true]]);
    await service.applyCleanup(plan);
    expect((await store.list({ includeArchived: true })).map((s) => s.name)).toEqual(['d5']);
    expect(store.userIndex.read().map((s) => s.name)).toEqual(['d5']);
  });

  it('reads durations and refuses nonsense in one line', () => {
    expect(parseDuration('90d')).toBe(90 * DAY);
    expect(parseDuration('2w')).toBe(14 * DAY);
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('1y')).toBe(365 * DAY);
    expect(() => parseDuration('soon')).toThrow(expect.objectContaining({ code: 'DURATION_INVALID' }));
  });
});
