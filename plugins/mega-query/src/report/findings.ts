import type { Citation, Finding, FindingSeverity } from '../types.js';
import { SEVERITIES, severityRank } from './severity.js';

/** Critical first; the model's order within a severity. */
export const bySeverity = (findings: readonly Finding[]): Finding[] => [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));

export function groupBySeverity(findings: readonly Finding[]): Array<{ severity: FindingSeverity; findings: Finding[] }> {
  return SEVERITIES.map((severity) => ({ severity, findings: findings.filter((finding) => finding.severity === severity) })).filter((group) => group.findings.length > 0);
}

const lines = (citation: Citation) => (citation.startLine === citation.endLine ? `${citation.startLine}` : `${citation.startLine}-${citation.endLine}`);

/** `src/a.ts:12-30`. */
export const citationLabel = (citation: Citation): string => `${citation.file}:${lines(citation)}`;

/**
 * A link relative to the report's folder (`src/a.ts#L12-L30`, GitHub's line anchors). Each path
 * segment is percent-encoded, parentheses too, so no file name can end the link or become a scheme.
 */
export function citationHref(citation: Citation): string {
  const path = citation.file
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[()!'*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
  const anchor = citation.startLine === citation.endLine ? `L${citation.startLine}` : `L${citation.startLine}-L${citation.endLine}`;
  return `${path}#${anchor}`;
}
