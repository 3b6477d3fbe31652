import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeDirectorySync } from '@loomkit/kernel/early';

/** The file, in the user data dir, that keeps the shell's history between sessions. */
export const HISTORY_FILE_NAME = 'shell_history';
/** Lines kept, oldest dropped first. */
export const DEFAULT_HISTORY_SIZE = 500;

export function historyPath(dataDir: string): string {
  return join(dataDir, HISTORY_FILE_NAME);
}

/** `lines` plus `line`, unless it repeats the last one; blank lines are not kept; at most `max`. */
export function appendHistory(lines: readonly string[], line: string, max = DEFAULT_HISTORY_SIZE): string[] {
  const entry = line.replace(/[\r\n]+/g, ' ').trim();
  const next = entry === '' || lines.at(-1) === entry ? [...lines] : [...lines, entry];
  return next.slice(Math.max(0, next.length - max));
}

/** The history, oldest first; empty when the file does not exist or cannot be read. */
export function loadHistory(file: string, max = DEFAULT_HISTORY_SIZE): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split(/\r?\n/).reduce<string[]>((lines, line) => appendHistory(lines, line, max), []);
}

/**
 * Writes the history, one line each, oldest first, readable by the user alone (it may
 * hold prompts). Written to a temp file and renamed, so a crash never leaves half a file.
 */
export function saveHistory(file: string, lines: readonly string[], max = DEFAULT_HISTORY_SIZE): void {
  const kept = lines.reduce<string[]>((acc, line) => appendHistory(acc, line, max), []);
  makeDirectorySync(dirname(file));
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, kept.length > 0 ? `${kept.join('\n')}\n` : '', { mode: 0o600 });
  renameSync(temp, file);
}

/**
 * Adds one line to the file, re-reading it first so that two shells open at once both
 * keep their lines. Returns what the file now holds.
 */
export function recordHistory(file: string, line: string, max = DEFAULT_HISTORY_SIZE): string[] {
  const lines = appendHistory(loadHistory(file, max), line, max);
  saveHistory(file, lines, max);
  return lines;
}
