import { dirOf, joinInside, type RepoPaths } from './repo-paths.js';

// What a compiled extension was written from: `./a.js` in TypeScript source means `a.ts`.
const SOURCES_OF: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};
const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mts', '.mjs', '.cts', '.cjs'];

function* candidates(base: string): Generator<string> {
  yield base;
  const extension = /\.[cm]?jsx?$/.exec(base)?.[0];
  const sources = extension ? SOURCES_OF[extension] : undefined;
  if (extension && sources) for (const source of sources) yield base.slice(0, -extension.length) + source;
  for (const added of EXTENSIONS) yield base + added;
  for (const added of EXTENSIONS) yield `${base}/index${added}`;
}

/** `@scope/name/sub` → name `@scope/name`, subpath `sub`; `name` → name, ''. */
function splitBare(specifier: string): { name: string; subpath: string } {
  const segments = specifier.split('/');
  const size = specifier.startsWith('@') ? 2 : 1;
  return { name: segments.slice(0, size).join('/'), subpath: segments.slice(size).join('/') };
}

/**
 * A workspace package's source for a bare import: its entry or subpath under `src/`, else at
 * the package root (what `main`/`exports` point to is built output, not scanned).
 */
function resolveWorkspace(specifier: string, paths: RepoPaths): string[] {
  const { name, subpath } = splitBare(specifier);
  const dir = paths.packages.get(name);
  if (dir === undefined) return [];
  const inside = (path: string) => (dir === '' ? path : `${dir}/${path}`);
  const wanted = subpath === '' ? ['src/index', 'index'] : [`src/${subpath}`, subpath];
  const found = paths.first(wanted.flatMap((base) => [...candidates(inside(base))]));
  return found === undefined ? [] : [found];
}

// What a specifier resolved to from a folder, for each set of paths: files of one folder import
// the same specifiers, and a relative one tries up to 23 candidate paths.
const resolvedIn = new WeakMap<RepoPaths, Map<string, string[]>>();

/** Relative specifiers, and bare ones naming a package of this repository; other bare ones are dependencies. */
export function resolveEcmascript(specifier: string, from: string, paths: RepoPaths): string[] {
  const bare = !specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..';
  const dir = bare ? '' : dirOf(from);
  let known = resolvedIn.get(paths);
  if (!known) resolvedIn.set(paths, (known = new Map()));
  const key = `${dir}\0${specifier}`;
  let targets = known.get(key);
  if (targets === undefined) known.set(key, (targets = bare ? resolveWorkspace(specifier, paths) : resolveRelative(specifier, dir, paths)));
  return targets;
}

function resolveRelative(specifier: string, dir: string, paths: RepoPaths): string[] {
  const base = joinInside(dir, specifier);
  if (base === undefined) return [];
  const found = paths.first(candidates(base === '' ? 'index' : base));
  return found === undefined ? [] : [found];
}
