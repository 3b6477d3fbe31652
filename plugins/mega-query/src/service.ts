import { realpath } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { climbsOut, LoomError, type EventBus, type Paths } from '@loomkit/kernel';
import type { Llm } from '@loomkit/llm';
import type { InjectionGuard, Policy, SecretScanner } from '@loomkit/plugin-security';
import { allChunksStored, analyse, answerQuestion, calibrate, prefixTokens } from './analyse/index.js';
import { costPlan, planAnswerChunk, planChunks } from './chunk/index.js';
import { finishedPayload } from './events.js';
import { compressionCurve, type CurvePoint } from './chunk/curve.js';
import { takeWalk } from './early/handover.js';
import { readEvalQuestions } from './eval-file.js';
import { importGraphOf } from './graph-cache.js';
import { MEGA_OFFLINE, offlineReason } from './offline.js';
import { outcomeKept, outcomeKeyWith, readOutcome, writeOutcome } from './outcome-cache.js';
import { buildRepoMap, evaluateRanking, FACTS_VERSION, matchingLines, readChurn, renderRepoMap, structureOf, wordCounts, type EvalSummary } from './repomap/index.js';
import { staticReport } from './report/static-report.js';
import type { StaticReport } from './report/types.js';
import { cacheDirFor, createFileCache, createProtectionCache, createReadProtected, createScanPool, createWordsCache, defaultWorkers, openStampIndex, scan, type ScanPool } from './scan/index.js';
import type { FileTools } from './scan/work.js';
import type { MegaQueryConfig } from './schema.js';
import type { Analysis, Citation, CostPlan, Mode, RankedFile, RankReasons, ReadProtected, ScanResult, ScannedFile, WalkResult } from './types.js';
import { policyDeny, walkFolder, walkSettingsFor, type WalkSettings } from './walk-target.js';

export type Stage = 'walk' | 'scan' | 'map' | 'reduce';
export type ProgressListener = (event: { stage: Stage; done: number; total: number; fromCache?: number }) => void;

export interface ScanRequest {
  /** Folder to analyse, relative to the current directory (default: it). */
  target?: string;
  /** Extract symbols and imports too (the repo map needs them). */
  facts?: boolean;
  /** With facts, count each file's search terms too (ranking for a question reads them). */
  words?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface MegaRequest extends ScanRequest {
  question?: string;
  mode?: Mode;
  model?: string;
  /** Plan only: the static report and what an online run would cost. */
  dryRun?: boolean;
  /** Send the map stage as a Message Batch (half price, slower). */
  batch?: boolean;
  maxCostUsd?: number;
  chunkTokens?: number;
}

export interface MegaOutcome {
  root: string;
  report: StaticReport;
  plan: CostPlan;
  /** Present after an online run. */
  analysis?: Analysis;
  /** Why no call was made (no key, --dry-run), when none was. */
  offline?: string;
  /** How to find this offline outcome in the cache again (`query mega`'s early answer): present when it was kept there. */
  replay?: Replay;
}

/** What an offline outcome's key derives from besides the files and git's churn, as the run used it. */
export interface Replay {
  /** The folder as asked (absolute, not resolved through links). */
  root: string;
  walk: WalkSettings;
  churnCommits: number;
  mode: Mode;
  /** Settings, request, versions of the rules and models (outcomeKeyWith's `fixed`). */
  inputs: Record<string, unknown>;
}

export interface AskRequest {
  question: string;
  /** Folder to query, relative to the current directory (default: it). */
  target?: string;
  /** Files or folders to draw from, relative to the current directory (default: all of it). */
  paths?: string[];
  model?: string;
  /** Tokens of file content the answer may draw on. */
  tokens?: number;
  dryRun?: boolean;
  maxCostUsd?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface RankedMatch {
  path: string;
  score: number;
  tokens: number;
  lines: Array<{ line: number; text: string }>;
  /** What it matched: symbols, path and text terms, phrases, and its role. */
  why?: RankReasons;
}

export interface AskOutcome {
  question: string;
  /** The files ranked for the question, best first, with the lines that match it. */
  ranked: RankedMatch[];
  /** Claude's answer, when a key was set and --dry-run was not. */
  answer?: { text: string; citations: Citation[]; model: string; costUsd: number };
  offline?: string;
}

export interface RepoMapOutcome {
  root: string;
  text: string;
  tokens: number;
  /** Files shown, of all scanned. */
  files: number;
  totalFiles: number;
}

export interface EvalRequest {
  /** A JSONL file of `{"q", "gold": [paths]}` rows, relative to the current directory. */
  file: string;
  /** Folder the gold paths are relative to (default: the current one). */
  target?: string;
  /** compressBelow fractions (0–1) to measure the compression curve at. */
  compress?: number[];
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface EvalOutcome extends EvalSummary {
  root: string;
  /** Gold paths that are not among the scanned files (a typo, or the wrong folder). */
  missing: string[];
  /** With `compress`: tokens saved and answer files kept at each compressBelow. */
  curve?: CurvePoint[];
}

export interface MegaQueryService {
  scan(request?: ScanRequest): Promise<ScanResult>;
  mega(request?: MegaRequest): Promise<MegaOutcome>;
  ask(request: AskRequest): Promise<AskOutcome>;
  repoMap(request?: ScanRequest & { tokens?: number; focus?: string }): Promise<RepoMapOutcome>;
  /** Ranks each question of a file as `ask` would and measures where its gold files land. */
  evaluate(request: EvalRequest): Promise<EvalOutcome>;
}

export interface MegaQueryDeps {
  config: MegaQueryConfig;
  paths: Paths;
  /** Lazy: offline paths never construct the client. */
  llm: () => Llm;
  secrets: () => SecretScanner;
  injection: () => InjectionGuard;
  policy: () => Policy;
  events: Pick<EventBus, 'emit'>;
  cwd?: () => string;
  now?: () => number;
}

const RANKED_SHOWN = 10;
/** Below this many files to read and judge (or in the tree, for the pool to be made), a scan runs on one thread: starting workers would cost more than they save. */
const WORKERS_FROM_FILES = 256;

export function createMegaQueryService(deps: MegaQueryDeps): MegaQueryService {
  const { config, paths } = deps;
  const now = deps.now ?? Date.now;
  const rootOf = (target = '.') => resolve(deps.cwd?.() ?? process.cwd(), target);

  /**
   * Worker threads for the files a scan must judge and parse (they start on the first such
   * file): when the scanner and the guard can be rebuilt in them, and the scan is large enough
   * to repay starting them, unless mega-query.workers says how many.
   */
  const poolFor = (files: number, tools: FileTools, words: boolean): ScanPool | undefined => {
    const { secrets, injection } = tools;
    const size = config.workers ?? (files >= WORKERS_FROM_FILES ? defaultWorkers() : 0);
    if (size === 0 || secrets.recipe === undefined || injection.recipe === undefined) return undefined;
    return createScanPool({ secrets: secrets.recipe, injection: injection.recipe, facts: tools.facts !== undefined, words }, size, tools);
  };

  // Every file read for Claude passes the security policy.
  const walkTarget = async (request: ScanRequest): Promise<WalkResult> => {
    const root = rootOf(request.target);
    const settings = walkSettingsFor(config, root, paths.cacheDir);
    return (
      takeWalk(root, settings, paths.projectRoot) ??
      walkFolder(root, settings, {
        userCacheDir: paths.cacheDir,
        deny: policyDeny(deps.policy(), paths.projectRoot, root),
        signal: request.signal,
        onProgress: (found) => request.onProgress?.({ stage: 'walk', done: found, total: 0 }),
      })
    );
  };

  const scanWalked = async (walked: WalkResult, request: ScanRequest): Promise<ScanResult> => {
    const cacheDir = cacheDirFor(walked.root, paths.cacheDir);
    const secrets = deps.secrets();
    const injection = deps.injection();
    const cache = await createFileCache(cacheDir, { version: FACTS_VERSION });
    // Without both versions nothing says a stored verdict is still the one today's rules would give.
    const versioned = secrets.version !== undefined && injection.version !== undefined;
    const protection = versioned ? await createProtectionCache(cacheDir, `${secrets.version}:${injection.version}`) : undefined;
    const stamps = versioned ? await openStampIndex(cacheDir, now) : undefined;
    const words = request.facts && request.words ? await createWordsCache(cacheDir, FACTS_VERSION) : undefined;
    const tools = { secrets, injection, facts: request.facts ? structureOf : undefined, words: words && wordCounts };
    const pool = poolFor(walked.files.length, tools, Boolean(words));
    try {
      const result = await scan(
        walked,
        // Workers for as many files as repay them, unless mega-query.workers says so.
        { ...tools, cache, protection, stamps, wordsCache: words, pool, poolFrom: config.workers === undefined ? WORKERS_FROM_FILES : 0 },
        { maxFileBytes: config.maxFileBytes, signal: request.signal, onProgress: (done, total) => request.onProgress?.({ stage: 'scan', done, total }) },
      );
      await Promise.all([cache.flush(), protection?.flush(), words?.flush(), stamps?.save(walked.root)]);
      return result;
    } finally {
      await pool?.close();
    }
  };

  const scanTarget = async (request: ScanRequest = {}): Promise<ScanResult> => scanWalked(await walkTarget(request), request);

  /**
   * Git's churn of the folder `target` names, asked as the walk starts: both mostly wait on git.
   * The walk's root is the same real path; a folder that cannot be resolved fails the walk. Kept
   * in the root's cache folder under HEAD's commit.
   */
  const churnBeside = (target: string | undefined): Promise<Map<string, number>> =>
    realpath(rootOf(target))
      .then((real) => readChurn(real, config.churnCommits, cacheDirFor(real, paths.cacheDir)))
      // Churn only sharpens a rank; and this promise may never be awaited once the walk fails.
      .catch(() => new Map());

  const requireFiles = (scanned: ScanResult): ScanResult => {
    if (scanned.files.length > 0) return scanned;
    const reasons = new Map<string, number>();
    for (const skip of scanned.skipped) reasons.set(skip.reason, (reasons.get(skip.reason) ?? 0) + 1);
    const why = [...reasons].map(([reason, count]) => `${count} ${reason}`).join(', ');
    throw new LoomError('MEGA_NOTHING_TO_READ', `no text files to analyse in ${scanned.root}${why ? ` (skipped: ${why})` : ''}`, {
      hint: why
        ? 'binary files are never read; `loom config set mega-query.include …` keeps excluded files and mega-query.maxFileBytes raises the size cap'
        : 'point it at a folder with source files: loom query mega <path>',
    });
  };

  /**
   * What the outcome cache's key for this offline run derives from besides the files and the
   * churn, or none when it cannot be trusted (a detector without a version).
   */
  const fixedInputsOf = (asked: { mode: Mode; chunkTokens: number; model: string; question?: string }, llm: Llm): Record<string, unknown> | undefined => {
    const { secrets, injection } = { secrets: deps.secrets().version, injection: deps.injection().version };
    if (secrets === undefined || injection === undefined) return undefined;
    const { workers: _workers, ...settings } = config;
    return { settings, asked, secrets, injection, facts: FACTS_VERSION, models: llm.models, limits: llm.limits };
  };

  const emitFinished = (run: Parameters<typeof finishedPayload>[0]) => deps.events.emit('mega-query:finished', finishedPayload(run));

  return {
    scan: scanTarget,

    async mega(request = {}) {
      const started = now();
      const mode = request.mode ?? config.mode;
      const chunkTokens = request.chunkTokens ?? config.chunkTokens;
      const scanRequest = { ...request, facts: true, words: request.question !== undefined };
      const churning = churnBeside(request.target);
      const walked = await walkTarget(scanRequest);
      const llm = deps.llm();
      const model = request.model ?? config.model ?? llm.defaultModel;
      const offline = offlineReason(request.dryRun, llm.available, MEGA_OFFLINE);
      // Offline, the report and plan are all there is: an unchanged repository asked the same gets them from the cache.
      // With none kept, git's log (part of the key) runs beside the scan instead of before it.
      const fixed = offline === undefined ? undefined : fixedInputsOf({ mode, chunkTokens, model, question: request.question }, llm);
      const root = rootOf(request.target);
      const replay = fixed && { root, walk: walkSettingsFor(config, root, paths.cacheDir), churnCommits: config.churnCommits, mode, inputs: fixed };
      const cacheDir = cacheDirFor(walked.root, paths.cacheDir);
      const servable = fixed !== undefined && outcomeKept(cacheDir);
      let key = servable ? await outcomeKeyWith(walked, fixed, await churning, started) : undefined;
      const stored = key === undefined ? undefined : await readOutcome<{ report: StaticReport; plan: CostPlan }>(cacheDir, key);
      if (stored) {
        await emitFinished({ root: walked.root, mode, files: stored.report.totals.files, chunks: stored.plan.chunks, durationMs: now() - started });
        return { root: walked.root, ...stored, offline: offline!, replay };
      }
      const scanned = requireFiles(await scanWalked(walked, scanRequest));
      const churn = await churning;
      if (fixed !== undefined && !servable) key = await outcomeKeyWith(walked, fixed, churn, started);
      const graph = await importGraphOf(scanned.files, cacheDir);
      const map = await buildRepoMap(scanned.files, { root: scanned.root, churnCommits: config.churnCommits, question: request.question, churn, graph });
      const report = staticReport(scanned, map);
      const mapText = renderRepoMap(map, scanned.files, { tokens: config.mapTokens }).text;
      const chunks = planChunks(scanned.files, map, { chunkTokens, compressBelow: config.compressBelow });
      const prefix = prefixTokens(mode, mapText, request.question);
      const planFor = (ratio: number | undefined) => {
        const scale = (tokens: number) => (ratio === undefined ? tokens : Math.ceil(tokens * ratio));
        const plan = costPlan(ratio === undefined ? chunks : chunks.map((chunk) => ({ ...chunk, tokens: scale(chunk.tokens) })), {
          model,
          mode,
          question: request.question,
          models: llm.models,
          outputTokens: config.outputTokens,
          prefixTokens: scale(prefix),
          files: scanned.files,
          chunkTokens,
          estimated: ratio === undefined,
          limits: llm.limits,
        });
        return { ...plan, fullPackTokens: scale(plan.fullPackTokens), compressedTokens: scale(plan.compressedTokens) };
      };
      let plan = planFor(undefined);
      if (key !== undefined) await writeOutcome(cacheDir, key, { report, plan });
      let analysis: Analysis | undefined;
      const read = createReadProtected(scanned.root, { secrets: deps.secrets(), injection: deps.injection(), maxFileBytes: config.maxFileBytes });
      const settings = { mode, model, outputTokens: config.outputTokens, question: request.question };
      const resultsDir = join(cacheDir, 'results');
      // A rerun whose chunks are all stored sends no map call: counting them would be the one request it makes.
      if (!offline && chunks.length > 0 && !(await allChunksStored(resultsDir, chunks, settings))) {
        const largest = chunks.reduce((best, chunk) => (chunk.tokens > best.tokens ? chunk : best));
        const files = new Map(scanned.files.map((file) => [file.path, file]));
        const calibration = await calibrate({ llm, chunk: largest, read, files, settings, mapText, signal: request.signal });
        plan = { ...planFor(calibration.ratio), ...(calibration.note ? { estimateNote: calibration.note } : {}) };
      }
      if (!offline) {
        analysis = await analyse({
          files: scanned.files,
          chunks,
          mapText,
          read,
          llm,
          model,
          mode,
          question: request.question,
          outputTokens: config.outputTokens,
          chunkTokens,
          resultsDir,
          batch: request.batch,
          maxCostUsd: request.maxCostUsd,
          signal: request.signal,
          onProgress: (event) => request.onProgress?.(event),
        });
      }
      await emitFinished({
        root: scanned.root,
        mode,
        files: scanned.files.length,
        chunks: chunks.length,
        durationMs: now() - started,
        ...(analysis ? { chunksFromCache: analysis.stats.chunksFromCache, calls: analysis.stats.calls, costUsd: analysis.stats.costUsd, offline: false } : {}),
      });
      return { root: scanned.root, report, plan, ...(analysis ? { analysis } : {}), ...(offline ? { offline } : {}), ...(replay && key !== undefined ? { replay } : {}) };
    },

    async ask(request) {
      const question = request.question.trim();
      if (question === '') throw new LoomError('USAGE', 'nothing to ask', { hint: 'loom query "where are sessions stored?" [paths…]', exitCode: 2 });
      const churning = churnBeside(request.target);
      const scanned = requireFiles(await scanTarget({ target: request.target, facts: true, words: true, signal: request.signal, onProgress: request.onProgress }));
      const files = withinPaths(scanned, request.paths ?? [], rootOf());
      const read = cachedRead(createReadProtected(scanned.root, { secrets: deps.secrets(), injection: deps.injection(), maxFileBytes: config.maxFileBytes }));
      const graph = await importGraphOf(files, cacheDirFor(scanned.root, paths.cacheDir));
      const map = await buildRepoMap(files, { root: scanned.root, churnCommits: config.churnCommits, question, read: textOf(read), graph, churn: await churning });
      const byPath = new Map(files.map((file) => [file.path, file]));
      const relevant = map.ranked.filter((rankedFile) => rankedFile.relevance > 0);
      const ranked = await Promise.all(relevant.slice(0, RANKED_SHOWN).map((rankedFile: RankedFile) => matchOf(rankedFile, byPath, read, question)));
      const llm = deps.llm();
      const offline = offlineReason(request.dryRun, llm.available, 'these are the files Claude would read first, with the lines that match');
      if (offline) return { question, ranked, offline };
      const model = request.model ?? config.model ?? llm.defaultModel;
      const chunk = planAnswerChunk(files, { ...map, ranked: relevant.length > 0 ? relevant : map.ranked }, request.tokens ?? config.chunkTokens);
      if (!chunk) return { question, ranked, offline: 'no file matched the question' };
      const answer = await answerQuestion({ files, chunk, read, llm, model, question, outputTokens: config.outputTokens, maxCostUsd: request.maxCostUsd, signal: request.signal });
      return { question, ranked, answer: { text: answer.answer, citations: answer.citations, model, costUsd: answer.stats.costUsd } };
    },

    async repoMap(request = {}) {
      const churning = churnBeside(request.target);
      const scanned = requireFiles(await scanTarget({ ...request, facts: true, words: request.focus !== undefined }));
      const graph = await importGraphOf(scanned.files, cacheDirFor(scanned.root, paths.cacheDir));
      const map = await buildRepoMap(scanned.files, { root: scanned.root, churnCommits: config.churnCommits, question: request.focus, graph, churn: await churning });
      const rendered = renderRepoMap(map, scanned.files, { tokens: request.tokens ?? config.mapTokens });
      return { root: scanned.root, ...rendered, totalFiles: scanned.files.length };
    },

    async evaluate(request) {
      const questions = await readEvalQuestions(resolve(rootOf(), request.file));
      const churning = churnBeside(request.target);
      const scanned = requireFiles(await scanTarget({ target: request.target, facts: true, words: true, signal: request.signal, onProgress: request.onProgress }));
      const read = textOf(cachedRead(createReadProtected(scanned.root, { secrets: deps.secrets(), injection: deps.injection() })));
      // One graph and one churn for every question, the ranking's and the compression curve's.
      const graph = await importGraphOf(scanned.files, cacheDirFor(scanned.root, paths.cacheDir));
      const churn = await churning;
      const summary = await evaluateRanking(scanned.files, questions, { root: scanned.root, churnCommits: config.churnCommits, read, graph, churn });
      const known = new Set(scanned.files.map((file) => file.path));
      const missing = [...new Set(questions.flatMap((question) => question.gold))].filter((path) => !known.has(path));
      if (!request.compress?.length) return { root: scanned.root, ...summary, missing };
      const curve = await compressionCurve(scanned.files, questions, request.compress, {
        chunkTokens: config.chunkTokens,
        mapFor: (question) => buildRepoMap(scanned.files, { root: scanned.root, churnCommits: config.churnCommits, question, graph, churn }),
      });
      return { root: scanned.root, ...summary, missing, curve };
    },
  };
}

/** A read that reads each file once: ranking and the matching lines ask for the same files. */
function cachedRead(read: ReadProtected): ReadProtected {
  const texts = new Map<string, ReturnType<ReadProtected>>();
  return (path) => {
    let text = texts.get(path);
    if (!text) texts.set(path, (text = read(path)));
    return text;
  };
}

/** The text of a file for ranking, or undefined when it can no longer be read. */
const textOf =
  (read: ReadProtected) =>
  (path: string): Promise<string | undefined> =>
    read(path).then(
      (file) => file.text,
      () => undefined,
    );

/** The scanned files under any of `paths` (files or folders given relative to `cwd`); all of them when none. */
function withinPaths(scanned: ScanResult, paths: string[], cwd: string): ScannedFile[] {
  if (paths.length === 0) return scanned.files;
  const relatives = paths.map((path) => relative(scanned.root, resolve(cwd, path)));
  const prefixes = relatives.map((rel) => rel.split(sep).join('/'));
  const outside = prefixes.find((_, n) => climbsOut(relatives[n]!));
  if (outside !== undefined) {
    throw new LoomError('MEGA_PATH_OUTSIDE', `${outside} is outside ${scanned.root}`, { hint: 'give paths inside the folder being queried' });
  }
  const files = scanned.files.filter((file) => prefixes.some((prefix) => prefix === '' || file.path === prefix || file.path.startsWith(`${prefix}/`)));
  if (files.length === 0) {
    throw new LoomError('MEGA_NOTHING_TO_READ', `no scanned text file under ${paths.join(', ')}`, { hint: 'check the paths; `loom query map` lists what Loom can read' });
  }
  return files;
}

async function matchOf(ranked: RankedFile, byPath: Map<string, ScannedFile>, read: (path: string) => Promise<{ text: string }>, question: string): Promise<RankedMatch> {
  const file = byPath.get(ranked.path)!;
  const lines = await read(ranked.path).then(
    (protectedText) => matchingLines(protectedText.text, question, 3),
    // A file gone since the scan still ranks; it just has no lines to show.
    () => [],
  );
  return { path: ranked.path, score: ranked.score, tokens: file.tokens, lines, ...(ranked.why ? { why: ranked.why } : {}) };
}
