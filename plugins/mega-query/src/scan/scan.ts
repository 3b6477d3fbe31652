import { createHash } from 'node:crypto';
import { estimateTextTokens } from '@loomkit/llm';
import { placeholder, replaceFindings, type InjectionGuard, type SecretFinding, type SecretScanner } from '@loomkit/plugin-security';
import type { FileFacts, MaskedSecret, ScannedFile, ScanResult, SkippedFile, WalkedFile, WalkResult } from '../types.js';
import { forEachConcurrent } from '../walk/concurrency.js';
import { nodeFs, type WalkFs } from '../walk/fs.js';
import { isBinaryPath } from './binary.js';
import type { CachedDerived, FileCache } from './cache.js';
import { protectionKey, type CachedProtection, type ProtectionCache } from './protection-cache.js';
import type { StampIndex } from './stamps.js';
import { injectionRegions } from './injection-regions.js';
import { wordsKey, type CachedWords, type WordsCache } from './words-cache.js';
import { languageOf } from './language.js';
import { countLines, countTodos } from './measure.js';
import { readText } from './read.js';

export interface ScanDeps {
  secrets: SecretScanner;
  injection: InjectionGuard;
  cache?: FileCache;
  /**
   * Secret findings and injection scores of earlier scans; use it only under the scanner's and
   * the guard's versions (createProtectionCache), else stale verdicts would be served.
   */
  protection?: ProtectionCache;
  /** Content hashes of unchanged files, so they are not read again (needs both caches above to help). */
  stamps?: StampIndex;
  /** Symbols and imports of a file's redacted text; asked only for files not in the cache. */
  facts?: (text: string, language: string, path: string) => Promise<FileFacts> | FileFacts;
  /**
   * The search terms of a file's redacted text with their counts (`facts.words`, what ranking by a
   * question reads), asked only for files not in `wordsCache`. Without it (or without `facts`) no
   * file carries words: a scan for no question neither counts nor parses them.
   */
  words?: (text: string) => Record<string, number> | undefined;
  wordsCache?: WordsCache;
  /** The file-system calls to use (tests); Node's by default. */
  fs?: WalkFs;
}

export interface ScanOptions {
  /** The walk's size cap (mega-query.maxFileBytes), enforced again on the read itself. */
  maxFileBytes?: number;
  /** Files read at once (default 32): bounds the texts held in memory. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const DEFAULT_CONCURRENCY = 32;
/** The verdict of text with nothing in it that could address a model. */
const NOT_ADDRESSED = { score: 0, verdict: 'benign' } as const;
const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Which redactions a text had: the placeholder format is fixed by (rule, secret hash), so the
 * same raw bytes with the same redactions are the same redacted text, and everything derived
 * from it (tokens, lines, facts) can come from the cache. New rules or a baseline change the
 * digest and the file is measured again.
 */
function redactionDigest(findings: readonly SecretFinding[]): string {
  if (findings.length === 0) return '';
  return createHash('sha256')
    .update(findings.map((finding) => `${finding.start}:${finding.end}:${placeholder(finding)}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
}

const masked = (finding: SecretFinding): MaskedSecret => ({ ruleId: finding.ruleId, severity: finding.severity, line: finding.line, preview: finding.preview });

/** Reads, protects and measures every walked file; nothing of a file's text outlives its turn. */
export async function scan(walked: WalkResult, deps: ScanDeps, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const fs = deps.fs ?? nodeFs;
  const total = walked.files.length;
  const scanned: Array<ScannedFile | undefined> = new Array(total);
  const skipped: SkippedFile[] = [...walked.skipped];
  let cacheHits = 0;
  let done = 0;

  const derive = async (text: string, path: string, language: string, encoding: CachedDerived['encoding'], redaction: string): Promise<CachedDerived> => {
    const derived: CachedDerived = { encoding, lines: countLines(text), todos: countTodos(text), tokens: estimateTextTokens(text), redaction };
    if (deps.facts !== undefined) derived.facts = await deps.facts(text, language, path);
    return derived;
  };

  const needsFacts = deps.facts !== undefined;
  const needsWords = needsFacts && deps.words !== undefined;
  const usable = (derived: CachedDerived | undefined, redaction: string): derived is CachedDerived =>
    derived !== undefined && derived.redaction === redaction && (!needsFacts || derived.facts !== undefined);
  const withWords = (facts: FileFacts, words: CachedWords | undefined): FileFacts => (words?.words ? { ...facts, words: words.words } : facts);
  const record = (file: WalkedFile, hash: string, protection: CachedProtection, derived: CachedDerived, words?: CachedWords): ScannedFile => ({
    path: file.path,
    size: file.size,
    hash,
    language: languageOf(file.path),
    encoding: derived.encoding,
    lines: derived.lines,
    tokens: derived.tokens,
    todos: derived.todos,
    secrets: protection.secrets,
    injection: { score: protection.score, verdict: protection.verdict },
    ...(needsFacts && derived.facts !== undefined ? { facts: withWords(derived.facts, words) } : {}),
  });
  /** The file as an earlier scan saw the same bytes at the same path, when every part of it is cached. */
  const fromCache = (file: WalkedFile, hash: string): ScannedFile | undefined => {
    const protection = deps.protection?.get(protectionKey(hash, file.path));
    if (protection === undefined) return undefined;
    const derived = deps.cache?.get(hash);
    if (!usable(derived, protection.redaction)) return undefined;
    const words = needsWords ? deps.wordsCache?.get(wordsKey(hash, protection.redaction)) : undefined;
    return needsWords && words === undefined ? undefined : record(file, hash, protection, derived, words);
  };
  /**
   * The redacted text and what the secret scan and injection guard say of it. A cached verdict
   * without findings is used as it is (only words were missing); with findings, the redaction
   * needs their positions, so the file is judged again.
   */
  const protect = (file: WalkedFile, hash: string, raw: string): { text: string; protection: CachedProtection } => {
    const cached = deps.protection?.get(protectionKey(hash, file.path));
    if (cached !== undefined && cached.redaction === '') return { text: raw, protection: cached };
    const findings = deps.secrets.scanText(raw, { file: file.path });
    const text = findings.length === 0 ? raw : replaceFindings(raw, findings);
    // The report's verdict scores only where an instruction could hide (injection-regions.ts);
    // what Claude reads is fenced by the full guard in createReadProtected.
    const regions = injectionRegions(text);
    const { score, verdict } = regions === '' ? NOT_ADDRESSED : deps.injection.score(regions);
    const protection: CachedProtection = { secrets: findings.map(masked), redaction: redactionDigest(findings), score, verdict };
    deps.protection?.set(protectionKey(hash, file.path), protection);
    return { text, protection };
  };
  const wordsOf = (hash: string, redaction: string, text: string): CachedWords | undefined => {
    if (!needsWords) return undefined;
    const key = wordsKey(hash, redaction);
    const cached = deps.wordsCache?.get(key);
    if (cached !== undefined) return cached;
    const words: CachedWords = { words: deps.words?.(text) ?? null };
    deps.wordsCache?.set(key, words);
    return words;
  };

  const scanFile = async (file: WalkedFile, index: number): Promise<void> => {
    if (isBinaryPath(file.path)) {
      skipped.push({ path: file.path, reason: 'binary', detail: 'extension' });
      return;
    }
    const stamped = deps.stamps?.hashOf(file);
    const unread = stamped === undefined ? undefined : fromCache(file, stamped);
    if (unread !== undefined) {
      deps.stamps?.record(file, unread.hash);
      scanned[index] = unread;
      cacheHits++;
      return;
    }
    const read = await readText(file.abs, fs, options.maxFileBytes);
    if (read.kind === 'skip') {
      skipped.push({ path: file.path, reason: read.reason, ...(read.detail === undefined ? {} : { detail: read.detail }) });
      return;
    }
    deps.stamps?.record(file, read.hash);
    const known = fromCache(file, read.hash);
    if (known !== undefined) {
      scanned[index] = known;
      cacheHits++;
      return;
    }
    const { text, protection } = protect(file, read.hash, read.text);
    const cached = deps.cache?.get(read.hash);
    let derived: CachedDerived;
    if (usable(cached, protection.redaction)) {
      derived = cached;
      cacheHits++;
    } else {
      derived = await derive(text, file.path, languageOf(file.path), read.encoding, protection.redaction);
      deps.cache?.set(read.hash, derived);
    }
    scanned[index] = record(file, read.hash, protection, derived, wordsOf(read.hash, protection.redaction, text));
  };

  await forEachConcurrent(
    walked.files,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (file, index) => {
      await scanFile(file, index);
      options.onProgress?.(++done, total);
    },
    options.signal,
  );

  const files = scanned.filter((file): file is ScannedFile => file !== undefined);
  const totals = { files: files.length, bytes: 0, lines: 0, tokens: 0 };
  for (const file of files) {
    totals.bytes += file.size;
    totals.lines += file.lines;
    totals.tokens += file.tokens;
  }
  return {
    root: walked.root,
    source: walked.source,
    files,
    skipped: skipped.sort(byPath),
    excludes: walked.excludes,
    totals,
    cacheHits,
    durationMs: Math.round(performance.now() - started),
  };
}
