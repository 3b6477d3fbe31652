import type { SkipReason } from '../types.js';
import { errorCode } from './fs.js';

/** Why a file (or folder) could not be read, from the error the file system gave. */
export function skipReasonOf(error: unknown): { reason: SkipReason; detail?: string } {
  const code = errorCode(error);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { reason: 'vanished' };
    case 'EACCES':
    case 'EPERM':
      return { reason: 'permission-denied' };
    case 'ELOOP':
      return { reason: 'symlink-loop' };
    case 'FILE_NOT_REGULAR':
      return { reason: 'unreadable', detail: 'not a regular file' };
    case 'FILE_TOO_LARGE':
      return { reason: 'too-large', detail: 'grew past the size cap since it was listed' };
    default:
      return { reason: 'unreadable', detail: code ?? (error instanceof Error ? error.message : String(error)) };
  }
}
