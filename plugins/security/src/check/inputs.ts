// What `security check` reads: files as given, folders as their text files, or standard input.
// Light (no kernel index, no oclif): the command and its early answer (../early) share it.
import { readFile, stat } from 'node:fs/promises';
import { LoomError } from '@loomkit/kernel/errors';
import { isBinaryContent, isBinaryPath } from '../secrets/binary.js';

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
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
    const bytes = await readFile(path);
    return isBinaryContent(bytes) ? undefined : bytes.toString('utf8');
  } catch (error) {
    throw new LoomError('CHECK_FILE_UNREADABLE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { hint: 'check the path and its permissions' });
  }
}
