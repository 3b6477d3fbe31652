import type { RepoPaths } from './repo-paths.js';

const isPackageSource = (path: string): boolean => path.endsWith('.go') && !path.endsWith('_test.go');

/**
 * `github.com/acme/app/internal/store` → the .go files of the scanned directory the path ends
 * with (`internal/store`), longest suffix first. go.mod is not read, so the module prefix is
 * unknown; one-segment paths (`fmt`) are the standard library and never match.
 */
export function resolveGo(specifier: string, _from: string, paths: RepoPaths): string[] {
  const segments = specifier.split('/');
  for (let start = 0; start <= segments.length - 2; start++) {
    const suffix = segments.slice(start).join('/');
    const files = paths.endingWith(suffix).flatMap((dir) => paths.filesIn(dir).filter(isPackageSource));
    if (files.length > 0) return files;
  }
  return [];
}
