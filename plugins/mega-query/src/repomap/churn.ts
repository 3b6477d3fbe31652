import { mayBeInGit } from '../git-presence.js';
import { runGit } from '../git-run.js';
import { codeVersion, readKept, writeKept } from '../kept-file.js';

/** The last churn read, in the repository's cache folder. */
const FILE = 'churn.json';

/** Kept as one string of paths and their counts: as 16k [path, count] pairs it parsed three times slower. */
interface KeptChurn {
  /** The paths, each ended by a NUL. */
  paths: string;
  counts: number[];
}

/** What a churn read with a cache folder derives from (its key), by the map returned. */
const identities = new WeakMap<Map<string, number>, string>();

/**
 * The key `churn` was kept under (HEAD's commit, the window, the code, the folder), when readChurn had one:
 * it stands for the counts wherever they are part of a key, without listing 16k of them.
 */
export const churnIdentity = (churn: Map<string, number>): string | undefined => identities.get(churn);

/**
 * Git churn: for each file, how many of the last `commits` commits touching `root` changed it.
 * Paths are relative to `root`, also when root is a folder inside the work tree. No git, no
 * repository, no commits or `commits` ≤ 0: an empty map, since churn only ever sharpens a rank.
 *
 * With `cacheDir` (the root's own cache folder), the churn is kept under the commit HEAD names:
 * the log of a commit never changes, unless the clone is shallow (deepening it adds history,
 * so a shallow clone keeps nothing) or replace refs rewrite it (the log ignores them).
 */
export async function readChurn(root: string, commits: number, cacheDir?: string): Promise<Map<string, number>> {
  const churn = new Map<string, number>();
  const window = Math.floor(commits);
  if (!(window > 0) || !mayBeInGit(root)) return churn;
  const key = cacheDir === undefined ? undefined : await churnKey(root, window);
  if (key !== undefined) {
    const kept = await readKept<KeptChurn>(cacheDir!, FILE, key);
    if (kept !== undefined && typeof kept.paths === 'string' && Array.isArray(kept.counts)) {
      const paths = kept.paths.split('\0');
      for (const [index, count] of kept.counts.entries()) churn.set(paths[index]!, count);
      identities.set(churn, key);
      return churn;
    }
  }
  // -z: paths unquoted, whatever their characters; --relative + `.`: only this folder, paths from it.
  const log = await runGit(root, ['--no-replace-objects', 'log', `-n${window}`, '-z', '--format=', '--name-only', '--no-renames', '--relative', '--', '.']);
  if (!log.ok) return churn;
  for (const path of log.stdout.split('\0')) {
    if (path !== '') churn.set(path, (churn.get(path) ?? 0) + 1);
  }
  if (key !== undefined) {
    let paths = '';
    for (const path of churn.keys()) paths += `${path}\0`;
    await writeKept(cacheDir!, FILE, key, { paths, counts: [...churn.values()] } satisfies KeptChurn);
    identities.set(churn, key);
  }
  return churn;
}

/**
 * HEAD's commit with the window, the root (a folder of the work tree has churn of its own, with
 * paths from it, in the repository's one cache folder) and this code's version; undefined when
 * there is no commit or the clone is shallow.
 */
async function churnKey(root: string, window: number): Promise<string | undefined> {
  const head = await runGit(root, ['rev-parse', 'HEAD', '--is-shallow-repository']);
  const [commit, shallow] = head.stdout.trim().split('\n');
  return head.ok && shallow === 'false' ? `${commit}:${window}:${codeVersion()}:${root}` : undefined;
}
