import { copyFile, mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { LoomError } from '@loomkit/kernel';
import { createRequire } from 'node:module';
import type { SimpleGit } from 'simple-git';

/** simple-git is loaded when a checkpoint needs it, not when the plugin loads (start-up cost). */
const simpleGit = (options: Partial<import('simple-git').SimpleGitOptions>): SimpleGit =>
  (createRequire(import.meta.url)('simple-git') as typeof import('simple-git')).simpleGit(options);

/** Loom's own state (`.loom/`, sessions included) is never captured nor restored. */
export const STATE_DIR_EXCLUDE = ':(exclude,glob)**/.loom/**';
const STATE_PATH = /(^|\/)\.loom(\/|$)/;
export const isStatePath = (path: string): boolean => STATE_PATH.test(path);

/** Environment variables we set for git ourselves; simple-git refuses other GIT_* ones. */
const OWN_ENV = ['GIT_INDEX_FILE', 'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_AUTHOR_DATE', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_COMMITTER_DATE'];
const GUARDED_ENV = /^(git_.*|editor|visual|pager|prefix|ssh_askpass)$/i;
const FALLBACK_IDENTITY = { name: 'Loom', email: 'loom@localhost' };
/** Paths per `checkout-index` call, well under any command-line limit. */
const ARGS_PER_CALL = 200;

/** One line of `git diff-tree -r --raw -z`. */
export interface TreeChange {
  srcMode: string;
  dstMode: string;
  /** A added, D deleted, M modified, T type changed. */
  status: string;
  path: string;
}

export const GITLINK = '160000';

/**
 * The repository a session's checkpoints live in, driven through simple-git at its top
 * level. Everything that stages goes through a temporary index (`GIT_INDEX_FILE`), so
 * the user's index, work tree, HEAD and stash are never touched by a snapshot.
 */
export class CheckpointRepo {
  private constructor(
    readonly top: string,
    private readonly git: SimpleGit,
    private readonly baseEnv: Record<string, string>,
  ) {}

  static async open(git: SimpleGit): Promise<CheckpointRepo> {
    let top: string;
    try {
      top = (await git.revparse(['--show-toplevel'])).trim();
    } catch {
      throw notARepo();
    }
    if (!top) throw notARepo();
    // simple-git strips ambient GIT_* variables (a hook's GIT_DIR would point elsewhere) and
    // refuses editor/pager ones given explicitly; we pass the rest of the environment on.
    const baseEnv = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !GUARDED_ENV.test(entry[0])));
    return new CheckpointRepo(top, simpleGit({ baseDir: top }), baseEnv);
  }

  raw(args: string[]): Promise<string> {
    return this.git.raw(args);
  }

  /** Runs `fn` with a git bound to a fresh temporary index (optionally seeded), then deletes it. */
  async withTempIndex<T>(fn: (git: SimpleGit, indexFile: string) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'loom-checkpoint-'));
    const indexFile = join(dir, 'index');
    try {
      const git = simpleGit({ baseDir: this.top, allowEnvironment: OWN_ENV }).env({ ...this.baseEnv, ...env, GIT_INDEX_FILE: indexFile });
      return await fn(git, indexFile);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async head(): Promise<string | undefined> {
    return (await this.raw(['rev-parse', '--verify', '-q', 'HEAD^{commit}'])).trim() || undefined;
  }

  async treeOf(rev: string): Promise<string | undefined> {
    return (await this.raw(['rev-parse', '--verify', '-q', `${rev}^{tree}`])).trim() || undefined;
  }

  async hasCommit(sha: string): Promise<boolean> {
    return (await this.raw(['rev-parse', '--verify', '-q', `${sha}^{commit}`])).trim() !== '';
  }

  /**
   * The work tree as a git tree object: tracked files as they are on disk, plus untracked
   * files that .gitignore does not exclude; never ignored files, never `.loom/`.
   * Starts from a copy of the user's index (its stat cache makes `add -A` fast).
   */
  async snapshotTree(): Promise<string> {
    const head = await this.head();
    const realIndex = await this.realIndexPath();
    return this.withTempIndex(async (git, indexFile) => {
      let seeded = false;
      try {
        const original = await stat(realIndex);
        await copyFile(realIndex, indexFile);
        // Racy-git: git trusts an entry's cached stat only if the file is older than the index
        // file. A fresh copy would look newer than a same-size edit made in the index's last
        // second; giving it the original's mtime (a second earlier, to be safe) keeps git's check.
        const mtime = new Date(original.mtimeMs - 1000);
        await utimes(indexFile, mtime, mtime);
        seeded = true;
      } catch {
        // No index yet (fresh repository) or unreadable: start from HEAD, or from nothing.
      }
      if (!seeded && head) await git.raw(['read-tree', head]);
      await git.raw(['add', '-A', '--', '.', STATE_DIR_EXCLUDE]);
      return (await git.raw(['write-tree'])).trim();
    });
  }

  /** The empty tree's id in this repository's hash. */
  async emptyTree(): Promise<string> {
    return this.withTempIndex(async (git) => (await git.raw(['write-tree'])).trim());
  }

  /** A commit of `tree` (parent: HEAD when there is one), signed by no one, dated by `at`. */
  async commitTree(tree: string, message: string, parent: string | undefined, at: number): Promise<string> {
    const date = `@${Math.floor(at / 1000)} +0000`;
    const env: Record<string, string> = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    const name = (await this.raw(['config', '--get', 'user.name'])).trim();
    const email = (await this.raw(['config', '--get', 'user.email'])).trim();
    if (!name) Object.assign(env, { GIT_AUTHOR_NAME: FALLBACK_IDENTITY.name, GIT_COMMITTER_NAME: FALLBACK_IDENTITY.name });
    if (!email) Object.assign(env, { GIT_AUTHOR_EMAIL: FALLBACK_IDENTITY.email, GIT_COMMITTER_EMAIL: FALLBACK_IDENTITY.email });
    const args = ['commit-tree', '--no-gpg-sign', ...(parent ? ['-p', parent] : []), '-m', message, tree];
    return this.withTempIndex(async (git) => (await git.raw(args)).trim(), env);
  }

  /** Creates `ref` at `commit`; false when the ref already exists (another writer took it). */
  async createRef(ref: string, commit: string, reason: string): Promise<boolean> {
    try {
      await this.raw(['update-ref', '-m', reason, ref, commit, '0'.repeat(commit.length)]);
      return true;
    } catch (error) {
      if (/already exists|cannot lock ref/i.test(String((error as Error).message))) return false;
      throw error;
    }
  }

  /** Deletes `ref` if it still points at `commit` (another writer's move is left alone). */
  async deleteRef(ref: string, commit: string): Promise<void> {
    await this.raw(['update-ref', '-d', ref, commit]);
  }

  /** Refs under `prefix` with the tree of the commit each points at. */
  async refs(prefix: string): Promise<Array<{ ref: string; commit: string; tree: string }>> {
    const out = await this.raw(['for-each-ref', '--format=%(objectname) %(tree) %(refname)', prefix]);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [commit = '', tree = '', ...ref] = line.split(' ');
        return { commit, tree, ref: ref.join(' ') };
      });
  }

  async changes(from: string, to: string): Promise<TreeChange[]> {
    const out = await this.raw(['diff-tree', '-r', '-z', '--raw', '--no-renames', from, to]);
    const parts = out.split('\0');
    const changes: TreeChange[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const [srcMode = '', dstMode = '', , , status = ''] = parts[i]!.replace(/^:/, '').split(' ');
      changes.push({ srcMode, dstMode, status: status.charAt(0), path: parts[i + 1]! });
    }
    return changes.filter((change) => !isStatePath(change.path));
  }

  async diffText(from: string, to: string): Promise<string> {
    return this.raw(['diff', '--no-color', '--no-ext-diff', '--no-renames', from, to, '--', '.', STATE_DIR_EXCLUDE]);
  }

  /** Writes `paths` of `tree` into the work tree (through a temporary index; the user's is untouched). */
  async checkoutPaths(tree: string, paths: string[]): Promise<void> {
    if (paths.length === 0) return;
    await this.withTempIndex(async (git) => {
      await git.raw(['read-tree', tree]);
      for (let i = 0; i < paths.length; i += ARGS_PER_CALL) {
        await git.raw(['checkout-index', '-f', '-q', '--', ...paths.slice(i, i + ARGS_PER_CALL)]);
      }
    });
  }

  private async realIndexPath(): Promise<string> {
    const path = (await this.raw(['rev-parse', '--git-path', 'index'])).trim();
    return isAbsolute(path) ? path : join(this.top, path);
  }
}

const notARepo = () =>
  new LoomError('CHECKPOINT_NOT_A_REPO', 'checkpoints need a git repository, and this project is not in one', {
    hint: 'run `git init` in the project root (a first commit is not required)',
  });
