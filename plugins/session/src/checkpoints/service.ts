import { lstat, rmdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LoomError } from '@loomkit/kernel';
import type { SimpleGit } from 'simple-git';
import { RECORD_VERSION, type CheckpointRecord } from '../schema.js';
import type { SessionState, SessionStore } from '../store/types.js';
import { CheckpointRepo, GITLINK, type TreeChange } from './git.js';
import type { CheckpointService } from './types.js';

export interface CheckpointDeps {
  store: SessionStore;
  /** simple-git bound to the project (the kernel's `CoreTokens.Git`); checkpoints cover its whole repository. */
  git: SimpleGit;
  now: () => number;
}

export const CHECKPOINT_REF_PREFIX = 'refs/loom/checkpoints';
const MAX_LISTED = 5;

/** A session id as one ref component (ids are short and safe already; names never get here). */
export function refComponent(sessionId: string): string {
  const safe = sessionId.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^-+/, '');
  return safe || 'session';
}

export function createCheckpointService(deps: CheckpointDeps): CheckpointService {
  let opened: Promise<CheckpointRepo> | undefined;
  const repo = () => {
    opened ??= CheckpointRepo.open(deps.git);
    // A failed open (not a repository yet) is retried on the next call, after `git init`.
    opened.catch(() => (opened = undefined));
    return opened;
  };
  const iso = () => new Date(deps.now()).toISOString();

  /** Commits `tree` as the session's next checkpoint, keeps it alive under a ref, and records it. */
  async function record(git: CheckpointRepo, state: SessionState, tree: string, message: string, auto: boolean): Promise<CheckpointRecord> {
    const prefix = `${CHECKPOINT_REF_PREFIX}/${refComponent(state.id)}/`;
    const taken = new Set<number>();
    for (const checkpoint of state.checkpoints) taken.add(Number(checkpoint.id));
    for (const { ref } of await git.refs(prefix)) taken.add(Number(ref.slice(prefix.length)));
    let n = Math.max(0, ...[...taken].filter(Number.isFinite)) + 1;
    const at = deps.now();
    const commit = await git.commitTree(tree, `loom checkpoint ${state.name} #${n}: ${message}`, await git.head(), at);
    // The zero old-value makes update-ref fail if another terminal took the number first.
    while (!(await git.createRef(`${prefix}${n}`, commit, `loom: checkpoint ${n}`))) n += 1;
    const checkpoint: CheckpointRecord = { v: RECORD_VERSION, type: 'checkpoint', id: String(n), at: new Date(at).toISOString(), message, ref: `${prefix}${n}`, commit, auto };
    await deps.store.append(state.id, [checkpoint]);
    return checkpoint;
  }

  async function find(git: CheckpointRepo, state: SessionState, key: string): Promise<CheckpointRecord> {
    const checkpoint = resolveCheckpoint(state, key);
    if (!(await git.hasCommit(checkpoint.commit))) {
      throw new LoomError('CHECKPOINT_MISSING', `checkpoint ${checkpoint.id} (${checkpoint.commit.slice(0, 12)}) is no longer in the repository`, {
        hint: `its ref ${checkpoint.ref} was deleted and the commit garbage-collected; pick another from \`loom session checkpoints\``,
      });
    }
    return checkpoint;
  }

  /** Paths with changes neither HEAD nor any Loom checkpoint holds: what a restore could lose. */
  async function unsaved(git: CheckpointRepo, current: string): Promise<string[]> {
    const base = (await git.treeOf('HEAD')) ?? (await git.emptyTree());
    if (current === base) return [];
    const saved = await git.refs(CHECKPOINT_REF_PREFIX);
    if (saved.some((entry) => entry.tree === current)) return [];
    return (await git.changes(base, current)).map((change) => change.path);
  }

  /** What restoring `key` would do: the work tree now (as a tree), the checkpoint's tree, and the paths between. */
  async function plan(git: CheckpointRepo, state: SessionState, key: string): Promise<{ checkpoint: CheckpointRecord; current: string; target: string; changes: TreeChange[] }> {
    const checkpoint = await find(git, state, key);
    const current = await git.snapshotTree();
    const target = (await git.treeOf(checkpoint.commit))!;
    return { checkpoint, current, target, changes: await git.changes(current, target) };
  }

  return {
    async create(sessionId, message, options = {}) {
      const git = await repo();
      const state = await deps.store.read(sessionId);
      const tree = await git.snapshotTree();
      return record(git, state, tree, message.trim() || `checkpoint at ${iso()}`, options.auto ?? false);
    },

    async list(sessionId) {
      return (await deps.store.read(sessionId)).checkpoints;
    },

    async orphans() {
      const git = await repo().catch(() => undefined);
      if (!git) return [];
      // Refs are per repository, sessions per project: a session of another project on this
      // machine is known (and its refs left alone) through the user-level index.
      const known = new Set((await deps.store.list({ allProjects: true, includeArchived: true })).map((session) => refComponent(session.id)));
      const recorded = new Map<string, Set<string>>();
      for (const session of await deps.store.list({ includeArchived: true })) {
        recorded.set(refComponent(session.id), new Set((await deps.store.read(session.id)).checkpoints.map((checkpoint) => checkpoint.ref)));
      }
      return (await git.refs(`${CHECKPOINT_REF_PREFIX}/`))
        .filter(({ ref }) => {
          const component = ref.slice(CHECKPOINT_REF_PREFIX.length + 1).split('/')[0]!;
          const refs = recorded.get(component);
          return !known.has(component) || (refs !== undefined && !refs.has(ref));
        })
        .map(({ ref, commit }) => ({ ref, commit }));
    },

    async removeRefs(refs) {
      if (refs.length === 0) return;
      const git = await repo();
      for (const { ref, commit } of refs) await git.deleteRef(ref, commit);
    },

    async preview(sessionId, key) {
      const git = await repo();
      const { checkpoint, current, target, changes } = await plan(git, await deps.store.read(sessionId), key);
      const diff = changes.length === 0 ? '' : await git.diffText(current, target);
      return { checkpoint, diff, files: changes.map((change) => change.path) };
    },

    async restore(sessionId, key, options = {}) {
      const git = await repo();
      const state = await deps.store.read(sessionId);
      const { checkpoint, current, changes, target } = await plan(git, state, key);

      const lost = await unsaved(git, current);
      if (lost.length > 0 && !options.force) {
        throw new LoomError('CHECKPOINT_DIRTY_TREE', `the work tree has uncommitted changes that no checkpoint holds (${listPaths(lost)}); restoring checkpoint ${checkpoint.id} would overwrite them`, {
          hint: `pass --force to restore anyway (they are saved first as an automatic checkpoint you can restore), or see what would change with \`loom session restore ${checkpoint.id} --preview\``,
        });
      }
      // Files the checkpoint would create over something now on disk that the snapshot does not hold: ignored files.
      const overwritten = await ignoredInTheWay(git.top, changes);
      if (overwritten.length > 0 && !options.force) {
        throw new LoomError('CHECKPOINT_DIRTY_TREE', `restoring checkpoint ${checkpoint.id} would overwrite ignored files (${listPaths(overwritten)}), which no checkpoint can save`, {
          hint: 'move them away first, or pass --force to overwrite them',
        });
      }

      const safety = await record(git, state, current, `before restoring checkpoint ${checkpoint.id}`, true);
      await apply(git, target, changes);
      return { restored: checkpoint, safety, files: changes.map((change) => change.path) };
    },

    async diff(sessionId, from, to) {
      const git = await repo();
      const state = await deps.store.read(sessionId);
      const a = await find(git, state, from);
      const b = to === undefined ? await git.snapshotTree() : (await find(git, state, to)).commit;
      return git.diffText(a.commit, b);
    },
  };
}

/**
 * A checkpoint by its number (`3` or `#3`), `latest`, or a unique prefix (4+ hex digits)
 * of its commit. One-line errors when none or several match.
 */
export function resolveCheckpoint(state: Pick<SessionState, 'name' | 'checkpoints'>, key: string): CheckpointRecord {
  const wanted = key.trim().replace(/^#/, '');
  const all = state.checkpoints;
  const hint = 'list them with `loom session checkpoints`';
  if (all.length === 0) throw new LoomError('CHECKPOINT_NOT_FOUND', `session "${state.name}" has no checkpoints yet`, { hint: 'take one with `loom session checkpoint -m "…"`' });
  if (wanted === 'latest' || wanted === 'last') return all.at(-1)!;
  const byId = all.find((checkpoint) => checkpoint.id === wanted);
  if (byId) return byId;
  if (/^[0-9a-f]{4,}$/i.test(wanted)) {
    const matches = all.filter((checkpoint) => checkpoint.commit.startsWith(wanted.toLowerCase()));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) throw new LoomError('CHECKPOINT_AMBIGUOUS', `"${key}" matches checkpoints ${matches.map((c) => c.id).join(', ')}`, { hint: 'use the checkpoint number, or more digits of its commit' });
  }
  throw new LoomError('CHECKPOINT_NOT_FOUND', `no checkpoint "${key}" in session "${state.name}"`, { hint });
}

/** Makes the work tree match `target`: writes what differs, deletes what it lacks (never ignored files, never submodules). */
async function apply(git: CheckpointRepo, target: string, changes: TreeChange[]): Promise<void> {
  const remove = changes.filter((change) => (change.status === 'D' || change.status === 'T') && change.srcMode !== GITLINK);
  const write = changes.filter((change) => change.status !== 'D' && change.dstMode !== GITLINK);
  for (const change of remove) await removeFile(git.top, change.path);
  await git.checkoutPaths(target, write.map((change) => change.path));
}

async function removeFile(top: string, path: string): Promise<void> {
  try {
    await unlink(join(top, path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Like git: folders left empty go too (never the top).
  for (let dir = dirname(path); dir !== '.' && dir !== '/' && dir !== ''; dir = dirname(dir)) {
    try {
      await rmdir(join(top, dir));
    } catch {
      break;
    }
  }
}

/** Paths the restore would create where something the snapshot does not hold (so: ignored) sits now. */
async function ignoredInTheWay(top: string, changes: TreeChange[]): Promise<string[]> {
  const emptied = new Set<string>();
  for (const change of changes) {
    if (change.status !== 'D') continue;
    for (let dir = dirname(change.path); dir !== '.'; dir = dirname(dir)) emptied.add(dir);
  }
  const found: string[] = [];
  for (const change of changes) {
    if (change.status !== 'A' || change.dstMode === GITLINK) continue;
    try {
      const stat = await lstat(join(top, change.path));
      // A folder whose tracked files the restore deletes (the checkpoint has a file there) is not in the way.
      if (!(stat.isDirectory() && emptied.has(change.path))) found.push(change.path);
    } catch {
      // Nothing there.
    }
  }
  return found;
}

function listPaths(paths: string[]): string {
  const shown = paths.slice(0, MAX_LISTED).join(', ');
  return paths.length > MAX_LISTED ? `${shown} and ${paths.length - MAX_LISTED} more` : shown;
}
