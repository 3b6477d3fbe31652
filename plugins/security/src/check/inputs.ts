// What `security check` reads: files as given, folders as their text files, or standard input.
// Light (no kernel index, no oclif): the command and its early answer (../early) share it.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { collectBounded, readFileBounded } from '@loomkit/kernel/early';
import { LoomError } from '@loomkit/kernel/errors';
import { isBinaryContent, isBinaryPath } from '../secrets/binary.js';

/**
 * The most `security check` reads of one input. Files are read as streams, not by their claimed
 * size, so a pipe (`--file <(cmd)`) works, and this bound is what ends /dev/zero or a runaway pipe.
 */
export const MAX_CHECK_BYTES = 16 * 1024 * 1024;

const tooLarge = (source: string) =>
  new LoomError('CHECK_INPUT_TOO_LARGE', `${source} is larger than ${MAX_CHECK_BYTES / 1024 / 1024} MiB`, { hint: 'check a smaller file, or the part that matters (`--file -` reads standard input)' });

export async function readStdin(): Promise<string> {
  const bytes = await collectBounded(process.stdin, MAX_CHECK_BYTES);
  if (bytes === undefined) throw tooLarge('standard input');
  return bytes.toString('utf8');
}

/** Files as given, folders as their text files (no node_modules or .git), in order, once each; relative paths are read from `cwd` and named as given. */
export async function expand(paths: string[], cwd: string): Promise<string[]> {
  const out = new Set<string>();
  for (const path of paths) {
    const info = await stat(resolve(cwd, path)).catch((error: NodeJS.ErrnoException) => {
      throw new LoomError('CHECK_FILE_UNREADABLE', `cannot read ${path}: ${error.code ?? error.message}`, { hint: 'check the path and its permissions' });
    });
    if (!info.isDirectory()) {
      out.add(path);
      continue;
    }
    // Loaded for a folder only: one file named as such needs no globbing.
    const { glob } = await import('tinyglobby');
    for (const file of (await glob('**/*', { cwd: resolve(cwd, path), dot: true, ignore: ['**/node_modules/**', '**/.git/**'] })).sort()) if (!isBinaryPath(file)) out.add(`${path.replace(/\/$/, '')}/${file}`);
  }
  return [...out];
}

/** A file's text (a relative `path` read from `cwd`), or undefined when it is binary. */
export async function readText(path: string, cwd: string): Promise<string | undefined> {
  try {
    const bytes = await readFileBounded(resolve(cwd, path), MAX_CHECK_BYTES);
    if (bytes === undefined) throw tooLarge(path);
    return isBinaryContent(bytes) ? undefined : bytes.toString('utf8');
  } catch (error) {
    if (error instanceof LoomError) throw error;
    throw new LoomError('CHECK_FILE_UNREADABLE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { hint: 'check the path and its permissions' });
  }
}
