import { mayBeInGit } from '../git-presence.js';
import { runGit } from '../git-run.js';

/**
 * The files git would show for `root`, relative to it: tracked (even when a later .gitignore
 * matches them) plus untracked-but-not-ignored. `undefined` when git has nothing to say: no git,
 * not a work tree, or the root itself git-ignored (then git would list nothing of it at all).
 *
 * The tracked files are asked apart from the untracked ones and given to `onListed` as soon as
 * git names them: listing untracked files walks every folder against the ignore rules, which
 * on a big tree takes several times as long, and the caller stats the tracked ones meanwhile.
 * Paths given to `onListed` before an `undefined` answer are to be forgotten.
 */
export async function listGitFiles(root: string, onListed?: (path: string) => void): Promise<ReadonlySet<string> | undefined> {
  if (!mayBeInGit(root)) return undefined;
  const others = runGit(root, ['ls-files', '-z', '--others', '--exclude-standard']);
  const [tracked, ignored] = await Promise.all([runGit(root, ['ls-files', '-z', '--cached']), runGit(root, ['check-ignore', '-q', '--', '.'])]);
  if (!tracked.ok || ignored.ok) return undefined;
  const paths = new Set<string>();
  const add = (listing: string): void => {
    for (const path of listing.split('\0')) {
      // An untracked nested repository is listed as `dir/`: not a file.
      if (path === '' || path.endsWith('/') || paths.has(path)) continue;
      paths.add(path);
      onListed?.(path);
    }
  };
  add(tracked.stdout);
  const untracked = await others;
  if (!untracked.ok) return undefined;
  add(untracked.stdout);
  return paths;
}
