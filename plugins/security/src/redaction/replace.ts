import type { SecretFinding } from '../types.js';

// Apart from the redactor so a worker thread redacts without loading the kernel (detectors.ts).
export const placeholder = (finding: Pick<SecretFinding, 'ruleId' | 'secretHash'>) => `[REDACTED:${finding.ruleId}:${finding.secretHash}]`;

/**
 * Replaces the spans of non-overlapping findings, left to right. A secret spanning lines (a
 * PEM key) leaves its line breaks after the placeholder, so line numbers in the redacted text
 * are the original's: what Claude cites, and what a reader looks up, stay aligned.
 */
export function replaceFindings(text: string, findings: readonly SecretFinding[]): string {
  const ordered = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const finding of ordered) {
    if (finding.start < at) continue;
    const breaks = text.slice(finding.start, finding.end).split('\n').length - 1;
    out += text.slice(at, finding.start) + placeholder(finding) + '\n'.repeat(breaks);
    at = finding.end;
  }
  return out + text.slice(at);
}
