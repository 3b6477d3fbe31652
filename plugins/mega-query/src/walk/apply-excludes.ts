import type { SkippedFile } from '../types.js';
import type { ExcludeMatcher } from './excludes.js';

/**
 * Splits listed paths into kept and excluded. A path under an excluded folder is not listed on
 * its own: the folder is, once (`node_modules/`), as the filesystem walk does.
 */
export function applyExcludes(paths: readonly string[], matcher: ExcludeMatcher): { kept: string[]; skipped: SkippedFile[] } {
  // No pattern in force excludes nothing: not a lookup a folder of each path.
  if (matcher.patterns.length === 0) return { kept: [...paths], skipped: [] };
  const kept: string[] = [];
  const skipped: SkippedFile[] = [];
  // Folder → the pattern excluding it ('' when none), each folder checked once.
  const folders = new Map<string, string>();
  const excludedFolder = (path: string): string | undefined => {
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      const folder = path.slice(0, slash);
      let pattern = folders.get(folder);
      if (pattern === undefined) {
        pattern = matcher.dir(folder) ?? '';
        folders.set(folder, pattern);
        if (pattern !== '') skipped.push({ path: `${folder}/`, reason: 'excluded', detail: pattern });
      }
      if (pattern !== '') return folder;
    }
    return undefined;
  };
  for (const path of paths) {
    if (excludedFolder(path) !== undefined) continue;
    const pattern = matcher.file(path);
    if (pattern === undefined) kept.push(path);
    else skipped.push({ path, reason: 'excluded', detail: pattern });
  }
  return { kept, skipped };
}
