import { describe, expect, it } from 'vitest';
import { renderTerminal, TERMINAL_LIMIT } from '../src/report/render-terminal.js';
import { staticReport } from '../src/report/static-report.js';
import type { FindingSeverity, MaskedSecret } from '../src/types.js';
import { analysisOf, finding, mapOf, plan, scanned, scanOf } from './report-fixtures.js';

const report = staticReport(scanOf([scanned('src/a.ts')]), mapOf());
const findingLines = (text: string) => text.split('\n').filter((line) => line.startsWith('  - Finding '));

describe('renderTerminal', () => {
  it(`lists at most ${TERMINAL_LIMIT} findings, the most severe, and says how many more the file formats hold`, () => {
    // 22 low findings first, then 3 critical: the critical ones must still be shown.
    const severities: FindingSeverity[] = [...Array<FindingSeverity>(22).fill('low'), 'critical', 'critical', 'critical'];
    const findings = severities.map((severity, index) => finding(`Finding ${index}`, { severity }));
    const text = renderTerminal({ report, analysis: analysisOf(findings) });
    const shown = findingLines(text);
    expect(shown).toHaveLength(10);
    expect(shown.slice(0, 3).map((line) => line.split(' ')[4])).toEqual(['22', '23', '24']);
    expect(text).toContain('15 more findings in --format md|html|json --out <file>.');
    expect(text).toContain('Findings (25)');
    expect(text).toContain('Low (22):');
  });

  it('lists every finding, with no "more" line, when there are few', () => {
    const findings = Array.from({ length: TERMINAL_LIMIT }, (_, index) => finding(`Finding ${index}`));
    const text = renderTerminal({ report, analysis: analysisOf(findings) });
    expect(findingLines(text)).toHaveLength(TERMINAL_LIMIT);
    expect(text).not.toMatch(/more finding/);
  });

  it('shows citations as path:lines', () => {
    const text = renderTerminal({ report, analysis: analysisOf([finding('Finding x', { citations: [{ file: 'src/a.ts', startLine: 4, endLine: 9 }] })]) });
    expect(findingLines(text)[0]).toMatch(/— src\/a\.ts:4-9$/);
  });

  it('caps the secrets table the same way', () => {
    const secrets: MaskedSecret[] = Array.from({ length: 12 }, (_, index) => ({ ruleId: 'generic', severity: 'medium', line: index + 1, preview: 'ab…yz' }));
    const text = renderTerminal({ report: staticReport(scanOf([scanned('keys.ts', { secrets })]), mapOf()) });
    expect(text.split('\n').filter((line) => line.startsWith('keys.ts:'))).toHaveLength(10);
    expect(text).toContain('2 more secrets in --format');
  });

  it('shows control characters in file names as visible escapes, so they cannot drive the terminal', () => {
    const text = renderTerminal({ report: staticReport(scanOf([scanned('evil\u001b[2J\u0007.ts')]), mapOf()) });
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
    expect(text).toContain('evil\\x1b[2J\\x07.ts');
  });

  it('puts each section under a heading, languages in a table', () => {
    const text = renderTerminal({ report: staticReport(scanOf([scanned('a.py', { language: 'python', lines: 321 })]), mapOf()) });
    expect(text).toMatch(/^Languages\n─{9}\nlanguage +files +lines +size +tokens/m);
    expect(text).toMatch(/^python +1 +321 /m);
  });

  it('shows the least time the run takes at the rate limits, rounded down, and nothing when the plan has none', () => {
    const row = (text: string) => text.split('\n').find((line) => line.includes('time at rate limits'));
    expect(row(renderTerminal({ report, plan: plan({ minutes: 12.8 }) }))).toMatch(/at least 12 min \(llm\.limits\)/);
    expect(row(renderTerminal({ report, plan: plan({ minutes: 0.47 }) }))).toMatch(/at least 0\.4 min/);
    expect(row(renderTerminal({ report, plan: plan() }))).toBeUndefined();
  });
});
