import { planted } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/report/render-html.js';
import { renderMarkdown } from '../src/report/render-markdown.js';
import { renderTerminal } from '../src/report/render-terminal.js';
import { reportJson } from '../src/report/report-json.js';
import { staticReport } from '../src/report/static-report.js';
import type { ReportInput } from '../src/report/types.js';
import { analysisOf, finding, mapOf, plan, ranked, scanned, scanOf } from './report-fixtures.js';

/** Every format, as the text a user would get. */
const FORMATS: Record<string, (input: ReportInput) => string> = {
  terminal: renderTerminal,
  markdown: renderMarkdown,
  html: renderHtml,
  json: (input) => JSON.stringify(reportJson(input)),
};
const eachFormat = Object.entries(FORMATS);

// AWS key ids hold only A-Z and 2-7: no format escapes them, so a leak would show verbatim.
const secret = planted.aws;
const masked = `${secret.slice(0, 4)}…${secret.slice(-4)}`;

describe('every format', () => {
  const files = [
    scanned('src/config.ts', { secrets: [{ ruleId: 'aws-access-key', severity: 'critical', line: 4, preview: masked }] }),
    // An upstream slip: a preview that is the secret itself.
    scanned('src/leak.ts', { secrets: [{ ruleId: 'aws-access-key', severity: 'high', line: 2, preview: secret }] }),
  ];
  const input: ReportInput = { report: staticReport(scanOf(files), mapOf()), plan: plan(), analysis: analysisOf([finding('Key in config', { severity: 'critical', citations: [{ file: 'src/config.ts', startLine: 4, endLine: 4 }] })]) };

  it.each(eachFormat)('%s shows the masked preview of a planted secret, never the secret', (_name, render) => {
    const text = render({ ...input, verbose: true });
    expect(text).toContain(masked);
    expect(text).toContain('src/leak.ts');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(4, -4));
  });

  it.each(eachFormat.filter(([name]) => name !== 'json'))('%s states the plan: calls, tokens, the four costs and the reduction', (_name, render) => {
    const text = render({ report: input.report, plan: plan({ fullPackTokens: 150_000, compressedTokens: 30_000, inputTokens: 412_345, maxOutputTokens: 36_000, calls: { map: 7, reduce: 2 } }) });
    expect(text).toContain('80% smaller');
    for (const figure of ['412,345', '36,000', '7 map + 2 reduce', '$1.84', '$1.52', '$0.92', '$0.76']) expect(text).toContain(figure);
  });

  it.each(eachFormat.filter(([name]) => name !== 'json'))('%s says whether token figures are estimates', (_name, render) => {
    expect(render({ report: input.report, plan: plan({ estimated: true }) })).toMatch(/estimates/);
    expect(render({ report: input.report, plan: plan({ estimated: false }) })).not.toMatch(/estimates/);
  });

  it.each(eachFormat.filter(([name]) => name !== 'json'))('%s gives the reduction to one decimal, and none for an empty pack', (_name, render) => {
    expect(render({ report: input.report, plan: plan({ fullPackTokens: 3_000, compressedTokens: 1_000 }) })).toContain('66.7% smaller');
    expect(render({ report: input.report, plan: plan({ fullPackTokens: 0, compressedTokens: 0 }) })).not.toMatch(/% smaller/);
  });

  it.each(eachFormat.filter(([name]) => name !== 'json'))('%s names the model, mode and shared prefix of the plan', (_name, render) => {
    const text = render({ report: input.report, plan: plan({ model: 'claude-opus-4-5', mode: 'architecture', prefixTokens: 4_321 }) });
    for (const figure of ['claude-opus-4-5', 'architecture', '4,321']) expect(text).toContain(figure);
  });

  it.each(eachFormat.filter(([name]) => name !== 'json'))('%s states the totals, derived from the files', (_name, render) => {
    const text = render({ report: staticReport(scanOf([scanned('a.ts', { lines: 1_000, tokens: 2_000 }), scanned('b.ts', { lines: 234, tokens: 500 })]), mapOf()) });
    expect(text).toContain('2 files');
    expect(text).toContain('1,234 lines');
    expect(text).toContain('2,500 tokens');
  });

  it.each(eachFormat.filter(([name]) => name !== 'json'))('%s states what the analysis cost and how many citations were dropped', (_name, render) => {
    const analysis = analysisOf([], { stats: { chunks: 8, chunksFromCache: 3, calls: 11, inputTokens: 123_456, outputTokens: 7_890, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: 2.5, citationsDropped: 4 } });
    const text = render({ report: input.report, analysis });
    for (const figure of ['11 calls', '3 of 8 chunks', '123,456', '7,890', '$2.50', '4 citations']) expect(text).toContain(figure);
  });

  it.each(eachFormat.filter(([name]) => name !== 'json'))('%s says so when a clean repository has nothing to flag', (_name, render) => {
    const text = render({ report: staticReport(scanOf([scanned('a.ts')]), mapOf()) });
    expect(text).toMatch(/no secrets/i);
    expect(text).toMatch(/no prompt injection/i);
    expect(text).toMatch(/no TODO/i);
    expect(text).toMatch(/nothing skipped/i);
  });

  it.each(eachFormat.filter(([name]) => name !== 'json'))('%s lists findings critical first, whatever order they came in', (_name, render) => {
    const findings = [finding('Minor naming', { severity: 'low' }), finding('Remote code execution', { severity: 'critical' }), finding('Unbounded cache', { severity: 'high' }), finding('Stray log', { severity: 'info' })];
    const text = render({ report: input.report, analysis: analysisOf(findings) });
    const at = (title: string) => text.indexOf(title);
    expect(at('Remote code execution')).toBeGreaterThan(-1);
    expect(at('Remote code execution')).toBeLessThan(at('Unbounded cache'));
    expect(at('Unbounded cache')).toBeLessThan(at('Minor naming'));
    expect(at('Minor naming')).toBeLessThan(at('Stray log'));
  });

  it.each(eachFormat.filter(([name]) => name !== 'json'))('%s lists hotspots by churn × lines and the largest files by size', (_name, render) => {
    const sized = [scanned('big.ts', { lines: 1_000, size: 50_000 }), scanned('busy.ts', { lines: 100, size: 2_000 }), scanned('mid.ts', { lines: 300, size: 9_000 })];
    const map = mapOf({ ranked: [ranked('big.ts', { churn: 1 }), ranked('busy.ts', { churn: 12 }), ranked('mid.ts', { churn: 5 })] });
    const text = render({ report: staticReport(scanOf(sized), map) });
    const hotspots = text.slice(text.search(/hotspots/i));
    expect(hotspots.indexOf('mid.ts')).toBeLessThan(hotspots.indexOf('busy.ts'));
    expect(hotspots.indexOf('busy.ts')).toBeLessThan(hotspots.indexOf('big.ts'));
    const largest = text.slice(text.search(/largest files/i), text.search(/most central/i));
    expect(largest.indexOf('big.ts')).toBeLessThan(largest.indexOf('mid.ts'));
    expect(largest.indexOf('mid.ts')).toBeLessThan(largest.indexOf('busy.ts'));
    expect(text).toContain('1,500');
  });

  it.each(eachFormat.filter(([name]) => name !== 'json'))('%s says when there is no git history', (_name, render) => {
    expect(render({ report: staticReport(scanOf([scanned('a.ts')], { source: 'filesystem' }), mapOf({ ranked: [ranked('a.ts')] })) })).toMatch(/not a git repository/);
  });

  it.each(eachFormat.filter(([name]) => name !== 'json'))('%s lists the excludes and skipped examples only when verbose', (_name, render) => {
    const report = staticReport(scanOf([scanned('a.ts')], { skipped: [{ path: 'yarn.lock', reason: 'excluded', detail: 'lockfile-pattern' }], excludes: ['custom-exclude/**'] }), mapOf());
    const quiet = render({ report });
    const verbose = render({ report, verbose: true });
    expect(quiet).toMatch(/excluded/);
    expect(quiet).not.toContain('yarn.lock');
    expect(quiet).not.toContain('custom-exclude/');
    expect(verbose).toContain('yarn.lock');
    expect(verbose).toContain('lockfile-pattern');
    expect(verbose).toContain('custom-exclude/');
  });
});
