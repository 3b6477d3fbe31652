import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDirectorySync } from '@loomkit/kernel/early';

/**
 * One value a repository keeps in its cache folder under a key: the last one stored (a run's
 * outcome, the import graph). A key is a digest of every input the value derives from, so a
 * value is served only when the key matches.
 */

let code: string | undefined;

/**
 * This package's modules (src under vitest, dist when built) and the versions of what computes
 * with them. Read synchronously: a hundred small files awaited one by one were most of a warm
 * run's wall time on a small repository.
 */
export function codeVersion(): string {
  if (code !== undefined) return code;
  const hash = createHash('sha256');
  const base = fileURLToPath(new URL('.', import.meta.url));
  const names = codeFilesUnder(base).sort();
  for (const name of names) hash.update(`${name}\0`).update(readFileSync(join(base, name))).update('\0');
  const require = createRequire(import.meta.url);
  for (const dependency of ['@loomkit/llm/package.json', '@vscode/tree-sitter-wasm/package.json']) {
    hash.update(String((require(dependency) as { version?: unknown }).version)).update('\0');
  }
  return (code = hash.digest('hex'));
}

/**
 * The .js and .ts files (declarations aside) under `dir`, relative, by the entries' own types:
 * a recursive readdirSync stats every entry, source maps and declarations included.
 */
function codeFilesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = `${prefix}${entry.name}`;
    if (entry.isDirectory()) return codeFilesUnder(join(dir, entry.name), `${name}/`);
    return /\.(?:js|ts)$/.test(name) && !name.endsWith('.d.ts') ? [name] : [];
  });
}

/** The value kept in `file` under `key`, if the last one stored is. */
export async function readKept<T>(dir: string, file: string, key: string): Promise<T | undefined> {
  try {
    const stored = JSON.parse(await readFile(join(dir, file), 'utf8')) as { key?: unknown; value?: T };
    return stored.key === key ? stored.value : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `value` in `file` under `key`, replacing the one before (temp file + rename). Best effort. */
export async function writeKept(dir: string, file: string, key: string, value: unknown): Promise<void> {
  try {
    makeDirectorySync(dir);
    const temporary = join(dir, `${file}.${process.pid}.tmp`);
    await writeFile(temporary, JSON.stringify({ key, value }));
    await rename(temporary, join(dir, file));
  } catch {
    // An unwritable cache folder costs the next run time, never this run.
  }
}
