import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { codeVersion, readKept, writeKept } from './kept-file.js';
import { churnIdentity } from './repomap/churn.js';
import type { WalkResult } from './types.js';

/**
 * The report and plan of the last offline `query mega` of a repository, by a digest of every
 * input they derive from: the walk (each file's path and stamp, what was skipped and why), the
 * versions of the code and of the rules, the settings, the question and git churn. An
 * unchanged repository asked the same thing again gets them without reading, parsing or
 * ranking anything. A file changed within RACY_MS of the run that stored the outcome could
 * change again within its clock tick unseen: such a run stores nothing (as stamps.ts).
 */
const FILE = 'outcome.json';
const FORMAT = 1;
const RACY_MS = 2_000;

/**
 * The key of an outcome over `walked` with `inputs` (settings, versions, question, churn…), or
 * undefined when some file has no stamp, or one recent enough to be racy at `startedAt`.
 */
export async function outcomeKey(walked: WalkResult, inputs: unknown, startedAt: number): Promise<string | undefined> {
  const hash = createHash('sha256').update(`${FORMAT}\0${codeVersion()}\0`);
  hash.update(JSON.stringify([walked.root, walked.source, walked.excludes, walked.skipped, inputs]));
  // The stamps go to the hash in pieces of about 64 KiB, not a call a file: the same bytes, the same digest.
  let piece = '';
  for (const file of walked.files) {
    if (file.mtimeMs === undefined || file.ino === undefined || file.mtimeMs >= startedAt - RACY_MS) return undefined;
    piece += `\0${file.path}\0${file.size}:${file.mtimeMs}:${file.ino}`;
    if (piece.length >= 1 << 16) {
      hash.update(piece);
      piece = '';
    }
  }
  return hash.update(piece).digest('hex');
}

/**
 * The key of an outcome over `walked` with `fixed` (settings, request, versions of the rules and
 * models: everything but the files and git's churn) and `churn`: churn kept under HEAD's commit
 * is named by that key, not listed count by count.
 */
export function outcomeKeyWith(walked: WalkResult, fixed: Record<string, unknown>, churn: Map<string, number>, startedAt: number): Promise<string | undefined> {
  const churned = churnIdentity(churn) ?? [...churn].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return outcomeKey(walked, { ...fixed, churn: churned }, startedAt);
}

/**
 * Whether any outcome is kept in `dir`. None (a first run) means nothing can be served, so the
 * run need not wait for git's churn, part of the key, before it scans.
 */
export const outcomeKept = (dir: string): boolean => existsSync(join(dir, FILE));

/** The outcome stored under `key`, if the last one stored is. */
export const readOutcome = <T>(dir: string, key: string): Promise<T | undefined> => readKept<T>(dir, FILE, key);

/** Keeps `value` as the outcome under `key` (one a repository: the last run's). Best effort. */
export const writeOutcome = (dir: string, key: string, value: unknown): Promise<void> => writeKept(dir, FILE, key, value);
