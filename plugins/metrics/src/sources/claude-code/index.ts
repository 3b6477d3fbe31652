import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { ScanCache } from '../../store/cache.js';
import { readCompleteLines } from '../../store/lines.js';
import type { Pricer } from '../../query/price.js';
import type { Scan, SessionInfo, UsageRow } from '../../types.js';
import { newFileState, scanLines, type ClaudeEntry, type FileState } from './parse.js';

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

/** Every `projects/<project>/…/*.jsonl`, sorted by path so de-duplication is deterministic. */
export function listTranscripts(dirs: string[]): Transcript[] {
  const found: Transcript[] = [];
  for (const dir of dirs) {
    const projects = join(dir, 'projects');
    if (!existsSync(projects)) continue;
    for (const entry of readdirSync(projects, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.jsonl')) continue;
      const path = join(entry.parentPath, entry.name);
      // <project>/<session>.jsonl, or <project>/<session>/subagents/….jsonl: both count for the session.
      const [project = 'unknown', session = 'unknown'] = relative(projects, path).split(sep);
      found.push({ path, project, session: session.replace(/\.jsonl$/, '') });
    }
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Reads what is new in each transcript (by size and mtime) and returns de-duplicated rows. */
export function scanClaudeCode(dirs: string[], cache: ScanCache<FileState>, pricer: Pricer): Scan {
  const transcripts = listTranscripts(dirs);
  const sessions = new Map<string, SessionInfo>();
  let bytesRead = 0;
  let skippedLines = 0;
  const seen = new Map<string, number>();
  const kept: Array<{ entry: ClaudeEntry; project: string; session: string }> = [];
  for (const transcript of transcripts) {
    const stat = statSync(transcript.path, { throwIfNoEntry: false });
    if (!stat) continue;
    let part = cache.get(transcript.path);
    if (!part || part.size !== stat.size || part.mtimeMs !== stat.mtimeMs) {
      // A file that shrank was rewritten: start over.
      const fresh = !part || stat.size < part.offset;
      const state = fresh ? newFileState() : part!.state;
      const read = readCompleteLines(transcript.path, fresh ? 0 : part!.offset, stat.size, (chunk, start, end) => scanLines(chunk, start, end, state));
      bytesRead += read.bytesRead;
      part = { size: stat.size, mtimeMs: stat.mtimeMs, offset: read.offset, state };
      cache.set(transcript.path, part);
    }
    const { state } = part;
    // An unterminated last line is counted as skipped until a newline completes it.
    skippedLines += state.skipped + (part.offset < part.size ? 1 : 0);
    noteSession(sessions, transcript, state);
    for (const entry of state.entries) {
      if (entry.key === null) {
        kept.push({ entry, project: transcript.project, session: transcript.session });
        continue;
      }
      const at = seen.get(entry.key);
      if (at === undefined) {
        seen.set(entry.key, kept.length);
        kept.push({ entry, project: transcript.project, session: transcript.session });
      } else if (total(entry) > total(kept[at]!.entry)) {
        // ccusage's rule: of two lines of one response, the one with more tokens is the final one.
        kept[at] = { entry, project: transcript.project, session: transcript.session };
      }
    }
  }
  cache.keepOnly(new Set(transcripts.map((transcript) => transcript.path)));
  const rows: UsageRow[] = kept.map(({ entry, project, session }) => ({
    t: entry.t,
    source: 'claude-code',
    project,
    session,
    command: null,
    model: entry.model,
    input: entry.input,
    output: entry.output,
    cacheWrite: entry.cacheWrite,
    cacheRead: entry.cacheRead,
    costUsd: pricer.cost(entry.model, entry),
    savedUsd: pricer.saved(entry.model, entry),
    calls: 1,
    errors: 0,
    retries: 0,
    latencyMs: 0,
  }));
  return { rows, sessions, skippedLines, files: transcripts.length, bytesRead };
}

const total = (entry: ClaudeEntry) => entry.input + entry.output + entry.cacheWrite + entry.cacheRead;

function noteSession(sessions: Map<string, SessionInfo>, transcript: Transcript, state: FileState): void {
  const known = sessions.get(transcript.session);
  if (known) {
    known.title ??= state.title;
    known.firstPrompt ??= state.firstPrompt;
    return;
  }
  sessions.set(transcript.session, { id: transcript.session, source: 'claude-code', project: transcript.project, title: state.title, firstPrompt: state.firstPrompt, file: transcript.path });
}
