import { dirOf, type RepoPaths } from './repo-paths.js';

// Where absolute imports are commonly rooted besides the repository root.
const SOURCE_ROOTS = ['', 'src/', 'lib/', 'python/'];

function moduleFile(dir: string, segments: string[], paths: RepoPaths): string | undefined {
  const base = dir + segments.join('/');
  const init = base === dir ? `${dir}__init__` : `${base}/__init__`;
  return paths.first([`${base}.py`, `${init}.py`, `${base}.pyi`, `${init}.pyi`]);
}

/** `..a.b` from `p/q/r.py` → `p/a/b.py`; a missing last segment was a name in the package's `__init__`. */
function resolveRelative(specifier: string, from: string, paths: RepoPaths): string | undefined {
  const dots = /^\.+/.exec(specifier)?.[0].length ?? 0;
  let dir = dirOf(from);
  for (let level = 1; level < dots; level++) {
    if (dir === '') return undefined;
    dir = dirOf(dir);
  }
  const prefix = dir === '' ? '' : `${dir}/`;
  const segments = specifier.slice(dots).split('.').filter(Boolean);
  for (let length = segments.length; length >= 0; length--) {
    const found = moduleFile(prefix, segments.slice(0, length), paths);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Absolute module: from the root, common source roots, then the importer's own ancestors (nearest first). */
function resolveAbsolute(specifier: string, from: string, paths: RepoPaths): string | undefined {
  const segments = specifier.split('.');
  const roots = [...SOURCE_ROOTS];
  for (let dir = dirOf(from); dir !== ''; dir = dirOf(dir)) roots.push(`${dir}/`);
  for (const root of roots) {
    const found = moduleFile(root, segments, paths);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function resolvePython(specifier: string, from: string, paths: RepoPaths): string[] {
  const found = specifier.startsWith('.') ? resolveRelative(specifier, from, paths) : resolveAbsolute(specifier, from, paths);
  return found === undefined ? [] : [found];
}
