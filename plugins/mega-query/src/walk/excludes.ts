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

export function createExcludeMatcher(config: ExcludeConfig): ExcludeMatcher {
  const patterns = [...(config.defaultExcludes ? DEFAULT_EXCLUDES : []), ...config.exclude];
  const excludes = ignore().add(patterns);
  const includes = ignore().add([...config.include]);
  // An excluded folder is entered only when an include pattern names a path inside it
  // (`node_modules/mine/**`); like gitignore, `*.min.js` alone does not reopen node_modules.
  const reaching = config.include.filter((pattern) => !pattern.startsWith('#') && !pattern.startsWith('!')).map(literalPrefix).filter((prefix) => prefix !== '');
  const reachesInto = (dir: string): boolean => reaching.some((prefix) => prefix === dir || prefix.startsWith(`${dir}/`) || dir.startsWith(`${prefix}/`));

  // No pattern, nothing excluded: not a lookup a path (the ignore library caches each one it is asked).
  const ruleFor = (path: string): string | undefined => (patterns.length === 0 ? undefined : excludes.test(path).rule?.pattern);
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
