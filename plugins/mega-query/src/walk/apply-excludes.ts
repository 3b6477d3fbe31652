import type { SkippedFile } from '../types.js';
import type { ExcludeMatcher } from './excludes.js';

/**
 * Listed paths split into kept and excluded as they are listed, so the patterns are applied
 * while git is still listing. A path under an excluded folder is not listed on its own: the
 * folder is, once (`node_modules/`), as the filesystem walk does.
 */
export interface ExcludeSplit {
  /** Files one listing names, each once, in any order; true when `path` is kept. */
  add(path: string): boolean;
  readonly kept: string[];
  readonly skipped: SkippedFile[];
}

export function splitExcludes(matcher: ExcludeMatcher): ExcludeSplit {
  const kept: string[] = [];
  const skipped: SkippedFile[] = [];
  // No pattern in force excludes nothing: not a lookup a folder of each path.
  if (matcher.patterns.length === 0) {
    return {
      kept,
      skipped,
      add: (path) => {
        kept.push(path);
        return true;
      },
    };
  }
  // A folder is asked only once the folders above it are known kept, and a file once its folder
  // is: with patterns that match names alone, the last name decides.
  const { byName } = matcher;
  const folderRule = byName ? (folder: string) => byName(`${folder.slice(folder.lastIndexOf('/') + 1)}/`) : (folder: string) => matcher.dir(folder);
  const fileRule = byName ? (path: string) => byName(path.slice(path.lastIndexOf('/') + 1)) : (path: string) => matcher.file(path);
  // Folder → whether it or a folder above it is excluded. The matcher is asked once a folder, and
  // only when no folder above it is excluded.
  const folders = new Map<string, boolean>();
  const excluded = (folder: string): boolean => {
    let known = folders.get(folder);
    if (known !== undefined) return known;
    const cut = folder.lastIndexOf('/');
    known = cut !== -1 && excluded(folder.slice(0, cut));
    if (!known) {
      const pattern = folderRule(folder);
      known = pattern !== undefined;
      if (pattern !== undefined) skipped.push({ path: `${folder}/`, reason: 'excluded', detail: pattern });
    }
    folders.set(folder, known);
    return known;
  };
  // Listings come sorted, so a path's folder is mostly the previous path's: its verdict is kept.
  let lastFolder: string | undefined;
  let inExcluded = false;
  return {
    kept,
    skipped,
    add(path) {
      const folder = path.slice(0, Math.max(0, path.lastIndexOf('/')));
      if (folder !== lastFolder) {
        lastFolder = folder;
        inExcluded = folder !== '' && excluded(folder);
      }
      if (inExcluded) return false;
      const pattern = fileRule(path);
      if (pattern === undefined) kept.push(path);
      else skipped.push({ path, reason: 'excluded', detail: pattern });
      return pattern === undefined;
    },
  };
}
