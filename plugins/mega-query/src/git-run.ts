import { execFile } from 'node:child_process';

export interface GitRun {
  ok: boolean;
  stdout: string;
}

/**
 * One git command in `cwd`, its output whole, never rejecting: git not installed or exiting
 * non-zero is `ok: false`. A plain child process, not simple-git: the walk and the churn ask
 * git three things, and loading simple-git cost every run in a repository more than running them.
 */
export function runGit(cwd: string, args: string[]): Promise<GitRun> {
  return new Promise((resolve) => {
    try {
      // A large buffer: 30k paths are about 1.5 MB of output, and a long log of them more.
      execFile('git', args, { cwd, maxBuffer: 1 << 29, encoding: 'utf8', windowsHide: true }, (error, stdout) => resolve({ ok: error === null, stdout }));
    } catch {
      // A cwd that is a file fails the spawn itself (ENOTDIR), before any callback.
      resolve({ ok: false, stdout: '' });
    }
  });
}
