import { dirname, relative, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { StepResult } from '../types.js';
import { isWithin, makeDirectorySync } from '@loomkit/kernel/early';

/**
 * A `write:` step's file: inside the project, and allowed by the security policy when
 * it is installed (it denies credentials files even inside). Written atomically.
 */
export function createFileWriter(projectRoot: string, decidePath?: (path: string) => { allowed: boolean; reason: string }) {
  return async (path: string, content: string): Promise<StepResult> => {
    const target = resolve(projectRoot, path);
    const outside = !isWithin(projectRoot, target);
    const decision = outside ? { allowed: false, reason: `${path} is outside the project ${projectRoot}` } : (decidePath?.(target) ?? { allowed: true, reason: 'inside the project' });
    if (!decision.allowed) return { exitCode: 1, error: { code: 'CHAIN_WRITE_DENIED', message: decision.reason } };
    makeDirectorySync(dirname(target));
    await writeFileAtomic(target, content.endsWith('\n') ? content : `${content}\n`);
    return { exitCode: 0, output: { path: relative(projectRoot, target), bytes: Buffer.byteLength(content) } };
  };
}
