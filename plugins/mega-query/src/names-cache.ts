import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readKept, writeKept } from './kept-file.js';
import { excludePatterns, type ExcludeConfig, type NameRules } from './walk/index.js';

/**
 * The exclude patterns' verdict on every file and folder name a repository's walks have met,
 * kept in its cache folder: a walk meets the same names run after run (babel: 9.3k names for
 * 27.6k files and 13k folders), and matching each against 75 patterns was the largest part of
 * applying them. A verdict is the ignore library's answer for the name, so it is kept under
 * the patterns and the library's version, all it derives from.
 */
const FILE = 'names.json';
const FORMAT = 1;

interface KeptNames {
  /** Names no pattern excludes. */
  kept: string[];
  /** Names and the pattern excluding them. */
  excluded: Array<[string, string]>;
}

export interface KeptNameRules {
  /** For the walk (WalkOptions.names): the verdicts kept, and the walk's new ones once it ends. */
  rules: NameRules;
  /** Keeps the verdicts when the walk met new names. Best effort. */
  save(): Promise<void>;
}

const ignoreVersion = (): string => String((createRequire(import.meta.url)('ignore/package.json') as { version?: unknown }).version);

/** The verdicts kept in `dir` for the patterns `config` puts in force (none when they changed). */
export async function openNameRules(dir: string, config: ExcludeConfig): Promise<KeptNameRules> {
  const key = createHash('sha256')
    .update(JSON.stringify([FORMAT, ignoreVersion(), excludePatterns(config)]))
    .digest('hex');
  const stored = await readKept<KeptNames>(dir, FILE, key);
  const rules: NameRules = new Map();
  if (stored !== undefined && Array.isArray(stored.kept) && Array.isArray(stored.excluded)) {
    for (const name of stored.kept) rules.set(name, undefined);
    for (const [name, pattern] of stored.excluded) rules.set(name, pattern);
  }
  const known = rules.size;
  return {
    rules,
    async save() {
      if (rules.size === known) return;
      const value: KeptNames = { kept: [], excluded: [] };
      for (const [name, pattern] of rules) {
        if (pattern === undefined) value.kept.push(name);
        else value.excluded.push([name, pattern]);
      }
      await writeKept(dir, FILE, key, value);
    },
  };
}
