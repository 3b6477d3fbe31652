import type { Analysis, CostPlan, Finding, RankedFile, RepoMap, ScanResult, ScannedFile } from '../src/types.js';

/** Hand-built stage outputs for the report tests: every figure a test asserts is visible here. */
export function scanned(path: string, fields: Partial<ScannedFile> = {}): ScannedFile {
  return { path, size: 100, hash: '0123456789abcdef', language: 'typescript', encoding: 'utf-8', lines: 10, tokens: 25, todos: 0, secrets: [], injection: { score: 0, verdict: 'benign' }, ...fields };
}

export function scanOf(files: ScannedFile[], fields: Partial<ScanResult> = {}): ScanResult {
  // Deliberately not the sums of the files: the report must derive its totals from them.
  return { root: '/repo', source: 'git', files, skipped: [], excludes: [], totals: { files: 0, bytes: 0, lines: 0, tokens: 0 }, cacheHits: 0, durationMs: 1, ...fields };
}

export const ranked = (path: string, fields: Partial<RankedFile> = {}): RankedFile => ({ path, score: 0, pagerank: 0, churn: 0, relevance: 0, role: 'implementation', ...fields });

export function mapOf(fields: { ranked?: RankedFile[]; edges?: Array<[string, string]>; hubs?: Array<{ path: string; importers: number }>; cycles?: string[][] } = {}): RepoMap {
  return { graph: { edges: fields.edges ?? [], hubs: fields.hubs ?? [], cycles: fields.cycles ?? [] }, ranked: fields.ranked ?? [] };
}

export function plan(fields: Partial<CostPlan> = {}): CostPlan {
  return {
    model: 'claude-sonnet-4-5',
    mode: 'codebase',
    chunks: 7,
    calls: { map: 7, reduce: 2 },
    files: { full: 40, signatures: 160 },
    inputTokens: 412_345,
    maxOutputTokens: 36_000,
    prefixTokens: 3_000,
    usd: { standard: 1.84, cached: 1.52, batch: 0.92, cachedBatch: 0.76 },
    fullPackTokens: 80_000,
    compressedTokens: 20_000,
    estimated: true,
    ...fields,
  };
}

export const finding = (title: string, fields: Partial<Finding> = {}): Finding => ({ title, severity: 'medium', category: 'quality', detail: `${title} detail`, citations: [], ...fields });

export function analysisOf(findings: Finding[], fields: Partial<Analysis> = {}): Analysis {
  return {
    mode: 'security',
    model: 'claude-sonnet-4-5',
    summary: 'The code is mostly sound.\n\nTwo areas need work.',
    findings,
    stats: { chunks: 7, chunksFromCache: 2, calls: 9, inputTokens: 400_000, outputTokens: 20_000, cacheWriteTokens: 3_000, cacheReadTokens: 18_000, costUsd: 1.23, citationsDropped: 0 },
    ...fields,
  };
}
