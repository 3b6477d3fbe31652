import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { SessionConfig } from '../schema.js';

/**
 * The security policy's read check (`Policy.checkPath`): returns the path to read, or
 * throws POLICY_PATH_DENIED. The notes file goes into every call to Claude, so a link or
 * a setting that points it at ~/.ssh or /etc must stop the call, not leak the file.
 */
export type ReadCheck = (path: string) => string;

export const notesPath = (config: Pick<SessionConfig, 'notesFile'>, projectRoot: string) =>
  isAbsolute(config.notesFile) ? config.notesFile : join(projectRoot, config.notesFile);

/** The project notes, or undefined when there is no notes file (or it is not a readable file). */
export async function readNotes(config: Pick<SessionConfig, 'notesFile'>, projectRoot: string, checkRead: ReadCheck): Promise<string | undefined> {
  const file = notesPath(config, projectRoot);
  if (!existsSync(file)) return undefined;
  const allowed = checkRead(file);
  try {
    return await readFile(allowed, 'utf8');
  } catch {
    return undefined;
  }
}
