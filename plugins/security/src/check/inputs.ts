// What `security check` reads: files as given, folders as their text files, or standard input.
// Light (no kernel index, no oclif): the command and its early answer (../early) share it.
import { open, stat } from 'node:fs/promises';
import { LoomError } from '@loomkit/kernel/errors';
import { isBinaryContent, isBinaryPath } from '../secrets/binary.js';

/**
 * The most `security check` reads of one input. Files are read as streams, not by their claimed
 * size, so a pipe (`--file <(cmd)`) works, and this bound is what ends /dev/zero or a runaway pipe.
 */
export const MAX_CHECK_BYTES = 16 * 1024 * 1024;

const tooLarge = (source: string) =>
  new LoomError('CHECK_INPUT_TOO_LARGE', `${source} is larger than ${MAX_CHECK_BYTES / 1024 / 1024} MiB`, { hint: 'check a smaller file, or the part that matters (`--file -` reads standard input)' });

/** Every chunk of `chunks` until it ends, failing once they pass MAX_CHECK_BYTES. */
async function readBounded(chunks: AsyncIterable<Buffer>, source: string): Promise<Buffer> {
  const kept: Buffer[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > MAX_CHECK_BYTES) throw tooLarge(source);
    kept.push(chunk);
  }
  return Buffer.concat(kept, total);
}

export async function readStdin(): Promise<string> {
  return (await readBounded(process.stdin as AsyncIterable<Buffer>, 'standard input')).toString('utf8');
}

/** Files as given, folders as their text files (no node_modules or .git), in order, once each. */
export async function expand(paths: string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new LoomError('CHECK_FILE_UNREADABLE', `cannot read ${path}: ${error.code ?? error.message}`, { hint: 'check the path and its permissions' });
    });
    if (!info.isDirectory()) {
      out.add(path);
      continue;
    }
    // Loaded for a folder only: one file named as such needs no globbing.
    const { glob } = await import('tinyglobby');
    for (const file of (await glob('**/*', { cwd: path, dot: true, ignore: ['**/node_modules/**', '**/.git/**'] })).sort()) if (!isBinaryPath(file)) out.add(`${path.replace(/\/$/, '')}/${file}`);
  }
  return [...out];
}

/** A file's text, or undefined when it is binary. */
export async function readText(path: string): Promise<string | undefined> {
  try {
    const handle = await open(path, 'r');
    let bytes: Buffer;
    try {
      bytes = await readBounded(handle.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>, path);
    } finally {
      await handle.close();
    }
    return isBinaryContent(bytes) ? undefined : bytes.toString('utf8');
  } catch (error) {
    if (error instanceof LoomError) throw error;
    throw new LoomError('CHECK_FILE_UNREADABLE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { hint: 'check the path and its permissions' });
  }
}
