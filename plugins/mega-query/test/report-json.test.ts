import { describe, expect, it } from 'vitest';
import { reportJson, REPORT_JSON_VERSION } from '../src/report/report-json.js';
import { staticReport } from '../src/report/static-report.js';
import { analysisOf, finding, mapOf, plan, ranked, scanned, scanOf } from './report-fixtures.js';

const report = staticReport(
  scanOf([scanned('a.ts', { todos: 1, secrets: [{ ruleId: 'generic', severity: 'low', line: 1, preview: 'ab…yz' }] })], { skipped: [{ path: 'b.bin', reason: 'binary' }], excludes: ['*.lock'] }),
  mapOf({ ranked: [ranked('a.ts', { pagerank: 1, churn: 2 })] }),
);

describe('reportJson', () => {
  it('round-trips through JSON unchanged', () => {
    const json = reportJson({ report, plan: plan(), analysis: analysisOf([finding('x', { citations: [{ file: 'a.ts', startLine: 1, endLine: 2 }] })]) });
    expect(JSON.parse(JSON.stringify(json))).toStrictEqual(json);
  });

  it('carries a version, the whole static report, and no plan or analysis when there is none', () => {
    const json = reportJson({ report });
    expect(json.version).toBe(REPORT_JSON_VERSION);
    expect(json.report).toEqual(report);
    expect(Object.keys(json).sort()).toEqual(['report', 'version']);
  });

  it('carries the excludes and skipped examples whether or not verbose', () => {
    expect(reportJson({ report, verbose: false }).report.excludes).toEqual(['*.lock']);
    expect(reportJson({ report, verbose: false }).report.skipped.byReason[0]?.examples).toEqual([{ path: 'b.bin' }]);
  });

  it('adds the compression figure to the plan, null for an empty pack', () => {
    expect(reportJson({ report, plan: plan({ fullPackTokens: 50_000, compressedTokens: 10_000 }) }).plan).toMatchObject({ compressionPercent: 80, usd: { standard: 1.84 } });
    expect(reportJson({ report, plan: plan({ fullPackTokens: 0, compressedTokens: 0 }) }).plan?.compressionPercent).toBeNull();
  });

  it('orders findings critical first and leaves the input untouched', () => {
    const analysis = analysisOf([finding('low one', { severity: 'low' }), finding('critical one', { severity: 'critical' }), finding('info one', { severity: 'info' })]);
    const json = reportJson({ report, analysis });
    expect(json.analysis?.findings.map((item) => item.title)).toEqual(['critical one', 'low one', 'info one']);
    expect(analysis.findings[0]?.title).toBe('low one');
  });
});
