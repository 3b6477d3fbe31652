import { BINARY_SNIFF_BYTES } from '../secrets/binary.js';
import type { SecretFinding, SecretScanner } from '../types.js';
import type { ScanTarget } from './collect.js';

export interface ScanSummary {
  /** Text files scanned (binary and unreadable ones not counted). */
  files: number;
  findings: SecretFinding[];
  /** Files that could not be read (permissions, vanished), with why. */
  unreadable: Array<{ file: string; reason: string }>;
  /** Files skipped as binary, by name or content. */
  binary: string[];
}

export async function scanTargets(scanner: SecretScanner, targets: ScanTarget[], onProgress?: (done: number, total: number) => void): Promise<ScanSummary> {
  const findings: SecretFinding[] = [];
  const unreadable: ScanSummary['unreadable'] = [];
  const binary: string[] = [];
  let done = 0;
  for (const target of targets) {
    const skipped = () => binary.push(target.file);
    try {
      if (target.path !== undefined) findings.push(...(await scanner.scanFile(target.path, { file: target.file, onBinary: skipped })));
      else {
        const text = await target.staged();
        // The index's copy comes as text: a NUL early on is git's own sign of a binary.
        if (text.slice(0, BINARY_SNIFF_BYTES).includes('\0')) skipped();
        else findings.push(...scanner.scanText(text, { file: target.file }));
      }
    } catch (error) {
      unreadable.push({ file: target.file, reason: (error as Error).message });
    }
    done += 1;
    onProgress?.(done, targets.length);
  }
  return { files: targets.length - binary.length - unreadable.length, findings, unreadable, binary };
}
