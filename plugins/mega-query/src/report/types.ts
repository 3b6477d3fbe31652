import type { InjectionVerdictKind, Severity } from '@loomkit/plugin-security';
import type { Analysis, CostPlan, ScanResult, SkipReason } from '../types.js';

/** The static report: what the scan and the repo map say about a repository, with no call to Claude. */
export interface StaticReport {
  root: string;
  source: ScanResult['source'];
  /** Summed over the scanned files, so languages add up to it. */
  totals: { files: number; lines: number; bytes: number; tokens: number };
  /** Most lines first. */
  languages: LanguageStats[];
  /** Most bytes first. */
  largest: FileSize[];
  /** Highest PageRank first. */
  central: CentralFile[];
  imports: {
    edges: number;
    /** Most importers first. */
    hubs: Array<{ path: string; importers: number }>;
    /** Largest first; `cycleCount` counts all of them. */
    cycles: string[][];
    cycleCount: number;
  };
  hotspots: {
    /** Highest churn × lines first; only files with churn. */
    files: Hotspot[];
    /** Why there are none, when there are none. */
    note?: string;
  };
  todos: { total: number; files: Array<{ path: string; todos: number }> };
  security: {
    /** Most severe first. */
    secrets: SecretFinding[];
    /** Files scored suspicious or injection, highest score first. */
    injection: Array<{ path: string; score: number; verdict: InjectionVerdictKind }>;
  };
  skipped: { total: number; byReason: SkipSummary[] };
  excludes: string[];
}

export interface LanguageStats {
  language: string;
  files: number;
  lines: number;
  bytes: number;
  tokens: number;
}

export interface FileSize {
  path: string;
  bytes: number;
  lines: number;
  tokens: number;
}

export interface CentralFile {
  path: string;
  pagerank: number;
  /** Scanned files importing it. */
  importers: number;
}

export interface Hotspot {
  path: string;
  churn: number;
  lines: number;
  /** churn × lines. */
  score: number;
}

export interface SecretFinding {
  path: string;
  line: number;
  ruleId: string;
  severity: Severity;
  /** Masked; never the secret. */
  preview: string;
}

export interface SkipSummary {
  reason: SkipReason;
  count: number;
  examples: Array<{ path: string; detail?: string }>;
}

/** What every renderer is given. */
export interface ReportInput {
  report: StaticReport;
  plan?: CostPlan;
  analysis?: Analysis;
  /** List the excludes in force and examples of skipped files. */
  verbose?: boolean;
}
