import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `mkdirSync(dir, { recursive: true })` for every folder Loom makes (their places are the user's to set). Node 20's own loops
 * forever (at full CPU) where mkdir answers ENOENT although the parent exists, as under
 * /proc; here each missing folder is made once, after its parent, and that ENOENT is thrown.
 */
export function makeDirectorySync(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error;
    makeDirectorySync(dirname(dir));
    mkdirSync(dir);
  }
}
