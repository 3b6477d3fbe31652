import type { RepoPaths } from './repo-paths.js';

/**
 * `com.acme.Store` → the file ending `com/acme/Store.java`; `com.acme.*` → the files of the
 * folder ending `com/acme`; a static or nested-class import falls back to its outer class.
 */
export function resolveJava(specifier: string, _from: string, paths: RepoPaths): string[] {
  const segments = specifier.split('.');
  if (segments.at(-1) === '*') {
    segments.pop();
    const inPackage = paths.endingWith(segments.join('/')).flatMap((dir) => paths.filesIn(dir).filter((path) => path.endsWith('.java')));
    if (inPackage.length > 0) return inPackage;
  }
  for (let length = segments.length; length >= 2; length--) {
    const found = paths.endingWith(`${segments.slice(0, length).join('/')}.java`);
    if (found.length > 0) return found;
  }
  return [];
}
