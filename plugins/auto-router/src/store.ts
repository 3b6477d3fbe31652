import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_THRESHOLDS, type Thresholds } from './types.js';
import { makeDirectorySync } from '@loomkit/kernel/early';

// What the router keeps in the user data dir: the thresholds `auto fit` tuned, and the
// requests Claude decided (offered to `auto fit` as labelled examples).
export const thresholdsPath = (dataDir: string) => join(dataDir, 'auto-router', 'thresholds.json');
export const decisionsPath = (dataDir: string) => join(dataDir, 'auto-router', 'claude-decisions.json');

export function readThresholds(dataDir: string): Thresholds {
  try {
    const stored = JSON.parse(readFileSync(thresholdsPath(dataDir), 'utf8')) as Partial<Thresholds>;
    const valid = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;
    if (valid(stored.run) && valid(stored.confirm) && valid(stored.choose)) return { run: stored.run, confirm: stored.confirm, choose: stored.choose };
  } catch {
    // Missing or unreadable: the defaults hold until `auto fit` writes a valid file.
  }
  return DEFAULT_THRESHOLDS;
}

/** Temp file + rename: a reader never sees half a file, two writers never mix theirs. */
export function writeFileAtomic(file: string, text: string): void {
  makeDirectorySync(dirname(file));
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Claude's past answers by request text: `command` is a route id or `none`. */
export type ClaudeDecisions = Record<string, { command: string; routes: string }>;

export function readDecisions(dataDir: string): ClaudeDecisions {
  const file = decisionsPath(dataDir);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ClaudeDecisions;
  } catch {
    return {};
  }
}
