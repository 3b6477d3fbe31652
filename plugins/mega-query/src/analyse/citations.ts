/**
 * Keeping Claude honest about where things are: a citation must name a scanned file and a
 * line range inside it; anything else is dropped and counted, and a finding left with no
 * citation is dropped with it (a claim with no evidence is not reported).
 */
import type { Citation, Finding, ScannedFile } from '../types.js';

export function isValidCitation(citation: Citation, files: Map<string, ScannedFile>): boolean {
  const file = files.get(citation.file);
  return file !== undefined && citation.startLine >= 1 && citation.startLine <= citation.endLine && citation.endLine <= file.lines;
}

export function validCitations(citations: Citation[], files: Map<string, ScannedFile>): { citations: Citation[]; dropped: number } {
  const kept = citations.filter((citation) => isValidCitation(citation, files));
  return { citations: kept, dropped: citations.length - kept.length };
}

export function validFindings(findings: Finding[], files: Map<string, ScannedFile>): { findings: Finding[]; dropped: number } {
  let dropped = 0;
  const kept: Finding[] = [];
  for (const finding of findings) {
    const checked = validCitations(finding.citations, files);
    dropped += checked.dropped;
    if (checked.citations.length > 0) kept.push({ ...finding, citations: checked.citations });
  }
  return { findings: kept, dropped };
}
