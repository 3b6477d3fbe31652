import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface GitState {
  branch: string | null;
  head: string | null;
}

const NONE: GitState = { branch: null, head: null };

/**
 * The branch and HEAD commit, read from `.git` directly: recording a turn on every command
 * must not spawn git. Handles worktrees (`.git` file), loose and packed refs, detached HEAD.
 */
export function readGitState(projectRoot: string): GitState {
  try {
    const gitDir = findGitDir(projectRoot);
    if (!gitDir) return NONE;
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    const match = /^ref:\s*(\S+)$/.exec(head);
    if (!match) return { branch: null, head: /^[0-9a-f]{40,64}$/.test(head) ? head : null };
    const ref = match[1]!;
    const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
    return { branch, head: resolveRef(gitDir, ref) };
  } catch {
    return NONE;
  }
}

function findGitDir(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, '.git');
    if (existsSync(candidate)) {
      if (statSync(candidate).isDirectory()) return candidate;
      const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(candidate, 'utf8'));
      if (pointer) return isAbsolute(pointer[1]!.trim()) ? pointer[1]!.trim() : resolve(dir, pointer[1]!.trim());
      return undefined;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function resolveRef(gitDir: string, ref: string): string | null {
  // A worktree's own dir holds HEAD; branches live in the common dir.
  const commonFile = join(gitDir, 'commondir');
  const common = existsSync(commonFile) ? resolve(gitDir, readFileSync(commonFile, 'utf8').trim()) : gitDir;
  for (const dir of [gitDir, common]) {
    const loose = join(dir, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim() || null;
  }
  const packed = join(common, 'packed-refs');
  if (!existsSync(packed)) return null; // an unborn branch: no commit yet
  for (const line of readFileSync(packed, 'utf8').split('\n')) {
    const [sha, name] = line.trim().split(' ');
    if (name === ref && sha) return sha;
  }
  return null;
}
