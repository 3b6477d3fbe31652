import { posix } from 'node:path';
import { dirOf, type RepoPaths } from './repo-paths.js';

const CRATE_ROOTS = ['lib.rs', 'main.rs'];
// Files whose submodules live beside them rather than in a folder named after them.
const OWNS_ITS_DIR = new Set(['mod.rs', ...CRATE_ROOTS]);

const prefixOf = (dir: string): string => (dir === '' ? '' : `${dir}/`);

/** The folder holding a module file's submodules: `a/b.rs` → `a/b`, `a/mod.rs` → `a`. */
function childrenDir(file: string): string {
  return OWNS_ITS_DIR.has(posix.basename(file)) ? dirOf(file) : file.slice(0, -'.rs'.length);
}

/** The file of the module whose submodules live in `dir`. */
function moduleFileOf(dir: string, paths: RepoPaths): string | undefined {
  return paths.first([`${dir}.rs`, `${prefixOf(dir)}mod.rs`, ...CRATE_ROOTS.map((root) => prefixOf(dir) + root)]);
}

/** The longest prefix of `segments` that names a module file under `dir`. */
function longestModule(dir: string, segments: string[], paths: RepoPaths): string | undefined {
  for (let length = segments.length; length > 0; length--) {
    const base = prefixOf(dir) + segments.slice(0, length).join('/');
    const found = paths.first([`${base}.rs`, `${base}/mod.rs`]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The crate's source folder: the nearest ancestor holding lib.rs or main.rs, or named `src`. */
function crateDir(from: string, paths: RepoPaths): string | undefined {
  for (let dir = dirOf(from); ; dir = dirOf(dir)) {
    if (posix.basename(dir) === 'src' || CRATE_ROOTS.some((root) => paths.has(prefixOf(dir) + root))) return dir;
    if (dir === '') return undefined;
  }
}

function resolvePath(specifier: string, from: string, paths: RepoPaths): string | undefined {
  const segments = specifier.split('::');
  const head = segments[0];
  if (head === 'crate') {
    const dir = crateDir(from, paths);
    return dir === undefined ? undefined : (longestModule(dir, segments.slice(1), paths) ?? moduleFileOf(dir, paths));
  }
  let dir = childrenDir(from);
  if (head === 'self' || head === 'super') {
    let rest = segments.slice(1);
    if (head === 'super') dir = dirOf(dir);
    while (rest[0] === 'super') [dir, rest] = [dirOf(dir), rest.slice(1)];
    return longestModule(dir, rest, paths) ?? moduleFileOf(dir, paths);
  }
  // Edition 2018 lets a path start at a module declared here; anything else is another crate.
  return longestModule(dir, segments, paths);
}

/** `mod x` → `x.rs` / `x/mod.rs` beside the file; `crate::`, `super::`, `self::` paths → their module's file. */
export function resolveRust(specifier: string, from: string, paths: RepoPaths): string[] {
  const found = specifier.startsWith('mod ')
    ? longestModule(childrenDir(from), [specifier.slice('mod '.length)], paths)
    : resolvePath(specifier, from, paths);
  return found === undefined || found === from ? [] : [found];
}
