import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Pricer } from '../../query/price.js';
import { progressReporter } from '../../store/progress.js';
import type { OnProgress, Scan, SessionInfo, UsagePart } from '../../types.js';
import { fingerprintOf } from '../../store/lines.js';
import { listTranscripts, type Listing } from './folders.js';
import { Ledger } from './ledger.js';
import { readHere, readInWorkers, type Job } from './parallel.js';

/** Claude Code's config folders: `$CLAUDE_CONFIG_DIR` (comma-separated) if set, else ~/.config/claude and ~/.claude. */
export function claudeCodeDirs(env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  const configured = env.CLAUDE_CONFIG_DIR?.split(',').map((dir) => dir.trim()).filter(Boolean);
  return configured && configured.length > 0 ? configured : [join(home, '.config', 'claude'), join(home, '.claude')];
}

export interface ScanOptions {
  /** Read with worker threads when at least this many new bytes wait (a cold start over a big history). */
  parallelBytes: number;
  workers: number;
}

/**
 * Brings the ledger up to date with the transcripts and returns its rows. Only new bytes
 * are read: a file whose size and mtime are unchanged is not opened, one that grew is read
 * from where the last scan stopped. A file that shrank, vanished or was replaced (the bytes
 * before that point changed) was rewritten or deleted; its responses may have hidden
 * copies elsewhere, so the ledger starts over.
 */
export function scanClaudeCode(dirs: string[], loaded: Ledger, pricer: Pricer, options: ScanOptions, onProgress?: OnProgress): { scan: Scan; ledger: Ledger } {
  // The last scan's part shows the rows as they were then.
  loaded.settle();
  const listing = listTranscripts(dirs, loaded);
  const found = listing.paths.length;
  // Sizes and mtimes as numbers (-1: gone): a Stats object holds four Dates, and 10^4 of them kept
  // alive until the jobs are made were copied by every young-generation collection on the way.
  const sizes = new Float64Array(found);
  const mtimes = new Float64Array(found);
  for (let n = 0; n < found; n++) {
    const stat = statSync(listing.paths[n]!, { throwIfNoEntry: false });
    sizes[n] = stat ? stat.size : -1;
    mtimes[n] = stat ? stat.mtimeMs : Number.NaN;
  }
  const ledger = isStale(listing, sizes, mtimes, loaded) ? new Ledger(dirs) : loaded;
  const stale = ledger !== loaded;
  if (stale) loaded.close();
  if (ledger.adoptFolders(listing) || stale) ledger.dirty = true;
  const jobs: Job[] = [];
  for (let n = 0; n < found; n++) {
    if (sizes[n]! < 0) continue;
    const known = stale ? -1 : listing.known[n]!;
    const at = known >= 0 ? known : ledger.addFile(listing.names[n]!, listing.folders[n]!);
    const c = ledger.files.columns;
    c.folder[at] = listing.folders[n]!;
    if (c.size[at] === sizes[n] && c.mtimeMs[at] === mtimes[n]) continue;
    jobs.push({ file: at, path: listing.paths[n]!, from: c.offset[at]!, size: sizes[n]!, mtimeMs: mtimes[n]!, state: ledger.stateOf(at) });
  }
  const waiting = jobs.reduce((sum, job) => sum + job.size - job.from, 0);
  const progress = progressReporter('claude-code', waiting, onProgress);
  progress(0, true);
  const { bytesRead, threads } = ledger.complete && waiting >= options.parallelBytes && options.workers > 1 && jobs.length > 1 ? readInWorkers(jobs, ledger, options.workers, progress) : { bytesRead: readHere(jobs, ledger, progress), threads: 1 };
  progress(waiting, true);

  let skippedLines = 0;
  const c = ledger.files.columns;
  // An unterminated last line is counted as skipped until a newline completes it.
  for (let at = 0; at < ledger.fileCount; at++) skippedLines += c.skipped[at]! + (c.offset[at]! < c.size[at]! ? 1 : 0);
  // Sessions are made when a report first asks (session labels, turns): 10^4 objects a daily report never reads.
  // What they show is taken now, as a later scan of the same ledger may name a session.
  const fileCount = ledger.fileCount;
  const fileInfo = ledger.snapshot();
  let sessions: Map<string, SessionInfo> | undefined;
  const partOf = ledger.partLater(pricer);
  let parts: UsagePart[] | undefined;
  const scan: Scan = {
    get parts() {
      return (parts ??= [partOf()]);
    },
    changes: ledger.changes(jobs.map((job) => job.file)),
    othersThan: () => [],
    get sessions() {
      if (!sessions) {
        sessions = new Map();
        for (let at = 0; at < fileCount; at++) noteSession(sessions, fileInfo(at));
      }
      return sessions;
    },
    skippedLines,
    files: found,
    bytesRead,
    threads,
  };
  return { scan, ledger };
}

/**
 * Whether a file the ledger read is gone, shrank or was replaced (the bytes before where the
 * last read stopped changed): then its responses may have hidden copies elsewhere, and the
 * ledger starts over.
 */
function isStale(listing: Listing, sizes: Float64Array, mtimes: Float64Array, loaded: Ledger): boolean {
  // Counting the ledger's files met (once each) says whether one is missing, without a set of 10^4 paths.
  const met = new Uint8Array(loaded.fileCount);
  const c = loaded.files.columns;
  let found = 0;
  for (let n = 0; n < listing.paths.length; n++) {
    const at = listing.known[n]!;
    if (at < 0) continue;
    if (met[at] === 0) found++;
    met[at] = 1;
    if (sizes[n]! < c.offset[at]!) return true;
    // Grown or touched: appended to only if the bytes before where the last read stopped are still the same.
    if ((sizes[n] !== c.size[at] || mtimes[n] !== c.mtimeMs[at]) && c.offset[at]! > 0 && fingerprintOf(listing.paths[n]!, c.offset[at]!) !== c.tail[at]) return true;
  }
  return found !== loaded.fileCount;
}

function noteSession(sessions: Map<string, SessionInfo>, file: { project: string; session: string; path: string; title: string | null; firstPrompt: string | null }): void {
  const known = sessions.get(file.session);
  if (known) {
    known.title ??= file.title;
    known.firstPrompt ??= file.firstPrompt;
    return;
  }
  sessions.set(file.session, { id: file.session, source: 'claude-code', project: file.project, title: file.title, firstPrompt: file.firstPrompt, file: file.path });
}
