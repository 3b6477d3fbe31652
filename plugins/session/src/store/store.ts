import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LoomError } from '@loomkit/kernel';
import { RECORD_VERSION, type SessionRecord, type TurnRecord } from '../schema.js';
import { DEFAULT_LOCK, withLock, writeFileAtomic, type LockOptions } from './fs-utils.js';
import { isId, newId, printable, validateName, validateReference } from './ids.js';
import { spool, takeSpooled } from './spool.js';
import { ACTIVE_FILE, ARCHIVE_DIR, INDEX_FILE, isCurrent, listed, listLogs, LOG_EXT, readActiveId, readIndex, SESSIONS_DIR, summaryOf, type IndexEntry } from './project-index.js';
import { emptyFold, foldSummary, forEachLine, parseLine, serialize, StateFolder } from './records.js';
import type { SessionState, SessionStore, SessionSummary } from './types.js';
import { UserIndex } from './user-index.js';
import { makeDirectorySync } from '@loomkit/kernel/early';

export { SESSIONS_DIR } from './project-index.js';
const TAIL_CHUNK = 64 * 1024;

export interface SessionStoreOptions {
  projectRoot: string;
  /** The project's `.loom` folder; defaults to `<projectRoot>/.loom`. */
  stateDir?: string;
  /** User-level data folder (the kernel's `paths.dataDir`): the index across projects lives there. */
  dataDir: string;
  now?: () => number;
  lock?: Partial<LockOptions>;
}

interface Tail {
  size: number;
  ino: number;
  lastSeq: number;
  endsWithNewline: boolean;
}

export type ResolvedSession = SessionSummary & { local: boolean };

/**
 * The file store behind SessionStoreToken. Layout of `<project>/.loom/sessions/`:
 *
 * - `<id>.jsonl` — the log: one JSON record a line, only ever appended to;
 * - `archive/<id>.jsonl` — archived logs (moved, never rewritten);
 * - `index.json` — a cache of every log's summary, refreshed from the logs by size and
 *   mtime, rebuilt from them when missing or unreadable;
 * - `active` — the id of the project's active session;
 * - `<id>.lock` — proper-lockfile's lock of one log while it is appended to.
 */
export class FileSessionStore implements SessionStore {
  readonly dir: string;
  readonly projectRoot: string;
  readonly userIndex: UserIndex;
  private readonly now: () => number;
  private readonly lockOptions: LockOptions;
  private readonly tails = new Map<string, Tail>();
  private readonly states = new Map<string, { ino: number; folder: StateFolder }>();

  constructor(private readonly options: SessionStoreOptions) {
    this.projectRoot = options.projectRoot;
    this.dir = join(options.stateDir ?? join(options.projectRoot, '.loom'), SESSIONS_DIR);
    this.now = options.now ?? Date.now;
    this.lockOptions = { ...DEFAULT_LOCK, ...options.lock };
    this.userIndex = new UserIndex(options.dataDir, this.lockOptions);
  }

  /** The store of another project on this machine, sharing this one's settings. */
  forProject(projectRoot: string): FileSessionStore {
    return new FileSessionStore({ ...this.options, projectRoot, stateDir: undefined });
  }

  logPath(id: string, archived = false): string {
    return archived ? join(this.dir, ARCHIVE_DIR, `${id}${LOG_EXT}`) : join(this.dir, `${id}${LOG_EXT}`);
  }

  private lockPath(id: string): string {
    return join(this.dir, `${id}.lock`);
  }

  /** The log of `id`, live or archived, or undefined. */
  private existingLog(id: string): { path: string; archived: boolean } | undefined {
    if (!isId(id)) return undefined;
    const live = this.logPath(id);
    if (existsSync(live)) return { path: live, archived: false };
    const archived = this.logPath(id, true);
    if (existsSync(archived)) return { path: archived, archived: true };
    return undefined;
  }

  private ensureDir(): void {
    if (existsSync(this.dir)) return;
    makeDirectorySync(join(this.dir, ARCHIVE_DIR));
    // Session logs may quote code and secrets: never committed, never captured by a checkpoint.
    writeFileSync(join(this.dir, '.gitignore'), '# Loom sessions are local state\n*\n');
  }

  async create(name: string, options: { forkedFrom?: string; copyTurnsFrom?: SessionState } = {}): Promise<SessionState> {
    const valid = validateName(name);
    const entries = await this.refresh();
    const taken = entries.find((entry) => entry.name.toLowerCase() === valid.toLowerCase());
    if (taken) {
      throw new LoomError('SESSION_NAME_TAKEN', `a session named "${taken.name}" already exists here (${taken.id})`, {
        hint: `choose another name, or resume it: loom session resume ${taken.id}`,
      });
    }
    this.ensureDir();
    let id = newId();
    while (this.existingLog(id) || entries.some((entry) => entry.id === id)) id = newId();
    const at = new Date(this.now()).toISOString();
    const records: SessionRecord[] = [
      { v: RECORD_VERSION, type: 'session', id, name: valid, createdAt: at, projectRoot: this.projectRoot, forkedFrom: options.forkedFrom ?? options.copyTurnsFrom?.id ?? null },
    ];
    const source = options.copyTurnsFrom;
    if (source) {
      for (const turn of source.turnRecords) records.push({ ...turn });
      for (const pin of source.pins) records.push({ v: RECORD_VERSION, type: 'pin', at, id: pin.id, text: pin.text });
    }
    // One write of a new file ('wx': never over another): the session exists whole or not at all.
    writeFileSync(this.logPath(id), serialize(records), { flag: 'wx' });
    await this.refresh();
    return this.read(id);
  }

  async append(id: string, records: SessionRecord[]): Promise<void> {
    if (records.length === 0) return;
    const log = this.existingLog(id);
    if (!log) throw notFound(id, this.projectRoot);
    try {
      // An append takes milliseconds. Waiting one stale period (plus a margin) is enough to take
      // over a dead holder's lock; a lock still fresh after that belongs to a stuck process, and
      // the records are spooled for the next append instead of waiting on it or being dropped.
      await withLock(this.lockPath(id), () => this.appendLocked(id, records), { ...this.lockOptions, waitMs: this.lockOptions.staleMs + 1_000 });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SESSION_LOCKED') throw error;
      spool(this.dir, id, records);
    }
  }

  /**
   * Under the lock: number the turns after the last one on disk (the seq a caller gave is
   * only a guess: two writers may both have read the same last turn), then ONE write.
   * A torn last line left by a crash gets a newline first, so it stays one skipped line.
   */
  private appendLocked(id: string, records: SessionRecord[]): void {
    // Re-resolved under the lock: an archive or purge may have moved it meanwhile.
    const log = this.existingLog(id);
    if (!log) throw notFound(id, this.projectRoot);
    const spooled = takeSpooled(this.dir, id);
    const all = [...spooled.records, ...records];
    const fd = openSync(log.path, 'a+');
    try {
      const stat = fstatSync(fd);
      const cached = this.tails.get(id);
      const tail = cached && cached.size === stat.size && cached.ino === stat.ino ? cached : scanTail(fd, stat.size, stat.ino);
      let seq = tail.lastSeq;
      for (const record of all) {
        if (record.type === 'turn') (record as TurnRecord).seq = ++seq;
      }
      const text = `${tail.endsWithNewline ? '' : '\n'}${serialize(all)}`;
      const buffer = Buffer.from(text, 'utf8');
      let written = 0;
      // One write(2) for any line of sane size; the loop only covers a short write (disk full).
      while (written < buffer.length) written += writeSync(fd, buffer, written, buffer.length - written);
      this.tails.set(id, { size: stat.size + buffer.length, ino: stat.ino, lastSeq: seq, endsWithNewline: true });
    } finally {
      closeSync(fd);
    }
    spooled.clear();
  }

  async read(idOrName: string): Promise<SessionState> {
    const summary = await this.resolve(idOrName);
    return this.readById(summary.id);
  }

  /**
   * Reads by exact id without consulting the index. A log read before by this store is
   * only read from where it stopped (logs are append-only; same inode, not smaller).
   */
  readById(id: string): SessionState {
    const log = this.existingLog(id);
    if (!log) throw notFound(id, this.projectRoot);
    const fd = openSync(log.path, 'r');
    let folder: StateFolder;
    let stat;
    try {
      stat = fstatSync(fd);
      const cached = this.states.get(id);
      folder = cached && cached.ino === stat.ino && cached.folder.bytes <= stat.size ? cached.folder : new StateFolder(id, this.projectRoot);
      folder.feed(readAt(fd, folder.bytes, stat.size));
    } finally {
      closeSync(fd);
    }
    this.states.set(id, { ino: stat.ino, folder });
    const { lastSeq: _lastSeq, ...state } = folder.snapshot(log.archived);
    if (!state.createdAt) state.createdAt = state.updatedAt = stat.mtime.toISOString();
    return state;
  }

  /** Resolves an exact id, an exact name, or an unambiguous id prefix, in this project. */
  async resolve(idOrName: string): Promise<SessionSummary> {
    const ref = validateReference(idOrName);
    const found = pick(ref, await this.list({ includeArchived: true }));
    if (found === undefined) throw notFound(ref, this.projectRoot);
    return found;
  }

  /**
   * Like resolve, then the user-level index: a session of another project is found too,
   * with `local: false` (its projectRoot says where it lives).
   */
  async locate(idOrName: string): Promise<ResolvedSession> {
    const ref = validateReference(idOrName);
    const local = pick(ref, await this.list({ includeArchived: true }));
    if (local) return { ...local, local: true };
    const elsewhere = pick(ref, this.userIndex.read().filter((s) => s.projectRoot !== this.projectRoot));
    if (elsewhere) return { ...elsewhere, local: false };
    throw new LoomError('SESSION_NOT_FOUND', `no session "${printable(ref)}" in ${this.projectRoot} or any other project loom knows`, {
      hint: 'run `loom session list --all-projects` to see every session',
    });
  }

  async list(options: { allProjects?: boolean; includeArchived?: boolean } = {}): Promise<SessionSummary[]> {
    const local = (await this.refresh()).map((entry) => summaryOf({ ...entry, projectRoot: this.projectRoot }, entry.archived));
    let all = local;
    if (options.allProjects) {
      const known = this.userIndex.read();
      const knownHere = new Set(known.filter((s) => s.projectRoot === this.projectRoot).map((s) => s.id));
      if (knownHere.size !== local.length || local.some((s) => !knownHere.has(s.id))) {
        // The user index lost this project's sessions (deleted, corrupt): put them back.
        await this.userIndex.replaceProject(this.projectRoot, local).catch(() => undefined);
      }
      const others = new Map<string, SessionSummary[]>();
      for (const summary of known) {
        if (summary.projectRoot === this.projectRoot) continue;
        others.set(summary.projectRoot, [...(others.get(summary.projectRoot) ?? []), summary]);
      }
      all = [...local];
      for (const [root, known] of others) {
        // A project still on disk is read fresh; one that moved or was deleted keeps what the index knew.
        const sessions = existsSync(join(root, '.loom', SESSIONS_DIR)) ? await this.forProject(root).list({ includeArchived: true }).catch(() => known) : known;
        all.push(...sessions);
      }
    }
    return listed(all, options.includeArchived);
  }

  async active(): Promise<string | undefined> {
    const id = readActiveId(this.dir);
    return id !== undefined && this.existingLog(id) ? id : undefined;
  }

  async setActive(id: string | undefined): Promise<void> {
    const file = join(this.dir, ACTIVE_FILE);
    if (id === undefined) {
      rmSync(file, { force: true });
      return;
    }
    if (!this.existingLog(id)) throw notFound(id, this.projectRoot);
    writeFileAtomic(file, `${id}\n`);
  }

  async archive(id: string): Promise<void> {
    await this.move(id, true);
  }

  async unarchive(id: string): Promise<void> {
    await this.move(id, false);
  }

  private async move(id: string, toArchive: boolean): Promise<void> {
    if (!this.existingLog(id)) throw notFound(id, this.projectRoot);
    await withLock(this.lockPath(id), () => {
      const log = this.existingLog(id);
      if (!log || log.archived === toArchive) return;
      makeDirectorySync(join(this.dir, ARCHIVE_DIR));
      renameSync(log.path, this.logPath(id, toArchive));
    }, this.lockOptions);
    this.tails.delete(id);
    await this.refresh();
  }

  /** Deletes a session's log for good. Only `cleanup --purge` calls this. */
  async purge(id: string): Promise<void> {
    if (!this.existingLog(id)) throw notFound(id, this.projectRoot);
    await withLock(this.lockPath(id), () => {
      const log = this.existingLog(id);
      if (log) rmSync(log.path, { force: true });
    }, this.lockOptions);
    this.tails.delete(id);
    this.states.delete(id);
    if ((await this.active()) === undefined) rmSync(join(this.dir, ACTIVE_FILE), { force: true });
    await this.refresh();
    await this.userIndex.remove(id);
  }

  /** Folds into the index what the logs gained since it was written; only a cache, so a failure leaves the fold to the next reader. */
  async refreshIndex(): Promise<void> {
    await this.refresh().catch(() => undefined);
  }

  async reindex(): Promise<SessionSummary[]> {
    const entries = await this.refresh({ rebuild: true });
    return entries.map((entry) => summaryOf({ ...entry, projectRoot: this.projectRoot }, entry.archived));
  }

  // ---------------------------------------------------------------- the index

  /**
   * Brings the index up to date with the logs: unchanged logs (same size and mtime) cost a
   * stat; grown ones are folded from where the index stopped; others, and every log when
   * the index is missing or corrupt, are folded whole. Silent: a repair needs no one's help.
   */
  private async refresh(options: { rebuild?: boolean } = {}): Promise<IndexEntry[]> {
    if (!existsSync(this.dir)) return [];
    const previous = options.rebuild ? undefined : readIndex(this.dir);
    let changed = previous === undefined;
    const next = new Map<string, IndexEntry>();
    for (const log of listLogs(this.dir)) {
      const old = previous?.get(log.id);
      if (old && isCurrent(old, log)) {
        next.set(log.id, old);
        continue;
      }
      changed = true;
      const grown = old && old.archived === log.archived && log.size > old.size && old.bytes <= log.size;
      next.set(log.id, grown ? foldFrom(log.path, { ...old }, log.size, log.mtimeMs) : foldFrom(log.path, { ...emptyFold(log.id, this.projectRoot), archived: log.archived, size: 0, mtimeMs: 0, bytes: 0 }, log.size, log.mtimeMs));
    }
    if (previous && [...previous.keys()].some((id) => !next.has(id))) changed = true;
    const entries = [...next.values()];
    if (changed) {
      try {
        writeFileAtomic(join(this.dir, INDEX_FILE), `${JSON.stringify({ v: 1, sessions: entries })}\n`);
      } catch {
        // A read-only project still lists its sessions; the index is only a cache.
      }
      await this.userIndex
        .replaceProject(this.projectRoot, entries.map((entry) => summaryOf({ ...entry, projectRoot: this.projectRoot }, entry.archived)))
        .catch(() => undefined);
    }
    return entries;
  }
}

/** Folds a log's bytes from `entry.bytes` to its end into `entry`. */
function foldFrom(path: string, entry: IndexEntry, size: number, mtimeMs: number): IndexEntry {
  // Only complete lines: a torn tail is left for when it is completed (or skipped).
  const { completeBytes } = forEachLine(readRange(path, entry.bytes, size), (line) => {
    const record = parseLine(line);
    if (record) foldSummary(entry, record);
    else if (line.trim().length > 0) entry.skippedLines++;
  });
  entry.bytes += completeBytes;
  entry.size = size;
  entry.mtimeMs = mtimeMs;
  if (!entry.createdAt) entry.createdAt = new Date(mtimeMs).toISOString();
  if (!entry.updatedAt) entry.updatedAt = entry.createdAt;
  return entry;
}

function readRange(path: string, from: number, to: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    return readAt(fd, from, to);
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, from: number, to: number): Buffer {
  const buffer = Buffer.allocUnsafe(Math.max(0, to - from));
  let read = 0;
  while (read < buffer.length) {
    const n = readSync(fd, buffer, read, buffer.length - read, from + read);
    if (n === 0) break;
    read += n;
  }
  return buffer.subarray(0, read);
}

/** Reads a log backwards from its end to the last turn (its seq) and whether it ends with a newline. */
function scanTail(fd: number, size: number, ino: number): Tail {
  if (size === 0) return { size, ino, lastSeq: -1, endsWithNewline: true };
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  const endsWithNewline = last[0] === 0x0a;
  const result = (lastSeq: number): Tail => ({ size, ino, lastSeq, endsWithNewline });
  // `pending` holds the bytes not yet looked at, from `pos`; lines split at newline bytes
  // (0x0a never occurs inside a UTF-8 sequence, so a chunk boundary cannot split a character wrongly).
  let pending = Buffer.alloc(0);
  let pos = size;
  let torn = !endsWithNewline;
  while (pos > 0) {
    const start = Math.max(0, pos - TAIL_CHUNK);
    const chunk = Buffer.alloc(pos - start);
    readSync(fd, chunk, 0, chunk.length, start);
    pos = start;
    pending = pending.length > 0 ? Buffer.concat([chunk, pending]) : chunk;
    if (torn) {
      // The fragment after the last newline is no record.
      const nl = pending.lastIndexOf(0x0a);
      if (nl < 0) continue;
      pending = pending.subarray(0, nl + 1);
      torn = false;
    }
    // `pending` ends with a newline; its first line is whole only when it starts the file.
    while (pending.length > 0) {
      const previous = pending.length >= 2 ? pending.lastIndexOf(0x0a, pending.length - 2) : -1;
      if (previous < 0 && pos > 0) break;
      const line = pending.subarray(previous + 1, pending.length - 1).toString('utf8');
      pending = pending.subarray(0, previous + 1);
      if (line.trim().length === 0) continue;
      const record = parseLine(line);
      if (record?.type === 'turn') return result(record.seq);
      if (record?.type === 'session') return result(-1);
    }
  }
  return result(-1);
}

/** Exact id, then exact name, then a case-insensitive name, then a unique id prefix. */
function pick(ref: string, sessions: SessionSummary[]): SessionSummary | undefined {
  const byId = sessions.find((s) => s.id === ref);
  if (byId) return byId;
  const byName = sessions.filter((s) => s.name === ref);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) throw ambiguous(ref, byName);
  const lower = ref.toLowerCase();
  const byLooseName = sessions.filter((s) => s.name.toLowerCase() === lower);
  if (byLooseName.length === 1) return byLooseName[0];
  if (byLooseName.length > 1) throw ambiguous(ref, byLooseName);
  const byPrefix = sessions.filter((s) => s.id.startsWith(lower));
  if (byPrefix.length === 1) return byPrefix[0];
  if (byPrefix.length > 1) throw ambiguous(ref, byPrefix);
  return undefined;
}

function ambiguous(ref: string, matches: SessionSummary[]): LoomError {
  const shown = matches.slice(0, 4).map((s) => `${s.id} (${s.name})`).join(', ');
  const more = matches.length > 4 ? ` and ${matches.length - 4} more` : '';
  return new LoomError('SESSION_AMBIGUOUS', `"${printable(ref)}" matches ${matches.length} sessions: ${shown}${more}`, {
    hint: 'type more characters of the id, or the full id',
  });
}

function notFound(ref: string, projectRoot: string): LoomError {
  return new LoomError('SESSION_NOT_FOUND', `no session "${printable(ref)}" in ${projectRoot}`, {
    hint: 'run `loom session list` (or `loom session list --all-projects`) to see ids and names',
  });
}

export function createSessionStore(options: SessionStoreOptions): FileSessionStore {
  return new FileSessionStore(options);
}
