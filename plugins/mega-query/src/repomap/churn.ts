import { mayBeInGit } from '../git-presence.js';
import { runGit } from '../git-run.js';

/**
 * Git churn: for each file, how many of the last `commits` commits touching `root` changed it.
 * Paths are relative to `root`, also when root is a folder inside the work tree. No git, no
 * repository, no commits or `commits` ≤ 0: an empty map, since churn only ever sharpens a rank.
 */
export async function readChurn(root: string, commits: number): Promise<Map<string, number>> {
  const churn = new Map<string, number>();
  const window = Math.floor(commits);
  if (!(window > 0) || !mayBeInGit(root)) return churn;
  // -z: paths unquoted, whatever their characters; --relative + `.`: only this folder, paths from it.
  const log = await runGit(root, ['log', `-n${window}`, '-z', '--format=', '--name-only', '--no-renames', '--relative', '--', '.']);
  if (!log.ok) return churn;
  for (const path of log.stdout.split('\0')) {
    if (path !== '') churn.set(path, (churn.get(path) ?? 0) + 1);
  }
  return churn;
}
