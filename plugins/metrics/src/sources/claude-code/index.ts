import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Pricer } from '../../query/price.js';
import { progressReporter } from '../../store/progress.js';
import type { OnProgress, Scan, SessionInfo } from '../../types.js';
import { fingerprintOf } from '../../store/lines.js';
import { listTranscripts } from './folders.js';
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
  const { files: transcripts, folders } = listTranscripts(dirs, { folders: loaded.folders, files: loaded.files });
  // Sizes and mtimes as numbers (-1: gone): a Stats object holds four Dates, and 10^4 of them kept
  // alive until the jobs are made were copied by every young-generation collection on the way.
  const sizes = new Float64Array(transcripts.length);
  const mtimes = new Float64Array(transcripts.length);
  transcripts.forEach((transcript, n) => {
    const stat = statSync(transcript.path, { throwIfNoEntry: false });
    sizes[n] = stat ? stat.size : -1;
    mtimes[n] = stat ? stat.mtimeMs : Number.NaN;
  });
  const ledger = isStale(transcripts, sizes, mtimes, loaded) ? new Ledger(dirs) : loaded;
  const stale = ledger !== loaded;
  if (stale) loaded.close();
  // NaN is never equal to itself: a folder not trusted last time makes the new times worth saving.
  if (stale || folders.length !== loaded.folders.length || folders.some((folder, n) => folder.path !== loaded.folders[n]!.path || folder.mtimeMs !== loaded.folders[n]!.mtimeMs || folder.parent !== loaded.folders[n]!.parent)) ledger.dirty = true;
  ledger.folders = folders;
  const jobs: Job[] = [];
  transcripts.forEach((transcript, n) => {
    if (sizes[n]! < 0) return;
    const known = ledger.byPath.get(transcript.path);
    const file = known === undefined ? undefined : ledger.files[known];
    if (file) file.folder = transcript.folder;
    if (file && file.size === sizes[n] && file.mtimeMs === mtimes[n]) return;
    const at = file ? known! : ledger.file(transcript.path, transcript.project, transcript.session);
    ledger.files[at]!.folder = transcript.folder;
    jobs.push({ file: at, path: transcript.path, from: ledger.files[at]!.offset, size: sizes[n]!, mtimeMs: mtimes[n]!, state: ledger.files[at]!.state });
  });
  const waiting = jobs.reduce((sum, job) => sum + job.size - job.from, 0);
  const progress = progressReporter('claude-code', waiting, onProgress);
  progress(0, true);
  const { bytesRead, threads } = ledger.complete && waiting >= options.parallelBytes && options.workers > 1 && jobs.length > 1 ? readInWorkers(jobs, ledger, options.workers, progress) : { bytesRead: readHere(jobs, ledger, progress), threads: 1 };
  progress(waiting, true);

  let skippedLines = 0;
  // An unterminated last line is counted as skipped until a newline completes it.
  for (const file of ledger.files) skippedLines += file.state.skipped + (file.offset < file.size ? 1 : 0);
  // Sessions are made when a report first asks (session labels, turns): 10^4 objects a daily report never reads.
  // What they show is taken now, as a later scan of the same ledger may name a session.
  const files = ledger.files.slice();
  const titles = files.map((file) => file.state.title);
  const prompts = files.map((file) => file.state.firstPrompt);
  let sessions: Map<string, SessionInfo> | undefined;
  const scan: Scan = {
    parts: [ledger.part(pricer)],
    get sessions() {
      if (!sessions) {
        sessions = new Map();
        for (let n = 0; n < files.length; n++) noteSession(sessions, files[n]!, titles[n]!, prompts[n]!);
      }
      return sessions;
    },
    skippedLines,
    files: transcripts.length,
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
function isStale(transcripts: Array<{ path: string }>, sizes: Float64Array, mtimes: Float64Array, loaded: Ledger): boolean {
  // Counting the ledger's files met (once each) says whether one is missing, without a set of 10^4 paths.
  const met = new Uint8Array(loaded.files.length);
  let found = 0;
  for (let n = 0; n < transcripts.length; n++) {
    const path = transcripts[n]!.path;
    const at = loaded.byPath.get(path);
    if (at === undefined) continue;
    if (met[at] === 0) found++;
    met[at] = 1;
    const file = loaded.files[at]!;
    if (sizes[n]! < file.offset) return true;
    // Grown or touched: appended to only if the bytes before where the last read stopped are still the same.
    if ((sizes[n] !== file.size || mtimes[n] !== file.mtimeMs) && file.offset > 0 && fingerprintOf(path, file.offset) !== file.tail) return true;
  }
  return found !== loaded.files.length;
}

function noteSession(sessions: Map<string, SessionInfo>, file: { path: string; project: string; session: string }, title: string | null, firstPrompt: string | null): void {
  const known = sessions.get(file.session);
  if (known) {
    known.title ??= title;
    known.firstPrompt ??= firstPrompt;
    return;
  }
  sessions.set(file.session, { id: file.session, source: 'claude-code', project: file.project, title, firstPrompt, file: file.path });
}
