import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { SkippedFile } from '../types.js';
import { forEachConcurrent } from './concurrency.js';
import type { ExcludeMatcher } from './excludes.js';
import type { WalkFs } from './fs.js';
import { skipReasonOf } from './skip-reason.js';

/** The .gitignore rules of one folder, for paths below it. */
interface Rules {
  base: string;
  ignore: Ignore;
}

interface Folder {
  path: string;
  rules: Rules[];
}

export interface FsListing {
  /** Files and symlinks found (POSIX, relative to the root), not yet checked against file excludes. */
  paths: string[];
  skipped: SkippedFile[];
}

const READDIR_CONCURRENCY = 16;
const child = (parent: string, name: string): string => (parent === '' ? name : `${parent}/${name}`);

/** Like git: rules are read from the top down and the last one that matches decides. */
function gitIgnored(rules: readonly Rules[], path: string): boolean {
  let ignored = false;
  for (const { base, ignore: rule } of rules) {
    const result = rule.test(base === '' ? path : path.slice(base.length + 1));
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

async function readRules(fs: WalkFs, root: string, folder: string, entries: Dirent[]): Promise<Rules | undefined> {
  if (!entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) return undefined;
  try {
    return { base: folder, ignore: ignore().add((await fs.readFile(join(root, folder, '.gitignore'))).toString('utf8')) };
  } catch {
    // An unreadable .gitignore ignores nothing, as with git.
    return undefined;
  }
}

/**
 * A gitignore-aware walk of `root` outside git: nested .gitignore files apply to their folder,
 * excluded folders are recorded once and not entered, and symlinks are listed, not followed.
 */
export async function listFilesystem(
  root: string,
  matcher: ExcludeMatcher,
  fs: WalkFs,
  onFound: (count: number) => void,
  signal?: AbortSignal,
  onListed?: (path: string) => void,
): Promise<FsListing> {
  const paths: string[] = [];
  const skipped: SkippedFile[] = [];
  let level: Folder[] = [{ path: '', rules: [] }];
  while (level.length > 0) {
    const next: Folder[] = [];
    await forEachConcurrent(
      level,
      READDIR_CONCURRENCY,
      async (folder) => {
        let entries: Dirent[];
        try {
          entries = await fs.readdir(join(root, folder.path));
        } catch (error) {
          skipped.push({ path: `${folder.path}/`, ...skipReasonOf(error) });
          return;
        }
        const own = await readRules(fs, root, folder.path, entries);
        const rules = own === undefined ? folder.rules : [...folder.rules, own];
        for (const entry of entries) {
          const path = child(folder.path, entry.name);
          if (entry.isDirectory()) {
            if (gitIgnored(rules, `${path}/`)) continue;
            const pattern = matcher.dir(path);
            if (pattern === undefined) next.push({ path, rules });
            else skipped.push({ path: `${path}/`, reason: 'excluded', detail: pattern });
          } else if ((entry.isFile() || entry.isSymbolicLink()) && !gitIgnored(rules, path)) {
            paths.push(path);
            onListed?.(path);
          }
        }
        onFound(paths.length);
      },
      signal,
    );
    level = next;
  }
  return { paths, skipped };
}
