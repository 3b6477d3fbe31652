/** The shapes the security plugin's services share with their callers. */

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export interface SecretFinding {
  /** Stable kebab-case id of the rule, e.g. `github-token`. */
  ruleId: string;
  description: string;
  severity: Severity;
  /** Path relative to the scan root, when the text came from a file. */
  file: string | undefined;
  /** 1-based line and column of the secret's first character. */
  line: number;
  column: number;
  /** [start, end) character offsets of the secret itself in the scanned text. */
  start: number;
  end: number;
  /** A masked preview (e.g. `ghp_…a1b2`): never the whole secret. */
  preview: string;
  /** Stable across runs and line moves: hash of rule and secret (and file when known). */
  fingerprint: string;
  /** Short hash of the secret value alone: same secret, same hash (used in placeholders). */
  secretHash: string;
}

export interface RuleInfo {
  id: string;
  description: string;
  severity: Severity;
  keywords: string[];
}

export interface ScanOptions {
  /** Shown in findings; also decides path-based allowances (lockfiles, docs). */
  file?: string;
  /** Called when scanFile skips the file as binary, so callers can name it. */
  onBinary?: () => void;
}

/** What decides a plugin-built scanner beyond its code: plain data, so it crosses to a worker thread. */
export interface SecretScannerRecipe {
  /** Baselined fingerprints. */
  baseline: readonly string[];
  disabledRules: readonly string[];
}

export interface InjectionGuardRecipe {
  threshold?: number;
}

export interface SecretScanner {
  readonly rules: readonly RuleInfo[];
  /** Findings in `text`, minus placeholders, `loom-ignore-secret` lines and baselined fingerprints. */
  scanText(text: string, options?: ScanOptions): SecretFinding[];
  /** Digest of the rules, baseline and disabled rules behind the findings: equal versions, equal findings. Absent when unknown. */
  readonly version?: string;
  /** The settings secretScannerFrom rebuilds this scanner from (in a worker thread, say). Absent when it was built otherwise. */
  readonly recipe?: SecretScannerRecipe;
  /** Streams a file in pieces (large files never held whole); binary files yield nothing. */
  scanFile(path: string, options?: ScanOptions): Promise<SecretFinding[]>;
}

export type InjectionVerdictKind = 'benign' | 'suspicious' | 'injection';

export interface InjectionSpan {
  start: number;
  end: number;
  /** Why this span looks like an instruction to the model, e.g. `override-instructions`, `invisible-unicode`. */
  reason: string;
}

export interface InjectionVerdict {
  /** Probability-like score in [0, 1]. */
  score: number;
  verdict: InjectionVerdictKind;
  spans: InjectionSpan[];
  /** Names of the features that fired, for reports. */
  signals: string[];
}

export interface InjectionGuard {
  /** The score at and above which text is an injection (chosen for ≤ 5% false positives). */
  readonly threshold: number;
  score(text: string): InjectionVerdict;
  /** Digest of the model, features and threshold behind the scores: equal versions, equal verdicts. Absent when unknown. */
  readonly version?: string;
  /** The settings injectionGuardFrom rebuilds this guard from. Absent when it was built otherwise. */
  readonly recipe?: InjectionGuardRecipe;
  /** Wraps untrusted content in a fence with an instruction to treat it as data only. */
  fence(text: string, source: string): string;
}
