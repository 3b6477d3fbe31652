import { join, normalize } from 'node:path';
import { climbsOut, LoomError } from '@loomkit/kernel';
import { replaceFindings, type InjectionGuard, type SecretScanner } from '@loomkit/plugin-security';
import type { ReadProtected } from '../types.js';
import { nodeFs, type WalkFs } from '../walk/fs.js';
import { readText } from './read.js';

export interface ProtectDeps {
  secrets: SecretScanner;
  injection: InjectionGuard;
  fs?: WalkFs;
  /** mega-query.maxFileBytes: what the scan read, Claude may read. */
  maxFileBytes?: number;
}

/**
 * Reads files of `root` as Claude may see them: secrets replaced by the redactor's placeholders
 * (line breaks kept, so line numbers are the file's), and fenced as data when the text scores as an injection.
 */
export function createReadProtected(root: string, deps: ProtectDeps): ReadProtected {
  const fs = deps.fs ?? nodeFs;
  return async (path) => {
    const relative = normalize(path);
    if (climbsOut(relative)) {
      throw new LoomError('MEGA_PATH_OUTSIDE', `${path} is outside ${root}`, { hint: 'read files by their path relative to the scanned folder' });
    }
    const read = await readText(join(root, relative), fs, deps.maxFileBytes);
    if (read.kind === 'skip') {
      throw new LoomError('MEGA_FILE_UNREADABLE', `${path} can no longer be read as text (${read.reason})`, { hint: 'run the scan again: the file changed since' });
    }
    const findings = deps.secrets.scanText(read.text, { file: path });
    const text = findings.length === 0 ? read.text : replaceFindings(read.text, findings);
    const fenced = deps.injection.score(text).verdict === 'injection';
    return { text: fenced ? deps.injection.fence(text, path) : text, redactions: findings.length, fenced };
  };
}
