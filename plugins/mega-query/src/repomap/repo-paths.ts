import { posix } from 'node:path';

/** The scanned paths, indexed for the lookups import resolution makes. */
export class RepoPaths {
  private readonly files: Set<string>;
  private readonly dirs = new Map<string, string[]>();
  // Last segment → files and directories of that name, for suffix lookups.
  private readonly byName = new Map<string, string[]>();

  /**
   * @param packages workspace package name → its folder ('' at the root), from the scanned
   * package.json files: bare imports of these are the repo's own code, not dependencies.
   */
  constructor(
    paths: Iterable<string>,
    readonly packages: ReadonlyMap<string, string> = new Map(),
  ) {
    this.files = new Set(paths);
    const seenDirs = new Set<string>();
    for (const path of this.files) {
      const dir = dirOf(path);
      this.listOf(this.dirs, dir).push(path);
      this.listOf(this.byName, posix.basename(path)).push(path);
      for (let ancestor = dir; ancestor !== '' && !seenDirs.has(ancestor); ancestor = dirOf(ancestor)) {
        seenDirs.add(ancestor);
        this.listOf(this.byName, posix.basename(ancestor)).push(ancestor);
      }
    }
  }

  private listOf(map: Map<string, string[]>, key: string): string[] {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    return list;
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** The first candidate that is a scanned file. */
  first(candidates: Iterable<string>): string | undefined {
    for (const candidate of candidates) if (this.files.has(candidate)) return candidate;
    return undefined;
  }

  /** Files directly inside `dir` ('' is the root). */
  filesIn(dir: string): string[] {
    return this.dirs.get(dir) ?? [];
  }

  /** Files and directories whose path is `suffix` or ends with `/suffix`. */
  endingWith(suffix: string): string[] {
    const candidates = this.byName.get(posix.basename(suffix)) ?? [];
    return candidates.filter((path) => path === suffix || path.endsWith(`/${suffix}`));
  }
}

/** `join` that stays inside the root: undefined when the path climbs out of it. */
export function joinInside(dir: string, relative: string): string | undefined {
  const joined = posix.normalize(posix.join(dir, relative));
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(joined)) return undefined;
  return joined === '.' ? '' : joined;
}

/** The directory of a path, '' at the root. */
export function dirOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}
