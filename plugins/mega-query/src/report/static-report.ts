import type { MaskedSecret, RankedFile, RepoMap, ScanResult, ScannedFile, SkipReason } from '../types.js';
import { severityRank } from './severity.js';
import type { LanguageStats, SecretFinding, SkipSummary, StaticReport } from './types.js';

const DEFAULT_TOP = 10;
const SKIP_EXAMPLES = 3;
const ELLIPSIS = '…';

/** Highest `value` first, ties by path so the report is stable. */
function topBy<T extends { path: string }>(items: T[], value: (item: T) => number, top: number): T[] {
  return [...items].sort((a, b) => value(b) - value(a) || a.path.localeCompare(b.path)).slice(0, top);
}

function languagesOf(files: ScannedFile[]): LanguageStats[] {
  const byLanguage = new Map<string, LanguageStats>();
  for (const file of files) {
    const stats = byLanguage.get(file.language) ?? { language: file.language, files: 0, lines: 0, bytes: 0, tokens: 0 };
    stats.files += 1;
    stats.lines += file.lines;
    stats.bytes += file.size;
    stats.tokens += file.tokens;
    byLanguage.set(file.language, stats);
  }
  return [...byLanguage.values()].sort((a, b) => b.lines - a.lines || a.language.localeCompare(b.language));
}

/**
 * The scan hands over masked previews; one without the mask's ellipsis is not trusted to be
 * masked (an upstream slip must not print a secret), so only its length is shown.
 */
const safePreview = (secret: MaskedSecret): string => (secret.preview.includes(ELLIPSIS) ? secret.preview : `${ELLIPSIS}(${secret.preview.length})`);

function secretsOf(files: ScannedFile[]): SecretFinding[] {
  const findings = files.flatMap((file) => file.secrets.map((secret) => ({ path: file.path, line: secret.line, ruleId: secret.ruleId, severity: secret.severity, preview: safePreview(secret) })));
  return findings.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.path.localeCompare(b.path) || a.line - b.line);
}

function skippedOf(skipped: ScanResult['skipped']): SkipSummary[] {
  const byReason = new Map<SkipReason, SkipSummary>();
  for (const skip of skipped) {
    const summary = byReason.get(skip.reason) ?? { reason: skip.reason, count: 0, examples: [] };
    summary.count += 1;
    if (summary.examples.length < SKIP_EXAMPLES) summary.examples.push(skip.detail === undefined ? { path: skip.path } : { path: skip.path, detail: skip.detail });
    byReason.set(skip.reason, summary);
  }
  return [...byReason.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

function hotspotsOf(scan: ScanResult, map: RepoMap, top: number): StaticReport['hotspots'] {
  const lines = new Map(scan.files.map((file) => [file.path, file.lines]));
  const churned = map.ranked.filter((ranked) => ranked.churn > 0 && lines.has(ranked.path));
  const hotspot = (ranked: RankedFile) => {
    const fileLines = lines.get(ranked.path) ?? 0;
    return { path: ranked.path, churn: ranked.churn, lines: fileLines, score: ranked.churn * fileLines };
  };
  // A changelog is edited with every release and grows forever: code first, docs and fixtures after it.
  const prose = (ranked: RankedFile) => ranked.role === 'doc' || ranked.role === 'fixture';
  const code = topBy(churned.filter((ranked) => !prose(ranked)).map(hotspot), (spot) => spot.score, top);
  const files = [...code, ...topBy(churned.filter(prose).map(hotspot), (spot) => spot.score, top - code.length)];
  if (files.length > 0) return { files };
  return { files, note: scan.source === 'git' ? 'no commits in the churn window touch the scanned files' : 'not a git repository: no history to measure churn' };
}

/** Everything the offline report shows, derived from the scan and the repo map alone. */
export function staticReport(scan: ScanResult, map: RepoMap, options: { top?: number } = {}): StaticReport {
  const top = options.top ?? DEFAULT_TOP;
  const { files } = scan;
  const importers = new Map<string, Set<string>>();
  for (const [from, to] of map.graph.edges) importers.set(to, (importers.get(to) ?? new Set()).add(from));
  const todoFiles = files.filter((file) => file.todos > 0).map((file) => ({ path: file.path, todos: file.todos }));
  return {
    root: scan.root,
    source: scan.source,
    totals: files.reduce((sum, file) => ({ files: sum.files + 1, lines: sum.lines + file.lines, bytes: sum.bytes + file.size, tokens: sum.tokens + file.tokens }), { files: 0, lines: 0, bytes: 0, tokens: 0 }),
    languages: languagesOf(files),
    largest: topBy(files, (file) => file.size, top).map((file) => ({ path: file.path, bytes: file.size, lines: file.lines, tokens: file.tokens })),
    central: topBy(map.ranked, (ranked) => ranked.pagerank, top).map((ranked) => ({ path: ranked.path, pagerank: ranked.pagerank, importers: importers.get(ranked.path)?.size ?? 0 })),
    imports: {
      edges: map.graph.edges.length,
      hubs: [...map.graph.hubs].sort((a, b) => b.importers - a.importers || a.path.localeCompare(b.path)).slice(0, top),
      cycles: [...map.graph.cycles].sort((a, b) => b.length - a.length).slice(0, top),
      cycleCount: map.graph.cycles.length,
    },
    hotspots: hotspotsOf(scan, map, top),
    todos: { total: todoFiles.reduce((sum, file) => sum + file.todos, 0), files: topBy(todoFiles, (file) => file.todos, top) },
    security: {
      secrets: secretsOf(files),
      injection: topBy(
        files.filter((file) => file.injection.verdict !== 'benign').map((file) => ({ path: file.path, score: file.injection.score, verdict: file.injection.verdict })),
        (flag) => flag.score,
        files.length,
      ),
    },
    skipped: { total: scan.skipped.length, byReason: skippedOf(scan.skipped) },
    excludes: [...scan.excludes],
  };
}
