import type { SecretFinding } from '@loomkit/plugin-security';

/** The security plugin's placeholder: same secret, same placeholder, and the scanner never flags it. */
export const placeholder = (finding: Pick<SecretFinding, 'ruleId' | 'secretHash'>): string => `[REDACTED:${finding.ruleId}:${finding.secretHash}]`;

/**
 * `text` with each secret replaced by its placeholder, left to right, overlapping findings
 * skipped. A secret spanning lines (a PEM key) keeps its line breaks after the placeholder, so
 * line numbers in the redacted text are the file's: symbols, chunks and citations stay aligned.
 */
export function redact(text: string, findings: readonly SecretFinding[]): { text: string; applied: SecretFinding[] } {
  if (findings.length === 0) return { text, applied: [] };
  const ordered = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const applied: SecretFinding[] = [];
  let out = '';
  let at = 0;
  for (const finding of ordered) {
    if (finding.start < at) continue;
    const breaks = text.slice(finding.start, finding.end).split('\n').length - 1;
    out += text.slice(at, finding.start) + placeholder(finding) + '\n'.repeat(breaks);
    at = finding.end;
    applied.push(finding);
  }
  return { text: out + text.slice(at), applied };
}
