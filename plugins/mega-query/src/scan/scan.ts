import type { InjectionGuard, SecretScanner } from '@loomkit/plugin-security';
import type { FileFacts, ScannedFile, ScanResult, SkippedFile, WalkedFile, WalkResult } from '../types.js';
import { forEachConcurrent } from '../walk/concurrency.js';
import { nodeFs, type WalkFs } from '../walk/fs.js';
import { isBinaryPath } from './binary.js';
import { derivedKey, type CachedDerived, type FileCache } from './cache.js';
import { protectionKey, type CachedProtection, type ProtectionCache } from './protection-cache.js';
import type { StampIndex } from './stamps.js';
import { wordsKey, type CachedWords, type WordsCache } from './words-cache.js';
import type { TermBag } from '../repomap/term-bag.js';
import { languageOf } from './language.js';
import { readText } from './read.js';
import { twinKeyOf, workLikeTwin, workOn, type FileJob, type FileTools, type FileWork, type TwinWork } from './work.js';

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
  words?: (text: string) => TermBag | undefined;
  wordsCache?: WordsCache;
  /**
   * Runs the per-file work (work.ts) elsewhere, on worker threads (pool.ts); it must give what
   * workOn gives with the tools above. Without it the work runs on this thread.
   */
  pool?: { run(job: FileJob): Promise<FileWork> };
  /**
   * With a pool: the fewest files that must be read and judged for it to be used. Fewer (an edit
   * or two since the last scan) are done on this thread: starting workers, each loading the
   * detectors and the grammars, would cost more than the files.
   */
  poolFrom?: number;
  /** The file-system calls to use (tests); Node's by default. */
  fs?: WalkFs;
}

export interface ScanOptions {
  /** The walk's size cap (mega-query.maxFileBytes), enforced again on the read itself. */
  maxFileBytes?: number;
  /** Files read at once (default 64): bounds the texts held in memory, and keeps workers' queues filled while this thread reads. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const DEFAULT_CONCURRENCY = 64;
const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Reads, protects and measures every walked file; nothing of a file's text outlives its turn. */
export async function scan(walked: WalkResult, deps: ScanDeps, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const fs = deps.fs ?? nodeFs;
  const total = walked.files.length;
  const scanned: Array<ScannedFile | undefined> = new Array(total);
  const skipped: SkippedFile[] = [...walked.skipped];
  let cacheHits = 0;
  let done = 0;

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
    const derived = deps.cache?.get(derivedKey(hash, file.path));
    if (!usable(derived, protection.redaction)) return undefined;
    const words = needsWords ? deps.wordsCache?.get(wordsKey(hash, protection.redaction)) : undefined;
    return needsWords && words === undefined ? undefined : record(file, hash, protection, derived, words);
  };
  const tools: FileTools = { secrets: deps.secrets, injection: deps.injection, facts: deps.facts, words: needsWords ? deps.words : undefined };
  /**
   * What this scan gave each content under each file name: a copy (a fixture, a vendored file,
   * the same package at two versions) is judged by workLikeTwin instead of parsed and scored again.
   */
  const twins = new Map<string, TwinWork>();
  /**
   * Judges and measures what the caches do not hold. A cached verdict without findings is used
   * as it is (the text is the raw one); with findings, the redaction needs their positions, so
   * the file is judged again. Derived data and words are taken from the caches when they hold
   * them for the redaction the verdict gives.
   */
  const judge = async (file: WalkedFile, hash: string, raw: string, encoding: CachedDerived['encoding']): Promise<ScannedFile> => {
    const key = protectionKey(hash, file.path);
    const known = deps.protection?.get(key);
    const clean = known !== undefined && known.redaction === '' ? known : undefined;
    const cached = deps.cache?.get(derivedKey(hash, file.path));
    const cachedWords = needsWords && clean !== undefined ? deps.wordsCache?.get(wordsKey(hash, '')) : undefined;
    const job: FileJob = {
      raw,
      path: file.path,
      language: languageOf(file.path),
      encoding,
      protect: clean === undefined,
      derivedCachedFor: cached !== undefined && (!needsFacts || cached.facts !== undefined) ? cached.redaction : undefined,
      words: needsWords && cachedWords === undefined,
      wordsCachedIfClean: needsWords && clean === undefined && deps.wordsCache?.get(wordsKey(hash, '')) !== undefined,
    };
    const twinKey = twinKeyOf(hash, file.path);
    const twin = clean === undefined ? twins.get(twinKey) : undefined;
    const work = (twin && workLikeTwin(job, twin, deps.secrets)) ?? (await run(job));
    const protection = clean ?? work.protection!;
    if (clean === undefined) deps.protection?.set(key, protection);
    let derived: CachedDerived;
    if (usable(cached, protection.redaction)) {
      derived = cached;
      cacheHits++;
    } else {
      derived = work.derived!;
      deps.cache?.set(derivedKey(hash, file.path), derived);
    }
    let words: CachedWords | undefined;
    if (needsWords) {
      const wordsAt = wordsKey(hash, protection.redaction);
      words = deps.wordsCache?.get(wordsAt);
      if (words === undefined) {
        words = work.words!;
        deps.wordsCache?.set(wordsAt, words);
      }
    }
    if (!twins.has(twinKey)) twins.set(twinKey, { protection, derived, ...(words === undefined ? {} : { words }) });
    return record(file, hash, protection, derived, words);
  };

  /** Whether the file is done without reading it: binary by name, or unchanged since a scan the caches hold. */
  const settled = (file: WalkedFile, index: number): boolean => {
    if (isBinaryPath(file.path)) {
      skipped.push({ path: file.path, reason: 'binary', detail: 'extension' });
      return true;
    }
    const stamped = deps.stamps?.hashOf(file);
    const unread = stamped === undefined ? undefined : fromCache(file, stamped);
    if (unread === undefined) return false;
    deps.stamps?.record(file, unread.hash);
    scanned[index] = unread;
    cacheHits++;
    return true;
  };

  const readAndJudge = async (file: WalkedFile, index: number): Promise<void> => {
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
    scanned[index] = await judge(file, read.hash, read.text, read.encoding);
  };

  const progressed = () => options.onProgress?.(++done, total);
  // First what the caches settle (no read, no promise: on an unchanged tree almost every file),
  // so the files left are known before deciding whether workers are worth starting.
  options.signal?.throwIfAborted();
  const unsettled: number[] = [];
  walked.files.forEach((file, index) => {
    if (settled(file, index)) progressed();
    else unsettled.push(index);
  });
  const pool = deps.pool !== undefined && unsettled.length >= (deps.poolFrom ?? 0) ? deps.pool : undefined;
  const run = (job: FileJob): Promise<FileWork> => (pool ? pool.run(job) : workOn(job, tools));
  await forEachConcurrent(
    unsettled,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    (index) => readAndJudge(walked.files[index]!, index).then(progressed),
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
