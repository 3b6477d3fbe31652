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
  /**
   * Present when every pattern matches names alone and nothing is included back: the pattern
   * that excludes a path whose folders are not excluded, from its last segment alone ('index.js',
   * or 'test/' for a folder). Each name is matched once: a repository repeats names far more
   * than paths (babel: 1.2k file names for 27.6k files).
   */
  readonly byName?: (name: string) => string | undefined;
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

/** A name's verdict: the pattern excluding it, or undefined. */
export type NameRules = Map<string, string | undefined>;

/** `ruleOfPath` asked once a name: `byName` holds the verdicts known, and gains the new ones. */
function namesOnce(ruleOfPath: (name: string) => string | undefined, byName: NameRules): (name: string) => string | undefined {
  return (name) => {
    if (byName.has(name)) return byName.get(name);
    const rule = ruleOfPath(name);
    byName.set(name, rule);
    return rule;
  };
}

/** With patterns that match names alone, `path` is excluded by its top-most excluded folder, else by its own name (as the ignore library walks up). */
function ruleByNames(path: string, byName: (name: string) => string | undefined): string | undefined {
  let start = 0;
  // Folders from the top ('a/', 'b/' of 'a/b/c' or of 'a/b/c/'), then the path's own name.
  for (let slash = path.indexOf('/'); slash !== -1 && slash < path.length - 1; slash = path.indexOf('/', start)) {
    const rule = byName(path.slice(start, slash + 1));
    if (rule !== undefined) return rule;
    start = slash + 1;
  }
  return byName(path.slice(start));
}

/** The exclude patterns in force, defaults first. */
export const excludePatterns = (config: ExcludeConfig): string[] => [...(config.defaultExcludes ? DEFAULT_EXCLUDES : []), ...config.exclude];

/**
 * `known`: the verdicts of names already matched against these same patterns (kept between runs
 * by the caller); the names this matcher matches are added to it. Only patterns that match
 * names alone use it.
 */
export function createExcludeMatcher(config: ExcludeConfig, known: NameRules = new Map()): ExcludeMatcher {
  const patterns = excludePatterns(config);
  const excludes = ignore().add(patterns);
  const includes = ignore().add([...config.include]);
  // An excluded folder is entered only when an include pattern names a path inside it
  // (`node_modules/mine/**`); like gitignore, `*.min.js` alone does not reopen node_modules.
  const reaching = config.include.filter((pattern) => !pattern.startsWith('#') && !pattern.startsWith('!')).map(literalPrefix).filter((prefix) => prefix !== '');
  const reachesInto = (dir: string): boolean => reaching.some((prefix) => prefix === dir || prefix.startsWith(`${dir}/`) || dir.startsWith(`${prefix}/`));

  const ruleOfPath = (path: string): string | undefined => excludes.test(path).rule?.pattern;
  const byName = patterns.length > 0 && config.include.length === 0 && patterns.every(matchesNamesOnly) ? namesOnce(ruleOfPath, known) : undefined;
  // No pattern, nothing excluded: not a lookup a path (the ignore library caches each one it is asked).
  const ruleFor = patterns.length === 0 ? () => undefined : byName ? (path: string) => ruleByNames(path, byName) : ruleOfPath;
  return {
    patterns,
    byName,
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
