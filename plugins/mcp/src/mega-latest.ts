// The latest `query mega` report of the project, for the loom://mega/latest resource: saved
// from mega-query's `mega-query:report` event (whatever ran it: the CLI, the shell, a chain,
// a tool call), read by the server. Imports nothing heavy: the hook runs in every process.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Paths } from '@loomkit/kernel';
import { isWithin, makeDirectorySync } from '@loomkit/kernel/early';

/** mega-query's event, by shape: this plugin does not import its types. */
export interface MegaReportEvent {
  root: string;
  report: unknown;
}

export interface SavedMega {
  /** The folder analysed. */
  root: string;
  savedAt: string;
  /** The report as `loom query mega --json` printed it. */
  report: unknown;
}

/**
 * In the user's cache folder, one file per project: never in the repository, where the next
 * `query mega` would read it as one more file (`.loom/` is not ignored in every repository).
 */
export function megaLatestFile(paths: Pick<Paths, 'projectRoot' | 'cacheDir'>): string {
  const key = createHash('sha256').update(paths.projectRoot).digest('hex').slice(0, 12);
  return join(paths.cacheDir, 'mcp', `mega-latest-${basename(paths.projectRoot) || 'root'}-${key}.json`);
}

/** Keeps the report of a folder inside the project (a run on another folder is not this project's). */
export function saveLatestMega(event: MegaReportEvent, paths: Pick<Paths, 'projectRoot' | 'cacheDir'>, now = new Date()): boolean {
  if (!isWithin(paths.projectRoot, event.root)) return false;
  const file = megaLatestFile(paths);
  const saved: SavedMega = { root: event.root, savedAt: now.toISOString(), report: event.report };
  makeDirectorySync(dirname(file));
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(saved));
  renameSync(temp, file);
  return true;
}

/**
 * The hook on mega-query's event: saving is a convenience for the MCP resource, so a
 * failure (a read-only project) is one warning, never the failure of `query mega`.
 */
export function keepLatestMega(event: MegaReportEvent, ctx: { paths: Pick<Paths, 'projectRoot' | 'cacheDir'>; logger: { warn(message: string): void } }): void {
  try {
    saveLatestMega(event, ctx.paths);
  } catch (error) {
    ctx.logger.warn(`the latest mega report was not kept for loom://mega/latest: ${(error as Error).message}`);
  }
}

/** The saved report, or undefined when none was saved (or it cannot be read). */
export function readLatestMega(paths: Pick<Paths, 'projectRoot' | 'cacheDir'>): SavedMega | undefined {
  try {
    return JSON.parse(readFileSync(megaLatestFile(paths), 'utf8')) as SavedMega;
  } catch {
    return undefined;
  }
}
