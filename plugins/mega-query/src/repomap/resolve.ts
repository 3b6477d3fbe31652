import type { RepoPaths } from './repo-paths.js';
import { resolveEcmascript } from './resolve-ecmascript.js';
import { resolveGo } from './resolve-go.js';
import { resolveJava } from './resolve-java.js';
import { resolvePython } from './resolve-python.js';
import { resolveRust } from './resolve-rust.js';

/** Scanned files an import specifier names; [] for anything outside the repository. */
export type Resolver = (specifier: string, from: string, paths: RepoPaths) => string[];

const RESOLVERS = new Map<string, Resolver>([
  ['typescript', resolveEcmascript],
  ['tsx', resolveEcmascript],
  ['javascript', resolveEcmascript],
  ['python', resolvePython],
  ['go', resolveGo],
  ['rust', resolveRust],
  ['java', resolveJava],
]);

export function resolverFor(language: string): Resolver | undefined {
  return RESOLVERS.get(language);
}
