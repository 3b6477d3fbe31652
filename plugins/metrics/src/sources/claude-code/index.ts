import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import type { Pricer } from '../../query/price.js';
import type { Scan, SessionInfo } from '../../types.js';
import { Ledger } from './ledger.js';
import { readHere, readInWorkers, type Job } from './parallel.js';

/** Claude Code's config folders: `$CLAUDE_CONFIG_DIR` (comma-separated) if set, else ~/.config/claude and ~/.claude. */
export function claudeCodeDirs(env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  const configured = env.CLAUDE_CONFIG_DIR?.split(',').map((dir) => dir.trim()).filter(Boolean);
  return configured && configured.length > 0 ? configured : [join(home, '.config', 'claude'), join(home, '.claude')];
}

interface Transcript {
  path: string;
  project: string;
  session: string;
}

/**
 * Every `projects/<project>/…/*.jsonl`, sorted by path so de-duplication is deterministic.
 * A walk of its own with plain string joins: `readdirSync({ recursive })` normalises every
 * path with `path.join`, which on 10^4 entries cost more than the system calls.
 */
export function listTranscripts(dirs: string[]): Transcript[] {
  const found: Transcript[] = [];
  for (const dir of dirs) {
    const projects = join(dir, 'projects');
    if (!existsSync(projects)) continue;
    for (const project of readdirSync(projects, { withFileTypes: true })) {
      if (project.isDirectory()) walk(`${projects}${sep}${project.name}`, project.name, null, found);
    }
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** <project>/<session>.jsonl, or <project>/<session>/subagents/….jsonl: both count for the session. */
function walk(dir: string, project: string, session: string | null, found: Transcript[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}${sep}${entry.name}`;
    if (entry.isDirectory()) walk(path, project, session ?? entry.name, found);
    else if (entry.isFile() && entry.name.endsWith('.jsonl')) found.push({ path, project, session: session ?? entry.name.slice(0, -'.jsonl'.length) });
  }
}

export interface ScanOptions {
  /** Read with worker threads when at least this many new bytes wait (a cold start over a big history). */
  parallelBytes: number;
  workers: number;
}

/**
 * Brings the ledger up to date with the transcripts and returns its rows. Only new bytes
 * are read: a file whose size and mtime are unchanged is not opened, one that grew is read
 * from where the last scan stopped. A file that shrank or vanished was rewritten or
 * deleted; its responses may have hidden copies elsewhere, so the ledger starts over.
 */
export function scanClaudeCode(dirs: string[], loaded: Ledger, pricer: Pricer, options: ScanOptions): { scan: Scan; ledger: Ledger } {
  const transcripts = listTranscripts(dirs);
  const stats = transcripts.map((transcript) => statSync(transcript.path, { throwIfNoEntry: false }));
  const listed = new Set(transcripts.map((transcript) => transcript.path));
  const stale = loaded.files.some((file) => !listed.has(file.path)) || transcripts.some((transcript, n) => {
    const at = loaded.byPath.get(transcript.path);
    return at !== undefined && (stats[n]?.size ?? 0) < loaded.files[at]!.offset;
  });
  const ledger = stale ? new Ledger(dirs) : loaded;
  const jobs: Job[] = [];
  transcripts.forEach((transcript, n) => {
    const stat = stats[n];
    if (!stat) return;
    const known = ledger.byPath.get(transcript.path);
    const file = known === undefined ? undefined : ledger.files[known];
    if (file && file.size === stat.size && file.mtimeMs === stat.mtimeMs) return;
    const at = file ? known! : ledger.file(transcript.path, transcript.project, transcript.session);
    jobs.push({ file: at, path: transcript.path, from: ledger.files[at]!.offset, size: stat.size, mtimeMs: stat.mtimeMs, state: ledger.files[at]!.state });
  });
  const waiting = jobs.reduce((sum, job) => sum + job.size - job.from, 0);
  const { bytesRead, threads } = ledger.complete && waiting >= options.parallelBytes && options.workers > 1 && jobs.length > 1 ? readInWorkers(jobs, ledger, options.workers) : { bytesRead: readHere(jobs, ledger), threads: 1 };

  const sessions = new Map<string, SessionInfo>();
  let skippedLines = 0;
  for (const file of ledger.files) {
    // An unterminated last line is counted as skipped until a newline completes it.
    skippedLines += file.state.skipped + (file.offset < file.size ? 1 : 0);
    noteSession(sessions, file);
  }
  return { scan: { parts: [ledger.part(pricer)], sessions, skippedLines, files: transcripts.length, bytesRead, threads }, ledger };
}

function noteSession(sessions: Map<string, SessionInfo>, file: { path: string; project: string; session: string; state: { title: string | null; firstPrompt: string | null } }): void {
  const known = sessions.get(file.session);
  if (known) {
    known.title ??= file.state.title;
    known.firstPrompt ??= file.state.firstPrompt;
    return;
  }
  sessions.set(file.session, { id: file.session, source: 'claude-code', project: file.project, title: file.state.title, firstPrompt: file.state.firstPrompt, file: file.path });
}
