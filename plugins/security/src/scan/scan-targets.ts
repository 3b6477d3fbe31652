import type { SecretFinding, SecretScanner } from '../types.js';
import type { ScanTarget } from './collect.js';

export interface ScanSummary {
  files: number;
  findings: SecretFinding[];
  /** Files that could not be read (permissions, vanished), with why. */
  unreadable: Array<{ file: string; reason: string }>;
}

export async function scanTargets(scanner: SecretScanner, targets: ScanTarget[], onProgress?: (done: number, total: number) => void): Promise<ScanSummary> {
  const findings: SecretFinding[] = [];
  const unreadable: ScanSummary['unreadable'] = [];
  let done = 0;
  for (const target of targets) {
    try {
      if (target.path !== undefined) findings.push(...(await scanner.scanFile(target.path, { file: target.file })));
      else findings.push(...scanner.scanText(await target.staged(), { file: target.file }));
    } catch (error) {
      unreadable.push({ file: target.file, reason: (error as Error).message });
    }
    done += 1;
    onProgress?.(done, targets.length);
  }
  return { files: targets.length, findings, unreadable };
}
