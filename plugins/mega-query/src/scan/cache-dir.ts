import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { findProjectRoot, PROJECT_STATE_DIR } from '@loomkit/kernel/early';

/**
 * Where the caches of a scanned folder live: with its repository (the folder `findProjectRoot`
 * gives for it), so a run from anywhere finds them. In the repository's `.loom/` when `loom init`
 * made one; otherwise in the user cache folder under a name derived from the repository's path,
 * so reading a repository never writes into it.
 */
export function cacheDirFor(root: string, userCacheDir: string): string {
  const repository = findProjectRoot(root);
  const state = join(repository, PROJECT_STATE_DIR);
  if (existsSync(state)) return join(state, 'cache', 'mega-query');
  const key = createHash('sha256').update(repository).digest('hex').slice(0, 12);
  return join(userCacheDir, 'mega-query', `${basename(repository) || 'root'}-${key}`);
}
