import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Whether git could take `folder` for part of a repository: a `.git` in it or in a folder
 * above, a folder above holding a `HEAD` (a bare repository's git directory, or anything
 * that may be one), or GIT_DIR / GIT_WORK_TREE set. When there is none, git can only answer
 * "not a git repository": not asking spares its start (three processes a `query mega`).
 */
export function mayBeInGit(folder: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.GIT_DIR || env.GIT_WORK_TREE) return true;
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git')) || existsSync(join(dir, 'HEAD'))) return true;
    if (dirname(dir) === dir) return false;
  }
}
