import { isLoomError, LoomError } from '@loomkit/kernel';
import { errorCode, type WalkFs } from './fs.js';

/** The real path of the folder to walk, or a LoomError saying why it cannot be walked. */
export async function resolveRoot(root: string, fs: WalkFs): Promise<string> {
  try {
    const real = await fs.realpath(root);
    if (!(await fs.stat(real)).isDirectory()) {
      throw new LoomError('MEGA_NOT_A_DIRECTORY', `${root} is a file, not a folder`, { hint: 'give the folder that holds the code, e.g. `loom query mega .`' });
    }
    // Listing it proves it readable before anything else runs.
    await fs.readdir(real);
    return real;
  } catch (error) {
    if (isLoomError(error)) throw error;
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new LoomError('MEGA_PATH_NOT_FOUND', `${root} does not exist`, { hint: 'check the path; it is resolved from the current folder', cause: error });
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new LoomError('MEGA_PERMISSION_DENIED', `${root} cannot be read: permission denied`, { hint: 'run as a user who may read the folder, or pick another one', cause: error });
    }
    throw new LoomError('MEGA_UNREADABLE_ROOT', `${root} cannot be read (${code ?? 'unknown error'})`, { hint: 'check that the folder is reachable and readable', cause: error });
  }
}
