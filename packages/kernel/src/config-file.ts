import { dirname } from 'node:path';
import { makeDirectorySync } from './make-directory.js';

/** Writes a config file through temp file + rename, so a crash never leaves half a file. */
export async function writeConfigFile(file: string, values: Record<string, unknown>): Promise<void> {
  makeDirectorySync(dirname(file));
  // Imported here: every command reads config, only `config set` and `trust` write it.
  const { default: writeFileAtomic } = await import('write-file-atomic');
  await writeFileAtomic(file, `${JSON.stringify(values, null, 2)}\n`);
}
