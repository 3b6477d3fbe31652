import ignore from 'ignore';
import { DEFAULT_EXCLUDES } from './default-excludes.js';

export interface ExcludeConfig {
  defaultExcludes: boolean;
  exclude: readonly string[];
  include: readonly string[];
}

export interface ExcludeMatcher {
  /** The exclude patterns in force, defaults first. */
  readonly patterns: string[];
  /** The pattern that excludes file `path` (POSIX, relative to the root), if one does and no include keeps it. */
  file(path: string): string | undefined;
  /** The pattern that excludes folder `path`, when nothing inside it can be included back: the walk need not enter it. */
  dir(path: string): string | undefined;
}

const GLOB = /[*?[\]{}!]/;

/**
 * The leading literal folders of an include pattern that names a path (`vendor/mine/**` →
 * `vendor/mine`), or '' when it names none (`*.min.js`, `**\/x`).
 */
function literalPrefix(pattern: string): string {
  const trimmed = pattern.replace(/^\//, '').replace(/\/$/, '');
  if (!trimmed.includes('/')) return '';
  const segments: string[] = [];
  for (const segment of trimmed.split('/')) {
    if (GLOB.test(segment)) break;
    segments.push(segment);
  }
  return segments.join('/');
}

/** A gitignore pattern that matches a path's last segment alone: no slash but a trailing one (or no pattern: blank, a comment). */
function matchesNamesOnly(pattern: string): boolean {
  return /^[^/]+\/?$/.test(pattern) || pattern.trim() === '' || pattern.startsWith('#');
}

/**
 * `ruleOfPath` asked once per distinct name: exact when every pattern matches names only, since
 * then a path is excluded by its top-most excluded folder, else by its own name (as the ignore
 * library walks up). A repository repeats names (`test/`, `index.js`) far more than paths.
 */
function rulesByName(ruleOfPath: (path: string) => string | undefined): (path: string) => string | undefined {
  const byName = new Map<string, string | undefined>();
  const ruleOfName = (name: string): string | undefined => {
    if (byName.has(name)) return byName.get(name);
    const rule = ruleOfPath(name);
    byName.set(name, rule);
    return rule;
  };
  // The top-most excluded folder of `folders` ('a/b/'), if any.
  const folderRule = (folders: string): string | undefined => {
    for (let start = 0, slash = folders.indexOf('/'); slash !== -1; start = slash + 1, slash = folders.indexOf('/', start)) {
      const rule = ruleOfName(folders.slice(start, slash + 1));
      if (rule !== undefined) return rule;
    }
    return undefined;
  };
  // Listings come sorted, so a path's folders are mostly the previous path's: their verdict is kept.
  let lastFolders = '';
  let lastRule: string | undefined;
  return (path) => {
    const cut = path.lastIndexOf('/', path.length - 2);
    const folders = path.slice(0, cut + 1);
    if (folders !== lastFolders) {
      lastFolders = folders;
      lastRule = folderRule(folders);
    }
    return lastRule ?? ruleOfName(path.slice(cut + 1));
  };
}

export function createExcludeMatcher(config: ExcludeConfig): ExcludeMatcher {
  const patterns = [...(config.defaultExcludes ? DEFAULT_EXCLUDES : []), ...config.exclude];
  const excludes = ignore().add(patterns);
  const includes = ignore().add([...config.include]);
  // An excluded folder is entered only when an include pattern names a path inside it
  // (`node_modules/mine/**`); like gitignore, `*.min.js` alone does not reopen node_modules.
  const reaching = config.include.filter((pattern) => !pattern.startsWith('#') && !pattern.startsWith('!')).map(literalPrefix).filter((prefix) => prefix !== '');
  const reachesInto = (dir: string): boolean => reaching.some((prefix) => prefix === dir || prefix.startsWith(`${dir}/`) || dir.startsWith(`${prefix}/`));

  const ruleOfPath = (path: string): string | undefined => excludes.test(path).rule?.pattern;
  // No pattern, nothing excluded: not a lookup a path (the ignore library caches each one it is asked).
  const ruleFor = patterns.length === 0 ? () => undefined : config.include.length === 0 && patterns.every(matchesNamesOnly) ? rulesByName(ruleOfPath) : ruleOfPath;
  return {
    patterns,
    file(path) {
      const rule = ruleFor(path);
      return rule === undefined || includes.ignores(path) ? undefined : rule;
    },
    dir(path) {
      const rule = ruleFor(`${path}/`);
      return rule === undefined || includes.ignores(`${path}/`) || reachesInto(path) ? undefined : rule;
    },
  };
}
