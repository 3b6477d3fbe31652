// What `query mega`'s early answer needs to find an offline outcome again without a booted
// kernel: the command keeps it beside the outcome (`early.json`), under a digest of everything
// outside the repository's files that the booted kernel computed its inputs from — the CLI and
// Node versions, the config files and trust store (`configFingerprint`), HOME (the policy's `~`),
// the project, the secrets baseline (its fingerprints are part of the scanner's version) and the
// code that resolves config, prices models and judges files. Any of them changed, and the digest
// differs: the early answer declines and the command runs.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { configFingerprint, findProjectRoot, type EarlyContext } from '@loomkit/kernel/early';
import type { SecurityConfig } from '@loomkit/plugin-security';
import { writeKept } from '../kept-file.js';
import type { Replay } from '../service.js';

const FILE = 'early.json';
const FORMAT = 1;
/** The packages whose code decides an outcome key's inputs: config resolution, models and limits, rules and the injection model, this plugin. */
const PACKAGES = ['@loomkit/kernel', '@loomkit/llm', '@loomkit/plugin-security', '@loomkit/plugin-mega-query'];

export type Place = Pick<EarlyContext, 'cwd' | 'env' | 'dirs' | 'version'>;

export interface EarlyRecord {
  replay: Replay;
  /** The security policy's settings the walk judged files by. */
  policy: SecurityConfig['policy'];
  /** The secrets baseline file's absolute path (stamped in the digest). */
  baseline: string;
}

/** A file's size, mtime and inode, or '-' when it is not there. */
function stampOf(path: string): string {
  try {
    const stats = statSync(path);
    return `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
  } catch {
    return '-';
  }
}

/** Each package's manifest, bundle entry (rewritten by every build) and data files (read at run time), stamped. */
function codeStamps(): string[] {
  const require = createRequire(import.meta.url);
  return PACKAGES.flatMap((name) => {
    const dir = dirname(require.resolve(`${name}/package.json`));
    let data: string[] = [];
    try {
      data = readdirSync(join(dir, 'data')).sort().map((file) => join(dir, 'data', file));
    } catch {
      // no data folder
    }
    return [join(dir, 'package.json'), join(dir, 'dist', 'index.js'), ...data].map((file) => `${file}=${stampOf(file)}`);
  });
}

/** The digest of what the record's inputs were computed from, besides the repository's files. */
export function surroundingsKey(place: Place, baseline: string): string {
  const projectRoot = findProjectRoot(place.cwd);
  const parts = [FORMAT, place.version, process.version, configFingerprint({ projectRoot, dirs: place.dirs, version: place.version }), place.env.HOME ?? '', projectRoot, codeStamps(), `${baseline}=${stampOf(baseline)}`];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Keeps `record` for the early answer in `cacheDir` (the repository's), unless the same is kept. Best effort. */
export async function keepEarlyRecord(cacheDir: string, place: Place, record: EarlyRecord): Promise<void> {
  const key = surroundingsKey(place, record.baseline);
  const kept = await readFile(join(cacheDir, FILE), 'utf8').catch(() => undefined);
  if (kept !== JSON.stringify({ key, value: record })) await writeKept(cacheDir, FILE, key, record);
}

/** The record kept in `cacheDir`, when everything it was computed from is as it is now. */
export async function readEarlyRecord(cacheDir: string, place: Place): Promise<EarlyRecord | undefined> {
  try {
    const kept = JSON.parse(await readFile(join(cacheDir, FILE), 'utf8')) as { key?: unknown; value?: Partial<EarlyRecord> };
    const baseline = kept.value?.baseline;
    return typeof baseline === 'string' && kept.key === surroundingsKey(place, baseline) ? (kept.value as EarlyRecord) : undefined;
  } catch {
    return undefined;
  }
}
