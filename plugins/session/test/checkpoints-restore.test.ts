import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempProject, type TempProject } from '@loomkit/testkit';
import { simpleGit, type SimpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpointService } from '../src/checkpoints/index.js';
import type { CheckpointService } from '../src/checkpoints/types.js';
import { createSessionStore, type FileSessionStore } from '../src/store/index.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** The real session store, its user-level index in a temp folder outside the repository. */
function realStore(projectRoot: string): FileSessionStore {
  const dataDir = mkdtempSync(join(tmpdir(), 'loom-data-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return createSessionStore({ projectRoot, dataDir, now: () => Date.parse('2025-11-24T09:00:00Z') });
}

interface Setup {
  project: TempProject;
  git: SimpleGit;
  service: CheckpointService;
  store: FileSessionStore;
  sessionId: string;
  read(path: string): string | undefined;
  /** What the user's git state looks like: status, index, HEAD, stash. */
  gitState(): Promise<{ status: string; index: string; head: string; stash: string }>;
}

async function setUp(files: Record<string, string>, options: { git?: boolean } = {}): Promise<Setup> {
  const project = await createTempProject({ files, git: options.git ?? true });
  cleanups.push(() => project.remove());
  const git = simpleGit({ baseDir: project.root });
  const store = realStore(project.root);
  const session = await store.create('work');
  let clock = Date.parse('2025-11-24T10:00:00Z');
  const service = createCheckpointService({ store, git, now: () => (clock += 1000) });
  const read = (path: string) => (existsSync(join(project.root, path)) ? readFileSync(join(project.root, path), 'utf8') : undefined);
  const gitState = async () => ({
    status: await git.raw(['status', '--porcelain', '--untracked-files=all']),
    index: await git.raw(['ls-files', '--stage']),
    head: (await git.raw(['rev-parse', '--verify', '-q', 'HEAD'])).trim(),
    stash: await git.raw(['stash', 'list']),
  });
  return { project, git, service, store, sessionId: session.id, read, gitState };
}

const BASE = {
  'src/a.txt': 'A1\n',
  'src/b.txt': 'B1\n',
  'README.md': 'readme v1\n',
  '.gitignore': 'ignored.log\nbuild/\n',
};

describe('checkpoint', () => {
  it('captures tracked changes and untracked-not-ignored files without touching status, index, HEAD or stash', async () => {
    const s = await setUp(BASE);
    // A staged change, an unstaged change, an untracked file, an ignored file.
    s.project.write({ 'README.md': 'readme v2 (staged)\n' });
    await s.git.add('README.md');
    s.project.write({ 'src/a.txt': 'A1 edited\n', 'notes/todo.txt': 'untracked\n', 'ignored.log': 'secret log\n', 'build/out.js': 'built\n' });
    const before = await s.gitState();

    const checkpoint = await s.service.create(s.sessionId, 'before refactor');

    expect(await s.gitState()).toEqual(before);
    expect(checkpoint).toMatchObject({ type: 'checkpoint', id: '1', message: 'before refactor', auto: false, ref: `refs/loom/checkpoints/${s.sessionId}/1` });
    expect((await s.git.raw(['rev-parse', checkpoint.ref])).trim()).toBe(checkpoint.commit);
    const files = (await s.git.raw(['ls-tree', '-r', '--name-only', checkpoint.commit])).trim().split('\n');
    expect(files.sort()).toEqual(['.gitignore', 'README.md', 'notes/todo.txt', 'src/a.txt', 'src/b.txt']);
    expect(await s.git.raw(['show', `${checkpoint.commit}:src/a.txt`])).toBe('A1 edited\n');
    expect(await s.git.raw(['show', `${checkpoint.commit}:notes/todo.txt`])).toBe('untracked\n');
    // The parent is HEAD, like `git stash create`.
    expect((await s.git.raw(['rev-parse', `${checkpoint.commit}^`])).trim()).toBe(before.head);
    // Recorded through the store.
    expect(await s.service.list(s.sessionId)).toEqual([checkpoint]);
    expect((await s.store.read(s.sessionId)).checkpoints).toEqual([checkpoint]);
  });

  it('sees a same-size edit made in the same second as the index was written (racy git)', async () => {
    const s = await setUp(BASE);
    // Without ctime in the stat check, only git's racy-entry rule can notice the edit: deterministic.
    await s.git.addConfig('core.trustctime', 'false');
    const file = join(s.project.root, 'src/a.txt');
    const past = new Date(Math.floor(Date.now() / 1000 - 60) * 1000);
    utimesSync(file, past, past);
    await s.git.raw(['update-index', '--refresh']);
    // The index and the file now share one second; rewrite the file, same size, same mtime.
    utimesSync(join(s.project.root, '.git/index'), past, past);
    writeFileSync(file, 'A2\n');
    utimesSync(file, past, past);
    const checkpoint = await s.service.create(s.sessionId, 'racy');
    expect(await s.git.raw(['show', `${checkpoint.commit}:src/a.txt`])).toBe('A2\n');
  });

  it('numbers checkpoints per session and skips numbers another writer took', async () => {
    const s = await setUp(BASE);
    const first = await s.service.create(s.sessionId, 'one');
    // Another terminal created ref 2 without our store seeing it yet.
    await s.git.raw(['update-ref', `refs/loom/checkpoints/${s.sessionId}/2`, first.commit]);
    const next = await s.service.create(s.sessionId, 'two');
    expect(next.id).toBe('3');
    const other = await s.store.create('other');
    expect((await s.service.create(other.id, 'elsewhere')).id).toBe('1');
  });

  it('never captures nor restores Loom’s own state under .loom/', async () => {
    const s = await setUp(BASE);
    s.project.write({ '.loom/sessions/s1.jsonl': 'line 1\n' });
    const checkpoint = await s.service.create(s.sessionId, 'with state');
    const files = (await s.git.raw(['ls-tree', '-r', '--name-only', checkpoint.commit])).split('\n');
    expect(files.some((file) => file.startsWith('.loom/'))).toBe(false);
    s.project.write({ '.loom/sessions/s1.jsonl': 'line 1\nline 2\n' });
    await s.service.restore(s.sessionId, '1');
    expect(s.read('.loom/sessions/s1.jsonl')).toBe('line 1\nline 2\n');
  });
});

describe('restore', () => {
  it('brings back the exact contents after modifying, adding and deleting files; ignored files untouched', async () => {
    const s = await setUp(BASE);
    s.project.write({ 'notes/todo.txt': 'untracked v1\n', 'ignored.log': 'log v1\n' });
    const checkpoint = await s.service.create(s.sessionId, 'good state');
    const stateAtCheckpoint = await s.gitState();

    // Claude goes wild: modify a tracked file, add an untracked one, delete a tracked and an untracked one.
    s.project.write({ 'src/a.txt': 'A2 broken\n', 'src/new.ts': 'export {}\n', 'ignored.log': 'log v2\n' });
    unlinkSync(join(s.project.root, 'src/b.txt'));
    rmSync(join(s.project.root, 'notes'), { recursive: true });
    const headBefore = (await s.gitState()).head;

    const { restored, safety } = await s.service.restore(s.sessionId, checkpoint.id, { force: true });

    expect(restored).toEqual(checkpoint);
    expect(s.read('src/a.txt')).toBe('A1\n');
    expect(s.read('src/b.txt')).toBe('B1\n');
    expect(s.read('notes/todo.txt')).toBe('untracked v1\n');
    expect(s.read('src/new.ts')).toBeUndefined();
    expect(s.read('ignored.log')).toBe('log v2\n');
    // The user's index, HEAD and stash are as they were; status is back to the checkpoint's.
    expect(await s.gitState()).toEqual(stateAtCheckpoint);
    expect((await s.gitState()).head).toBe(headBefore);
    // The safety checkpoint holds the state the restore replaced.
    expect(safety).toMatchObject({ id: '2', auto: true, message: 'before restoring checkpoint 1' });
    expect(await s.git.raw(['show', `${safety.commit}:src/a.txt`])).toBe('A2 broken\n');
    expect(await s.git.raw(['show', `${safety.commit}:src/new.ts`])).toBe('export {}\n');
  });

  it('refuses on a dirty tree (CHECKPOINT_DIRTY_TREE), succeeds with force, and the safety checkpoint undoes it', async () => {
    const s = await setUp(BASE);
    await s.service.create(s.sessionId, 'clean');
    s.project.write({ 'src/a.txt': 'unsaved work\n', 'scratch.md': 'ideas\n' });

    await expect(s.service.restore(s.sessionId, '1')).rejects.toMatchObject({ code: 'CHECKPOINT_DIRTY_TREE', message: expect.stringContaining('scratch.md') });
    // Nothing happened: no files changed, no safety checkpoint taken.
    expect(s.read('src/a.txt')).toBe('unsaved work\n');
    expect(await s.service.list(s.sessionId)).toHaveLength(1);

    const { safety } = await s.service.restore(s.sessionId, '1', { force: true });
    expect(s.read('src/a.txt')).toBe('A1\n');
    expect(s.read('scratch.md')).toBeUndefined();

    // The tree now equals checkpoint 1, which is saved: undoing needs no --force.
    const undo = await s.service.restore(s.sessionId, safety.id);
    expect(undo.restored.id).toBe(safety.id);
    expect(s.read('src/a.txt')).toBe('unsaved work\n');
    expect(s.read('scratch.md')).toBe('ideas\n');
    expect((await s.service.list(s.sessionId)).map((c) => [c.id, c.auto])).toEqual([
      ['1', false],
      ['2', true],
      ['3', true],
    ]);
  });

  it('restores without --force when the tree is clean', async () => {
    const s = await setUp(BASE);
    s.project.write({ 'src/a.txt': 'A2\n' });
    await s.service.create(s.sessionId, 'edited');
    await s.git.raw(['checkout', '--', 'src/a.txt']);
    await s.service.restore(s.sessionId, 'latest');
    expect(s.read('src/a.txt')).toBe('A2\n');
  });

  it('refuses to overwrite an ignored file unless forced', async () => {
    const s = await setUp({ ...BASE, '.gitignore': '' });
    s.project.write({ 'cache.db': 'old\n' });
    await s.service.create(s.sessionId, 'with cache.db untracked');
    unlinkSync(join(s.project.root, 'cache.db'));
    s.project.write({ '.gitignore': 'cache.db\n', 'cache.db': 'precious\n' });
    await s.git.add('.gitignore');
    await s.git.commit('ignore cache');
    await expect(s.service.restore(s.sessionId, '1')).rejects.toMatchObject({ code: 'CHECKPOINT_DIRTY_TREE', message: expect.stringContaining('ignored files (cache.db)') });
    expect(s.read('cache.db')).toBe('precious\n');
  });

  it('previews the diff without changing anything', async () => {
    const s = await setUp(BASE);
    await s.service.create(s.sessionId, 'base');
    s.project.write({ 'src/a.txt': 'A2\n', 'src/new.ts': 'new\n' });
    unlinkSync(join(s.project.root, 'src/b.txt'));
    const before = await s.gitState();

    const preview = await s.service.preview(s.sessionId, '#1');

    expect(preview.checkpoint.id).toBe('1');
    expect(preview.files.sort()).toEqual(['src/a.txt', 'src/b.txt', 'src/new.ts']);
    // From the work tree to the checkpoint: what restoring would do.
    expect(preview.diff).toContain('-A2');
    expect(preview.diff).toContain('+A1');
    expect(preview.diff).toMatch(/deleted file mode[\s\S]*-new/);
    expect(preview.diff).toMatch(/new file mode[\s\S]*\+B1/);
    expect(await s.gitState()).toEqual(before);
    expect(s.read('src/a.txt')).toBe('A2\n');
    expect(await s.service.list(s.sessionId)).toHaveLength(1);
  });
});

describe('diff', () => {
  it('between two checkpoints, and from a checkpoint to the work tree', async () => {
    const s = await setUp(BASE);
    await s.service.create(s.sessionId, 'one');
    s.project.write({ 'src/a.txt': 'A2\n', 'untracked.txt': 'u\n' });
    const two = await s.service.create(s.sessionId, 'two');

    const between = await s.service.diff(s.sessionId, '1', '2');
    expect(between).toContain('diff --git a/src/a.txt b/src/a.txt');
    expect(between).toContain('-A1');
    expect(between).toContain('+A2');
    expect(between).toContain('+u');
    expect(await s.service.diff(s.sessionId, '2', '1')).toContain('-A2');
    expect(await s.service.diff(s.sessionId, two.commit.slice(0, 8))).toBe('');

    s.project.write({ 'src/a.txt': 'A3\n' });
    const toWorkTree = await s.service.diff(s.sessionId, '2');
    expect(toWorkTree).toContain('-A2');
    expect(toWorkTree).toContain('+A3');
  });

  it('names unknown checkpoints in one line', async () => {
    const s = await setUp(BASE);
    await expect(s.service.diff(s.sessionId, '1')).rejects.toMatchObject({ code: 'CHECKPOINT_NOT_FOUND', message: expect.stringContaining('no checkpoints yet') });
    await s.service.create(s.sessionId, 'one');
    await expect(s.service.restore(s.sessionId, '7')).rejects.toMatchObject({ code: 'CHECKPOINT_NOT_FOUND', message: 'no checkpoint "7" in session "work"' });
  });
});

describe('repositories without commits, or none at all', () => {
  it('checkpoints and restores in a repository with no commits yet (a parentless checkpoint)', async () => {
    const s = await setUp({ 'a.txt': 'first\n', '.gitignore': 'tmp/\n' }, { git: false });
    await s.git.init();
    s.project.write({ 'tmp/x': 'ignored\n' });
    const checkpoint = await s.service.create(s.sessionId, 'before the first commit');
    expect((await s.git.raw(['rev-list', '--parents', '-n', '1', checkpoint.commit])).trim()).toBe(checkpoint.commit);
    expect(await s.git.raw(['show', `${checkpoint.commit}:a.txt`])).toBe('first\n');
    expect((await s.gitState()).index).toBe('');

    s.project.write({ 'a.txt': 'second\n', 'b.txt': 'b\n' });
    await s.service.restore(s.sessionId, '1', { force: true });
    expect(s.read('a.txt')).toBe('first\n');
    expect(s.read('b.txt')).toBeUndefined();
    expect(s.read('tmp/x')).toBe('ignored\n');
  });

  it('says so in one line outside a repository', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'loom-norepo-')));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'f.txt'), 'x');
    const store = realStore(dir);
    const session = await store.create('w');
    const service = createCheckpointService({ store, git: simpleGit({ baseDir: join(dir, 'p') }), now: Date.now });
    await expect(service.create(session.id, 'x')).rejects.toMatchObject({ code: 'CHECKPOINT_NOT_A_REPO' });
  });
});
