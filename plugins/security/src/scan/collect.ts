import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { isWithin, LoomError } from '@loomkit/kernel';
import type { SimpleGit } from 'simple-git';
import { glob } from 'tinyglobby';

/** One thing to scan: a file on disk, or (for --staged) the index's version of it. */
export type ScanTarget = { file: string; path: string; staged?: undefined } | { file: string; staged: () => Promise<string>; path?: undefined };

export interface CollectOptions {
  root: string;
  cwd: string;
  paths: string[];
  staged: boolean;
  git: SimpleGit | undefined;
}

const split0 = (text: string) => text.split('\0').filter(Boolean);

/**
 * What to scan. In a git repository: tracked and untracked-not-ignored files, as git
 * lists them (so .gitignore is honoured by git itself); --staged: the index's content
 * of what would be committed. Outside git: every file under the paths, minus
 * node_modules and .git.
 */
export async function collectTargets(options: CollectOptions): Promise<ScanTarget[]> {
  const { root, cwd, git } = options;
  const requested = options.paths.length > 0 ? options.paths : ['.'];
  const absolute = requested.map((path) => (isAbsolute(path) ? path : resolve(cwd, path)));
  for (const [index, path] of absolute.entries()) {
    if (options.staged) continue;
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) {
      throw new LoomError('SCAN_PATH_NOT_FOUND', `cannot read ${requested[index]}: no such file or folder`, { hint: 'check the path; relative paths start from the current folder' });
    }
    // A device or a pipe named as such would be scanned as nothing and reported clean.
    if (!info.isFile() && !info.isDirectory()) {
      throw new LoomError('SCAN_PATH_NOT_A_FILE', `cannot scan ${requested[index]}: not a file or a folder`, { hint: 'name files or folders; pipe text to `loom security check --file -` to check it' });
    }
  }
  const inRepo = git ? await git.checkIsRepo().catch(() => false) : false;
  if (options.staged) {
    if (!git || !inRepo) throw new LoomError('SCAN_NOT_A_REPO', '--staged needs a git repository', { hint: 'run it inside the repository, or drop --staged' });
    const relativePaths = absolute.map((path) => relative(root, path) || '.');
    const names = split0(await git.raw(['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR', '--', ...relativePaths]));
    return names.map((file) => ({ file, staged: () => git.raw(['show', `:${file}`]) }));
  }
  // Git lists what is inside the project's repository; a folder elsewhere (any cwd, any path) is walked.
  const inProject = git && inRepo ? absolute.filter((path) => isWithin(root, path)) : [];
  const elsewhere = absolute.filter((path) => !inProject.includes(path));
  const targets: ScanTarget[] = [];
  if (git && inProject.length > 0) {
    const relativePaths = inProject.map((path) => relative(root, path) || '.');
    const names = split0(await git.raw(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...relativePaths]));
    // A tracked file deleted from the work tree is listed but cannot be read: skip it.
    const present = await Promise.all(names.map((file) => stat(resolve(root, file)).then((s) => s.isFile(), () => false)));
    targets.push(...names.filter((_, index) => present[index]).map((file) => ({ file, path: resolve(root, file) })));
  }
  const files = new Set<string>();
  for (const path of elsewhere) {
    const info = await stat(path);
    if (info.isFile()) files.add(path);
    else for (const file of await glob('**/*', { cwd: path, absolute: true, dot: true, ignore: ['**/node_modules/**', '**/.git/**'] })) files.add(file);
  }
  // Named relative to the project when inside it, else to the current folder, else in full.
  const name = (path: string) => (isWithin(root, path) ? relative(root, path) : isWithin(cwd, path) ? relative(cwd, path) : path);
  targets.push(...[...files].sort().map((path) => ({ file: name(path), path })));
  return targets;
}
