import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../src/report/render-html.js';
import { staticReport } from '../src/report/static-report.js';
import { analysisOf, finding, mapOf, plan, ranked, scanned, scanOf } from './report-fixtures.js';

const SCRIPT = '<script>alert(1)</script>';

describe('renderHtml', () => {
  const hostile = `src/${SCRIPT}.ts`;
  const files = [
    scanned(hostile, { todos: 2, secrets: [{ ruleId: `rule${SCRIPT}`, severity: 'high', line: 1, preview: `ab…${SCRIPT}` }], injection: { score: 0.9, verdict: 'injection' } }),
    scanned('src/"quoted".ts'),
  ];
  const map = mapOf({ ranked: [ranked(hostile, { pagerank: 0.5, churn: 2 })], edges: [[hostile, 'src/"quoted".ts']], hubs: [{ path: hostile, importers: 1 }], cycles: [[hostile, 'src/"quoted".ts']] });
  const report = staticReport(scanOf(files, { skipped: [{ path: `skip${SCRIPT}`, reason: 'binary' }], excludes: [SCRIPT] }), map);
  const analysis = analysisOf(
    [
      finding(`title ${SCRIPT}`, {
        severity: 'critical',
        category: `cat${SCRIPT}`,
        detail: `detail ${SCRIPT}`,
        citations: [
          { file: hostile, startLine: 12, endLine: 30 },
          { file: 'src/"quoted".ts', startLine: 1, endLine: 1 },
        ],
      }),
    ],
    { summary: `summary ${SCRIPT}`, question: `why ${SCRIPT}?` },
  );
  const html = renderHtml({ report, plan: plan({ model: `model${SCRIPT}` }), analysis, verbose: true });

  it('escapes every untrusted string: no element comes from a file name or a finding', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('src/&lt;script&gt;alert(1)&lt;/script&gt;.ts');
    expect(html).toContain('detail &lt;script&gt;');
    expect(html).toContain('summary &lt;script&gt;');
    expect(html).toContain('why &lt;script&gt;');
    expect(html).toContain('skip&lt;script&gt;');
  });

  it('links citations with an encoded, quoted href that a file name cannot break out of (a slash in the name is a folder)', () => {
    expect(html).toContain('<a href="src/%3Cscript%3Ealert%281%29%3C/script%3E.ts#L12-L30"><code>src/&lt;script&gt;alert(1)&lt;/script&gt;.ts:12-30</code></a>');
    expect(html).toContain('<a href="src/%22quoted%22.ts#L1"><code>src/&quot;quoted&quot;.ts:1</code></a>');
  });

  it('is one self-contained page: inline style, no scripts, no network resources', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\s(src|srcset)=/);
    expect(html).not.toMatch(/<link\b/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html.trimEnd()).toMatch(/<\/html>$/);
  });

  it('right-aligns figure columns', () => {
    const simple = renderHtml({ report: staticReport(scanOf([scanned('a.ts', { lines: 42 })]), mapOf()) });
    expect(simple).toContain('<tr><td>typescript</td><td class="num">1</td><td class="num">42</td>');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
