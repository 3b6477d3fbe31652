/**
 * The shapes the pipeline's stages hand each other. Each stage owns its folder
 * (walk, scan, repomap, chunk, analyse, report); only what crosses a folder lives here.
 * Paths are always POSIX and relative to the scanned root.
 */
import type { InjectionVerdictKind, Severity } from '@loomkit/plugin-security';
import type { TermBag } from './repomap/term-bag.js';

// ── walk ────────────────────────────────────────────────────────────────────────

export interface WalkedFile {
  /** POSIX path relative to the root. */
  path: string;
  /** Absolute path on disk (symlinks not resolved). */
  abs: string;
  size: number;
  /** With `ino`, the stamp an unchanged file is known by (scan/stamps.ts); absent when the walk could not tell. */
  mtimeMs?: number;
  ino?: number;
}

export type SkipReason =
  | 'excluded' // a default or configured exclude (lockfile, minified, generated, vendored)
  | 'denied' // the security policy refuses to read it (credentials stores)
  | 'binary'
  | 'too-large'
  | 'symlink-outside-root'
  | 'symlink-loop'
  | 'vanished' // listed, then gone before it was read
  | 'permission-denied'
  | 'unreadable';

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  /** e.g. the exclude pattern that matched, or the size. */
  detail?: string;
}

export interface WalkResult {
  /** Absolute, real path of the root. */
  root: string;
  /** `git`: tracked + untracked-not-ignored as git lists them; `filesystem`: a gitignore-aware walk. */
  source: 'git' | 'filesystem';
  files: WalkedFile[];
  skipped: SkippedFile[];
  /** The exclude patterns in force (defaults + config), for --verbose. */
  excludes: string[];
}

// ── scan (read → protect → measure → facts) ─────────────────────────────────────

export type SymbolKind =
  | 'function'
  | 'method'
  | 'class'
  | 'interface'
  | 'type'
  | 'enum'
  | 'struct'
  | 'trait'
  | 'impl'
  | 'module'
  | 'constant'
  | 'variable';

export interface SymbolInfo {
  name: string;
  kind: SymbolKind;
  /** The declaration's head, one line, no body: `export function f(a: string): number`. */
  signature: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  exported: boolean;
  /** Enclosing class/impl/trait name for methods. */
  parent?: string;
}

/** What a file's content says about it; pure function of (content, language), cached by content hash (and reader). */
export interface FileFacts {
  symbols: SymbolInfo[];
  /** Import specifiers as written (`./util.js`, `os.path`, `github.com/x/y`, `crate::a::b`, `java.util.List`). */
  imports: string[];
  /** How often each search term (`termsOf`) occurs in the text, as a term bag: the content side of `loom query`'s ranking. */
  words?: TermBag;
}

export interface MaskedSecret {
  ruleId: string;
  severity: Severity;
  line: number;
  /** Masked, never the secret: `ghp_…a1b2`. */
  preview: string;
}

export interface ScannedFile {
  path: string;
  size: number;
  /** sha256 of the raw bytes, hex, first 16 chars: the cache key of everything derived. */
  hash: string;
  /** Language id (`typescript`, `python`, …) or `text` when unknown. */
  language: string;
  encoding: 'utf-8' | 'latin1';
  lines: number;
  /** Local estimate of the protected text's tokens (planning figure). */
  tokens: number;
  /** TODO / FIXME / HACK / XXX markers. */
  todos: number;
  secrets: MaskedSecret[];
  injection: { score: number; verdict: InjectionVerdictKind };
  /** Present when the scan was asked for facts (repo map); absent for a bare scan. */
  facts?: FileFacts;
}

export interface ScanResult {
  root: string;
  source: WalkResult['source'];
  files: ScannedFile[];
  skipped: SkippedFile[];
  excludes: string[];
  totals: { files: number; bytes: number; lines: number; tokens: number };
  /** Files whose derived data came from `.loom/cache/` rather than being computed. */
  cacheHits: number;
  durationMs: number;
}

/** The text Claude may see for a file: secrets redacted, fenced when it scored as an injection. */
export interface ProtectedText {
  text: string;
  redactions: number;
  fenced: boolean;
}

/** Reads a scanned file again, protected; stages after the scan never touch raw bytes. */
export type ReadProtected = (path: string) => Promise<ProtectedText>;

// ── repo map ────────────────────────────────────────────────────────────────────

export interface RankedFile {
  path: string;
  /** Combined score in [0, 1]: graph rank, churn and (given a question) relevance. */
  score: number;
  pagerank: number;
  /** Commits touching the file in the churn window. */
  churn: number;
  /** Lexical relevance to the question, [0, 1]; 0 without one. */
  relevance: number;
  /** What the file is for, by its path: the report lists docs and fixtures below code. */
  role: FileRole;
  /** Why it ranked for the question: absent without one. */
  why?: RankReasons;
}

export type FileRole = 'implementation' | 'test' | 'example' | 'doc' | 'fixture' | 'config';

/** What a file matched, for the ranked list to show. */
export interface RankReasons {
  /** Its symbols whose names share a term with the question. */
  symbols: string[];
  /** Question terms found in its path. */
  path: string[];
  /** Question terms found in its text. */
  content: string[];
  /** Phrases and setting strings of the question found in its text, as written there. */
  phrases: string[];
  role: FileRole;
  /** Each signal the score fused, in [0, 1]. */
  signals: Record<RankSignal, number>;
}

export type RankSignal = 'symbol' | 'name' | 'path' | 'content' | 'coverage' | 'phrase' | 'setting' | 'centrality' | 'churn';

export interface ImportGraph {
  /** Resolved edges between scanned files: importer → imported. */
  edges: Array<[from: string, to: string]>;
  /** Files imported by the most others, most first. */
  hubs: Array<{ path: string; importers: number }>;
  /** Strongly connected components of more than one file. */
  cycles: string[][];
  /** Each file's PageRank, when the graph came with it (the repository's cached graph); ranking computes it otherwise. */
  ranks?: Map<string, number>;
}

export interface RepoMap {
  graph: ImportGraph;
  /** Every scanned file, best first. */
  ranked: RankedFile[];
}

// ── chunk ───────────────────────────────────────────────────────────────────────

export interface ChunkPart {
  path: string;
  /** The file's content hash at planning time. */
  hash: string;
  /** 1-based inclusive line range of the file this part carries. */
  startLine: number;
  endLine: number;
  /** `whole` file, a `slice` at symbol boundaries, or `signatures` only (the compressed map). */
  form: 'whole' | 'slice' | 'signatures';
  tokens: number;
}

export interface Chunk {
  /** 0-based position in the plan. */
  index: number;
  /** Hash of its parts (path, file hash, range, form): with mode, model and prompt version, the result cache key. */
  hash: string;
  parts: ChunkPart[];
  tokens: number;
}

// ── analyse ─────────────────────────────────────────────────────────────────────

export type FindingSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export interface Citation {
  file: string;
  startLine: number;
  endLine: number;
}

export interface Finding {
  title: string;
  severity: FindingSeverity;
  /** Mode-specific, e.g. `injection`, `n+1-query`, `cycle`. */
  category: string;
  detail: string;
  /** Every citation names a scanned file and lines that exist in it. */
  citations: Citation[];
}

export const MODES = ['codebase', 'architecture', 'security', 'performance', 'quality', 'dependencies', 'legacy'] as const;
export type Mode = (typeof MODES)[number];

export interface AnalysisStats {
  chunks: number;
  /** Chunks whose result came from the result cache (an earlier, possibly killed, run). */
  chunksFromCache: number;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  /** Citations the model gave that named no scanned file or lines past its end: dropped, counted. */
  citationsDropped: number;
  batchId?: string;
}

export interface Analysis {
  mode: Mode;
  model: string;
  question?: string;
  summary: string;
  findings: Finding[];
  stats: AnalysisStats;
}

// ── plan ────────────────────────────────────────────────────────────────────────

/** What an online run would cost, worked out before any call: the offline report's "plan". */
export interface CostPlan {
  model: string;
  mode: Mode;
  chunks: number;
  calls: { map: number; reduce: number };
  /** Files sent whole or sliced, and files sent as signatures only. */
  files: { full: number; signatures: number };
  /** Input tokens of the whole run (prompts included), and the most output it may produce. */
  inputTokens: number;
  maxOutputTokens: number;
  /** Tokens of the shared, cacheable prefix each map call starts with. */
  prefixTokens: number;
  /** USD for the run: as is, with the prefix cached, as a Message Batch, and both. */
  usd: { standard: number; cached: number; batch: number; cachedBatch: number };
  /** The repo as a full pack vs the compressed map the chunks carry. */
  fullPackTokens: number;
  compressedTokens: number;
  /** True when token counts are the local estimate (no key, --dry-run, or count_tokens failed). */
  estimated: boolean;
  /** Set when a key was there but count_tokens failed: why the plan is an estimate. */
  estimateNote?: string;
  /**
   * The least wall-clock minutes the online run takes paced to llm.limits: its requests and
   * input tokens over the per-minute limits (output, unknown before, can only add to it).
   */
  minutes?: number;
}
