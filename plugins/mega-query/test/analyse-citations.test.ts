import { describe, expect, it } from 'vitest';
import { validCitations, validFindings } from '../src/analyse/citations.js';
import type { Finding } from '../src/types.js';
import { fakeRepo, plainFile } from './chunk-fixtures.js';

const files = fakeRepo([plainFile('src/a.ts', 10), plainFile('docs/b.md', 3)]).byPath;
const finding = (citations: Finding['citations']): Finding => ({ title: 't', severity: 'high', category: 'c', detail: 'd', citations });

describe('citation validation', () => {
  it('keeps a range inside a scanned file, its first and last line included', () => {
    const good = [
      { file: 'src/a.ts', startLine: 1, endLine: 10 },
      { file: 'src/a.ts', startLine: 4, endLine: 4 },
      { file: 'docs/b.md', startLine: 3, endLine: 3 },
    ];
    expect(validCitations(good, files)).toEqual({ citations: good, dropped: 0 });
  });

  it('drops unknown files, line 0, lines past the end and reversed ranges, and counts them', () => {
    const bad = [
      { file: 'src/missing.ts', startLine: 1, endLine: 1 },
      { file: 'src/a.ts', startLine: 0, endLine: 2 },
      { file: 'src/a.ts', startLine: 9, endLine: 11 },
      { file: 'docs/b.md', startLine: 3, endLine: 2 },
      { file: 'a.ts', startLine: 1, endLine: 1 },
    ];
    expect(validCitations(bad, files)).toEqual({ citations: [], dropped: 5 });
  });

  it('drops a finding left with no citation and keeps the valid citations of the others', () => {
    const kept = finding([{ file: 'src/a.ts', startLine: 2, endLine: 3 }, { file: 'x.ts', startLine: 1, endLine: 1 }]);
    const gone = finding([{ file: 'docs/b.md', startLine: 4, endLine: 4 }]);
    expect(validFindings([kept, gone], files)).toEqual({ findings: [{ ...kept, citations: [{ file: 'src/a.ts', startLine: 2, endLine: 3 }] }], dropped: 2 });
  });
});
