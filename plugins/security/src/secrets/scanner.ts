import type { RuleInfo, ScanOptions, SecretFinding, SecretScanner } from '../types.js';
import { shannonEntropy } from './entropy.js';
import { fingerprint, normalizeFile, secretHash } from './fingerprint.js';
import { isIgnored } from './ignore.js';
import { createKeywordFilter } from './keywords.js';
import { maskSecret } from './mask.js';
import { hasExampleContext, isDocumentation, isInExampleComment, isLockfile, isPlaceholder } from './placeholders.js';
import { LineCounter } from './position.js';
import type { SecretRule, Span } from './rule.js';
import { RULES } from './rules.js';
import { scanFileInChunks } from './stream.js';

export interface SecretScannerOptions {
  /** Fingerprints of accepted findings (from a baseline file): never reported. */
  baseline?: Iterable<string>;
  /** Rule ids not to run. */
  disabledRules?: string[];
  /** The rule table (defaults to the built-in one); for tests and experiments. */
  rules?: readonly SecretRule[];
}

interface Candidate extends Span {
  rule: SecretRule;
  priority: number;
}

const EXAMPLE_WORDS = /example|sample|dummy|placeholder/i;

const stickyPatterns = new WeakMap<RegExp, RegExp>();

/** The same pattern, matching only exactly at `lastIndex` (for anchored rules). */
function sticky(pattern: RegExp): RegExp {
  let copy = stickyPatterns.get(pattern);
  if (copy === undefined) {
    copy = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}y`);
    stickyPatterns.set(pattern, copy);
  }
  return copy;
}

/** The pattern's matches: everywhere, or (anchored rules) only at the keyword offsets, without overlaps. */
function* matchesOf(pattern: RegExp, text: string, anchors: readonly number[] | undefined): Generator<RegExpExecArray> {
  if (anchors === undefined) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0].length === 0) pattern.lastIndex++;
      else yield match;
    }
    return;
  }
  const at = sticky(pattern);
  let end = 0;
  for (const start of anchors) {
    if (start < end) continue;
    at.lastIndex = start;
    const match = at.exec(text);
    if (match === null || match[0].length === 0) continue;
    end = match.index + match[0].length;
    yield match;
  }
}

/** Runs one rule over a text and yields the candidates that pass its placeholder, entropy and own checks. */
function* candidatesOf(rule: SecretRule, text: string, file: string | undefined, anchors: readonly number[] | undefined): Generator<Span> {
  const accept = (match: RegExpExecArray | undefined, start: number, end: number): Span | undefined => {
    let span: Span = { start, end };
    if (rule.check) {
      const verdict = rule.check({ text, match, secret: text.slice(start, end), start, end, file });
      if (verdict === false) return undefined;
      if (verdict !== true) span = verdict;
    }
    if (span.end <= span.start) return undefined;
    const secret = text.slice(span.start, span.end);
    const policy = rule.placeholders ?? 'token';
    if (policy !== 'none' && isPlaceholder(secret, policy)) return undefined;
    if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return undefined;
    return span;
  };
  if (rule.find) {
    for (const span of rule.find(text)) {
      const accepted = accept(undefined, span.start, span.end);
      if (accepted) yield accepted;
    }
    return;
  }
  if (rule.pattern === undefined) return;
  for (const match of matchesOf(rule.pattern, text, anchors)) {
    const group = match.indices?.groups?.secret;
    const accepted = group ? accept(match, group[0], group[1]) : accept(match, match.index, match.index + match[0].length);
    if (accepted) yield accepted;
  }
}

/**
 * Where findings overlap, the earlier rule in the table (the more specific one) wins; among one
 * rule's overlapping findings, the longer one.
 */
export function resolveOverlaps<T extends Span & { priority: number }>(candidates: T[]): T[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - a.end);
  const kept: T[] = [];
  let cluster: T[] = [];
  let clusterEnd = -1;
  const flush = () => {
    if (cluster.length === 1) kept.push(cluster[0] as T);
    else if (cluster.length > 1) {
      const chosen: T[] = [];
      for (const candidate of [...cluster].sort((a, b) => a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start)) {
        if (chosen.every((other) => candidate.end <= other.start || candidate.start >= other.end)) chosen.push(candidate);
      }
      kept.push(...chosen.sort((a, b) => a.start - b.start));
    }
    cluster = [];
  };
  for (const candidate of sorted) {
    if (candidate.start >= clusterEnd) {
      flush();
      clusterEnd = candidate.end;
    } else clusterEnd = Math.max(clusterEnd, candidate.end);
    cluster.push(candidate);
  }
  flush();
  return kept;
}

/** The secret scanner over the built-in rule table (see rules.ts). */
export function createSecretScanner(options: SecretScannerOptions = {}): SecretScanner {
  const disabled = new Set(options.disabledRules ?? []);
  const rules = (options.rules ?? RULES).filter((rule) => !disabled.has(rule.id));
  // Compiled on the first scan: a caller that only reads `version` (a warm `query mega`) never pays for it.
  let compiled: ReturnType<typeof createKeywordFilter> | undefined;
  const filterOf = () =>
    (compiled ??= createKeywordFilter(
      rules.map((rule) => rule.keywords),
      rules.map((rule) => rule.anchored === true && rule.pattern !== undefined),
    ));
  const baseline = new Set(options.baseline ?? []);
  const info: RuleInfo[] = rules.map(({ id, description, severity, keywords }) => ({ id, description, severity, keywords: [...keywords] }));

  const scanText = (text: string, scanOptions: ScanOptions = {}): SecretFinding[] => {
    const file = scanOptions.file === undefined ? undefined : normalizeFile(scanOptions.file);
    const lockfile = isLockfile(file);
    const docs = isDocumentation(file);
    const candidates: Candidate[] = [];
    const { rules: selected, anchors } = filterOf().scan(text);
    for (const index of selected) {
      const rule = rules[index];
      if (rule === undefined || (lockfile && rule.skipInLockfiles)) continue;
      for (const span of candidatesOf(rule, text, file, rule.anchored ? (anchors.get(index) ?? []) : undefined)) {
        if (docs && (EXAMPLE_WORDS.test(text.slice(span.start, span.end)) || (rule.examplesInDocs && hasExampleContext(text, span.start)))) continue;
        if (isInExampleComment(text, span.start)) continue;
        candidates.push({ ...span, rule, priority: index });
      }
    }
    if (candidates.length === 0) return [];
    const lines = new LineCounter(text);
    const findings: SecretFinding[] = [];
    for (const { rule, start, end } of resolveOverlaps(candidates)) {
      if (isIgnored(text, start, end)) continue;
      const secret = text.slice(start, end);
      const print = fingerprint(rule.id, file, secret);
      if (baseline.has(print)) continue;
      const { line, column } = lines.locate(start);
      findings.push({
        ruleId: rule.id,
        description: rule.description,
        severity: rule.severity,
        file,
        line,
        column,
        start,
        end,
        preview: maskSecret(secret),
        fingerprint: print,
        secretHash: secretHash(secret),
      });
    }
    return findings;
  };

  return {
    rules: info,
    scanText,
    scanFile: (path: string, scanOptions: ScanOptions = {}) => scanFileInChunks(path, (window) => scanText(window, { file: scanOptions.file ?? path }), { onBinary: scanOptions.onBinary }),
  };
}
