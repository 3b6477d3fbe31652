import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderMarkdown } from '../src/report/render-markdown.js';
import { staticReport } from '../src/report/static-report.js';
import { analysisOf, finding, mapOf, scanned, scanOf } from './report-fixtures.js';

const report = staticReport(scanOf([scanned('src/a.ts')]), mapOf());

describe('renderMarkdown', () => {
  it('links each citation relative to the repository, with line anchors', () => {
    const citations = [
      { file: 'src/a.ts', startLine: 12, endLine: 30 },
      { file: 'lib/b.py', startLine: 3, endLine: 3 },
    ];
    const text = renderMarkdown({ report, analysis: analysisOf([finding('Unchecked input', { severity: 'high', citations })]) });
    expect(text).toContain('[src/a.ts:12-30](src/a.ts#L12-L30)');
    expect(text).toContain('[lib/b.py:3](lib/b.py#L3)');
  });

  it('percent-encodes a file name that could end the link early', () => {
    const citations = [{ file: 'docs/a (copy).md', startLine: 1, endLine: 2 }];
    const text = renderMarkdown({ report, analysis: analysisOf([finding('Odd name', { citations })]) });
    expect(text).toContain('](docs/a%20%28copy%29.md#L1-L2)');
  });

  it('groups findings under a heading per severity, with their counts', () => {
    const findings = [finding('One', { severity: 'high' }), finding('Two', { severity: 'critical' }), finding('Three', { severity: 'high' })];
    const text = renderMarkdown({ report, analysis: analysisOf(findings) });
    expect(text).toMatch(/^### Critical \(1\)\n\n- \*\*Two\*\*/m);
    expect(text).toMatch(/^### High \(2\)\n\n- \*\*One\*\*.*\n- \*\*Three\*\*/m);
  });

  it('keeps a table row whole when a file name holds a pipe or HTML', () => {
    const text = renderMarkdown({ report: staticReport(scanOf([scanned('a|b<script>.ts', { size: 7 })]), mapOf()) });
    const row = text.split('\n').find((line) => line.includes('a\\|b'));
    expect(row).toBe('| a\\|b\\<script\\>.ts | 7 B | 10 | 25 |');
    expect(text).toContain('| file | size | lines | tokens |\n| --- | ---: | ---: | ---: |');
    expect(text).not.toContain('<script>');
  });

  it('shows the analysis summary as paragraphs', () => {
    const text = renderMarkdown({ report, analysis: analysisOf([], { summary: 'First part.\n\nSecond part.' }) });
    expect(text).toContain('First part.\n\nSecond part.');
    expect(text).toContain('No findings.');
  });
});

describe('escapeMarkdown', () => {
  it('turns markup into literal text on one line', () => {
    expect(escapeMarkdown('[click](javascript:x) *bold* `code`\n# not a heading')).toBe('\\[click\\](javascript:x) \\*bold\\* \\`code\\` # not a heading');
    expect(escapeMarkdown('# heading')).toBe('\\# heading');
    expect(escapeMarkdown('a_b & <i>')).toBe('a\\_b \\& \\<i\\>');
  });
});
