import { createHash } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WalkResult } from './types.js';
import { makeDirectorySync } from '@loomkit/kernel/early';

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

let code: Promise<string> | undefined;

/** This package's modules (src under vitest, dist when built) and the versions of what computes with them. */
function codeVersion(): Promise<string> {
  code ??= (async () => {
    const hash = createHash('sha256');
    const base = fileURLToPath(new URL('.', import.meta.url));
    const names = (await readdir(base, { recursive: true })).filter((name) => /\.(?:js|ts)$/.test(name) && !name.endsWith('.d.ts')).sort();
    for (const name of names) hash.update(`${name}\0`).update(await readFile(join(base, name))).update('\0');
    const require = createRequire(import.meta.url);
    for (const dependency of ['@loomkit/llm/package.json', '@vscode/tree-sitter-wasm/package.json']) {
      hash.update(String((require(dependency) as { version?: unknown }).version)).update('\0');
    }
    return hash.digest('hex');
  })();
  return code;
}

/**
 * The key of an outcome over `walked` with `inputs` (settings, versions, question, churn…), or
 * undefined when some file has no stamp, or one recent enough to be racy at `startedAt`.
 */
export async function outcomeKey(walked: WalkResult, inputs: unknown, startedAt: number): Promise<string | undefined> {
  const hash = createHash('sha256').update(`${FORMAT}\0${await codeVersion()}\0`);
  hash.update(JSON.stringify([walked.root, walked.source, walked.excludes, walked.skipped, inputs]));
  for (const file of walked.files) {
    if (file.mtimeMs === undefined || file.ino === undefined || file.mtimeMs >= startedAt - RACY_MS) return undefined;
    hash.update(`\0${file.path}\0${file.size}:${file.mtimeMs}:${file.ino}`);
  }
  return hash.digest('hex');
}

/** The outcome stored under `key`, if the last one stored is. */
export async function readOutcome<T>(dir: string, key: string): Promise<T | undefined> {
  try {
    const stored = JSON.parse(await readFile(join(dir, FILE), 'utf8')) as { key?: unknown; value?: T };
    return stored.key === key ? stored.value : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `value` as the outcome under `key` (one a repository: the last run's). Best effort. */
export async function writeOutcome(dir: string, key: string, value: unknown): Promise<void> {
  try {
    makeDirectorySync(dir);
    const temporary = join(dir, `${FILE}.${process.pid}.tmp`);
    await writeFile(temporary, JSON.stringify({ key, value }));
    await rename(temporary, join(dir, FILE));
  } catch {
    // An unwritable cache folder costs the next run time, never this run.
  }
}
