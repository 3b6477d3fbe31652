import { formatUsd } from '@loomkit/llm/format-usd';
import type { Analysis, CostPlan, Finding } from '../types.js';
import { bySeverity, citationHref, citationLabel, groupBySeverity } from './findings.js';
import { bytes, count, plural } from './format.js';
import { compressionPercent } from './plan-figures.js';
import type { ReportInput, StaticReport } from './types.js';

/**
 * What a report shows, decided once; the terminal, Markdown and HTML renderers only format it.
 * Every string here is plain text (file names and findings are untrusted): renderers escape.
 */
export interface Link {
  text: string;
  href: string;
}
export interface Strong {
  strong: string;
}
export type Inline = string | Link | Strong;

export type Align = 'left' | 'right';
export type Block =
  | { kind: 'paragraph'; spans: Inline[] }
  | { kind: 'table'; head: string[]; rows: string[][]; align: Align[] }
  | { kind: 'list'; items: Inline[][] };

export interface Section {
  title: string;
  blocks: Block[];
  sections: Section[];
}

export interface ReportDocument {
  title: string;
  sections: Section[];
}

export interface DocumentOptions {
  /** Most findings and secrets to list; the rest are counted and pointed to the file formats. */
  limit?: number;
}

const FILE_FORMATS = '--format md|html|json --out <file>';

const text = (...spans: Inline[]): Block => ({ kind: 'paragraph', spans });
const list = (items: Inline[][]): Block => ({ kind: 'list', items });
const section = (title: string, blocks: Block[], sections: Section[] = []): Section => ({ title, blocks, sections });

/** A table whose first column is text and the rest figures, unless told otherwise. */
function table(head: string[], rows: string[][], align: Align[] = head.map((_, index) => (index === 0 ? 'left' : 'right'))): Block {
  return { kind: 'table', head, rows, align };
}

/** The first `limit` items, and a line counting the rest, when there is a limit and a rest. */
function capped<T>(items: T[], limit: number | undefined, noun: string): { shown: T[]; more?: Block } {
  if (limit === undefined || items.length <= limit) return { shown: items };
  return { shown: items.slice(0, limit), more: text(`${plural(items.length - limit, `more ${noun}`)} in ${FILE_FORMATS}.`) };
}

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

const orNone = (blocks: Block[], when: boolean, none: string): Block[] => (when ? blocks : [text(none)]);

function overview(report: StaticReport): Section {
  const { totals } = report;
  const listing = report.source === 'git' ? 'as git lists them' : 'by a filesystem walk';
  return section('Overview', [
    text(report.root),
    text(`${plural(totals.files, 'file')} (${listing}), ${plural(totals.lines, 'line')}, ${bytes(totals.bytes)}, ~${plural(totals.tokens, 'token')}; ${count(report.skipped.total)} skipped.`),
  ]);
}

function findingItem(finding: Finding): Inline[] {
  const citations = finding.citations.flatMap((citation, index): Inline[] => [...(index > 0 ? [', '] : []), { text: citationLabel(citation), href: citationHref(citation) }]);
  return [{ strong: finding.title }, ` (${finding.category}): ${finding.detail}`, ...(citations.length > 0 ? [' — ', ...citations] : [])];
}

function analysisSections(analysis: Analysis, limit: number | undefined): Section[] {
  const { stats } = analysis;
  const about = section(`Analysis: ${analysis.mode}`, [
    text(`${analysis.model}${analysis.question ? ` · question: ${analysis.question}` : ''}`),
    ...analysis.summary
      .split(/\n\s*\n/)
      .map((paragraph) => paragraph.trim())
      .filter(Boolean)
      .map((paragraph) => text(paragraph)),
    text(
      `${plural(stats.calls, 'call')}, ${count(stats.chunksFromCache)} of ${plural(stats.chunks, 'chunk')} from earlier runs, ${count(stats.inputTokens)} input and ${count(stats.outputTokens)} output tokens, ${formatUsd(stats.costUsd)}` +
        `${stats.citationsDropped > 0 ? `; ${plural(stats.citationsDropped, 'citation')} dropped (no such file or lines)` : ''}.`,
    ),
  ]);
  const { shown, more } = capped(bySeverity(analysis.findings), limit, 'finding');
  const total = (severity: string) => analysis.findings.filter((finding) => finding.severity === severity).length;
  const groups = groupBySeverity(shown).map((group, index, all) =>
    // The count of what was left out closes the list, after the last finding shown.
    section(`${capital(group.severity)} (${total(group.severity)})`, [list(group.findings.map(findingItem)), ...(more && index === all.length - 1 ? [more] : [])]),
  );
  return [about, section(`Findings (${analysis.findings.length})`, groups.length === 0 ? [text('No findings.')] : [], groups)];
}

function languages(report: StaticReport): Section {
  const rows = report.languages.map((stats) => [stats.language, count(stats.files), count(stats.lines), bytes(stats.bytes), count(stats.tokens)]);
  return section('Languages', [table(['language', 'files', 'lines', 'size', 'tokens'], rows)]);
}

function largest(report: StaticReport): Section {
  return section('Largest files', [table(['file', 'size', 'lines', 'tokens'], report.largest.map((file) => [file.path, bytes(file.bytes), count(file.lines), count(file.tokens)]))]);
}

function central(report: StaticReport): Section {
  const rows = report.central.map((file) => [file.path, file.pagerank.toFixed(4), count(file.importers)]);
  return section('Most central files', orNone([table(['file', 'pagerank', 'importers'], rows)], rows.length > 0, 'No files ranked.'));
}

function importGraph(report: StaticReport): Section {
  const { imports } = report;
  const blocks = [
    text(`${plural(imports.edges, 'import')} between scanned files; ${plural(imports.cycleCount, 'cycle')}.`),
    ...(imports.hubs.length > 0 ? [table(['hub', 'importers'], imports.hubs.map((hub) => [hub.path, count(hub.importers)]))] : []),
    ...(imports.cycles.length > 0 ? [list(imports.cycles.map((cycle) => [`${[...cycle, cycle[0]].join(' → ')}`]))] : []),
  ];
  return section('Import graph', blocks);
}

function hotspots(report: StaticReport): Section {
  const { files, note } = report.hotspots;
  const rows = files.map((file) => [file.path, count(file.churn), count(file.lines), count(file.score)]);
  return section('Git hotspots (churn × lines)', orNone([table(['file', 'commits', 'lines', 'churn × lines'], rows)], rows.length > 0, note ?? 'No churn.'));
}

function todos(report: StaticReport): Section {
  const { total, files } = report.todos;
  return section('TODO / FIXME', orNone([text(`${plural(total, 'marker')}.`), table(['file', 'markers'], files.map((file) => [file.path, count(file.todos)]))], total > 0, 'No TODO, FIXME, HACK or XXX markers.'));
}

function security(report: StaticReport, limit: number | undefined): Section {
  const { secrets, injection } = report.security;
  const { shown, more } = capped(secrets, limit, 'secret');
  const secretBlocks = orNone(
    [
      text(`${plural(secrets.length, 'secret')} found, shown masked; secrets are redacted from everything sent to Claude.`),
      table(['location', 'rule', 'severity', 'preview'], shown.map((secret) => [`${secret.path}:${secret.line}`, secret.ruleId, secret.severity, secret.preview]), ['left', 'left', 'left', 'left']),
      ...(more ? [more] : []),
    ],
    secrets.length > 0,
    'No secrets found.',
  );
  const flagged = capped(injection, limit, 'flagged file');
  const fenced = injection.filter((flag) => flag.verdict === 'injection').length;
  const injectionBlocks = orNone(
    [
      text(`${plural(fenced, 'file')} scored as prompt injection (sent to Claude fenced as untrusted data), ${plural(injection.length - fenced, 'more file')} suspicious.`),
      table(['file', 'verdict', 'score'], flagged.shown.map((flag) => [flag.path, flag.verdict, flag.score.toFixed(2)]), ['left', 'left', 'right']),
      ...(flagged.more ? [flagged.more] : []),
    ],
    injection.length > 0,
    'No prompt injection suspected.',
  );
  return section('Security', [...secretBlocks, ...injectionBlocks]);
}

function skipped(report: StaticReport, verbose: boolean): Section[] {
  const { byReason } = report.skipped;
  const example = (item: { path: string; detail?: string }) => (item.detail ? `${item.path} (${item.detail})` : item.path);
  const rows = byReason.map((summary) => [summary.reason, count(summary.count), ...(verbose ? [summary.examples.map(example).join(', ')] : [])]);
  const head = ['reason', 'files', ...(verbose ? ['examples'] : [])];
  const skippedSection = section('Skipped files', orNone([table(head, rows, head.map((_, index) => (index === 1 ? 'right' : 'left')))], rows.length > 0, 'Nothing skipped.'));
  if (!verbose) return [skippedSection];
  return [skippedSection, section('Excludes in force', orNone([list(report.excludes.map((pattern) => [pattern]))], report.excludes.length > 0, 'None.'))];
}

/** A floor, so rounded down: whole minutes from ten, tenths below. */
const minutes = (value: number): string => `${value >= 10 ? Math.floor(value) : Math.floor(value * 10) / 10} min`;

function plan(costs: CostPlan): Section {
  const reduction = compressionPercent(costs);
  const figures = table(
    ['figure', 'value'],
    [
      ['model', `${costs.model} (${costs.mode})`],
      ['chunks', count(costs.chunks)],
      ['calls', `${count(costs.calls.map)} map + ${count(costs.calls.reduce)} reduce`],
      ['files', `${count(costs.files.full)} whole or sliced, ${count(costs.files.signatures)} as signatures`],
      ['input tokens', `${count(costs.inputTokens)} (shared prefix ${count(costs.prefixTokens)})`],
      ['max output tokens', count(costs.maxOutputTokens)],
      ...(costs.minutes === undefined ? [] : [['time at rate limits', `at least ${minutes(costs.minutes)} (llm.limits)`]]),
    ],
    ['left', 'left'],
  );
  const usd = table(
    ['cost', 'USD'],
    [
      ['standard', formatUsd(costs.usd.standard)],
      ['prompt caching', formatUsd(costs.usd.cached)],
      ['batch', formatUsd(costs.usd.batch)],
      ['caching + batch', formatUsd(costs.usd.cachedBatch)],
    ],
  );
  return section('Plan', [
    figures,
    usd,
    text(`The chunks carry ${count(costs.compressedTokens)} tokens against ${count(costs.fullPackTokens)} for the whole repository packed in full${reduction === undefined ? '' : `: ${reduction}% smaller`}.`),
    text(costs.estimated ? 'Token figures are local estimates; costs follow from them.' : 'Token figures were counted by the API.'),
  ]);
}

/** The whole report as sections: the analysis first when there is one, then the static report, then the plan. */
export function reportDocument(input: ReportInput, options: DocumentOptions = {}): ReportDocument {
  const { report, analysis, verbose = false } = input;
  return {
    title: 'Repository report',
    sections: [
      overview(report),
      ...(analysis ? analysisSections(analysis, options.limit) : []),
      languages(report),
      largest(report),
      central(report),
      importGraph(report),
      hotspots(report),
      todos(report),
      security(report, options.limit),
      ...skipped(report, verbose),
      ...(input.plan ? [plan(input.plan)] : []),
    ],
  };
}
