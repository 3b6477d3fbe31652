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

/** Relative specifiers only: bare ones are packages, outside the repo. */
export function resolveEcmascript(specifier: string, from: string, paths: RepoPaths): string[] {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return [];
  const base = joinInside(dirOf(from), specifier);
  if (base === undefined) return [];
  const found = paths.first(candidates(base === '' ? 'index' : base));
  return found === undefined ? [] : [found];
}
