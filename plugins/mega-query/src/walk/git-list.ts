import { execFile } from 'node:child_process';
import { mayBeInGit } from '../git-presence.js';

interface GitRun {
  ok: boolean;
  stdout: string;
}

function git(cwd: string, args: string[]): Promise<GitRun> {
  return new Promise((resolve) => {
    // A large buffer: 30k paths are about 1.5 MB of output.
    execFile('git', args, { cwd, maxBuffer: 1 << 29, encoding: 'utf8', windowsHide: true }, (error, stdout) => resolve({ ok: error === null, stdout }));
  });
}

/**
 * The files git would show for `root`, relative to it: tracked (even when a later .gitignore
 * matches them) plus untracked-but-not-ignored. `undefined` when git has nothing to say: no git,
 * not a work tree, or the root itself git-ignored (then git would list nothing of it at all).
 */
export async function listGitFiles(root: string): Promise<string[] | undefined> {
  if (!mayBeInGit(root)) return undefined;
  const [listing, ignored] = await Promise.all([git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']), git(root, ['check-ignore', '-q', '--', '.'])]);
  if (!listing.ok || ignored.ok) return undefined;
  const paths = new Set<string>();
  for (const path of listing.stdout.split('\0')) {
    // An untracked nested repository is listed as `dir/`: not a file.
    if (path !== '' && !path.endsWith('/')) paths.add(path);
  }
  return [...paths];
}
