import { sep } from 'node:path';
import type { SkippedFile, WalkedFile, WalkResult } from '../types.js';
import { splitExcludes, type ExcludeSplit } from './apply-excludes.js';
import { forEachConcurrent } from './concurrency.js';
import { createExcludeMatcher, type NameRules } from './excludes.js';
import { listFilesystem } from './fs-list.js';
import { nodeFs, type WalkFs } from './fs.js';
import { listGitFiles } from './git-list.js';
import { inspect, type Inspection } from './inspect.js';
import { resolveRoot } from './root.js';
import { statAhead, type StatAhead } from './stat-ahead.js';

export { DEFAULT_EXCLUDES } from './default-excludes.js';
export { excludePatterns, type ExcludeConfig, type NameRules } from './excludes.js';
export { nodeFs, type WalkFs } from './fs.js';

export interface WalkOptions {
  defaultExcludes: boolean;
  exclude: string[];
  include: string[];
  maxFileBytes: number;
  /**
   * Why the security policy refuses to read `absPath`, or undefined when it may be read. `plain`:
   * the walk has just lstat'd it and found a regular file, no symlink (the policy need not look
   * again); `realFolder`: its folder was reached from the real root without following a link
   * (the file-system walk follows none), so the folder is its own real path.
   */
  deny?: (absPath: string, plain: boolean, realFolder: boolean) => string | undefined;
  signal?: AbortSignal;
  /** The exclude patterns' verdicts on names, kept between walks with the same patterns (createExcludeMatcher's `known`). */
  names?: NameRules;
  /** Files found so far, as the listing grows. */
  onProgress?: (found: number) => void;
  /** The file-system calls to use (tests); Node's by default. */
  fs?: WalkFs;
  /**
   * Listed paths from which a worker thread stats them too (stat-ahead.ts; default
   * STAT_AHEAD_FROM). Only with Node's own calls, on POSIX paths.
   */
  statAheadFrom?: number;
}

/** Enough stats in flight to keep libuv's threads busy without a queue of thousands of promises. */
const STAT_CONCURRENCY = 64;
/** The folder of a listed path, relative to the root ('' for the root's own files). */
const folderOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('/')));
const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The files of `root` Loom may read: git's view of it when it is in a work tree, else a gitignore-aware walk. */
export async function walk(root: string, options: WalkOptions): Promise<WalkResult> {
  const fs = options.fs ?? nodeFs;
  const { signal } = options;
  const real = await resolveRoot(root, fs);
  signal?.throwIfAborted();
  const matcher = createExcludeMatcher(options, options.names);
  const onFound = (count: number) => options.onProgress?.(count);

  // Made by the first listed path, once the listing says whether it walks the folders itself.
  let ahead: StatAhead | undefined;
  const aheadOf = (folders: boolean) =>
    options.fs === undefined && sep === '/' ? (path: string) => (ahead ??= statAhead(real, options.maxFileBytes, options.statAheadFrom, { folders })).add(path) : undefined;
  // Each listed path meets the patterns as it is listed (while git still lists untracked files),
  // and only a kept one is stat'd.
  const listedInto = (split: ExcludeSplit, stat: ((path: string) => void) | undefined) => (path: string) => {
    if (split.add(path)) stat?.(path);
  };
  let split = splitExcludes(matcher);
  let listedSkipped: SkippedFile[] = [];
  let inspected: Map<string, Inspection> | undefined;
  let gitPaths: ReadonlySet<string> | undefined;
  try {
    gitPaths = await listGitFiles(real, listedInto(split, aheadOf(true)));
    if (gitPaths === undefined) {
      // What git named before it had nothing to say is forgotten.
      split = splitExcludes(matcher);
      listedSkipped = (await listFilesystem(real, matcher, fs, onFound, signal, listedInto(split, aheadOf(false)))).skipped;
    }
    inspected = await ahead?.finish(signal);
  } finally {
    ahead?.close();
  }
  const { kept } = split;
  const skipped: SkippedFile[] = [...listedSkipped, ...split.skipped];

  // The file-system walk follows no link, so its folders are real; git's listing proves nothing
  // (a folder may have become a link since), but the stat worker looked at the folders it saw.
  const inRealFolder = (path: string): boolean => {
    const folder = folderOf(path);
    return folder === '' || (ahead?.plainFolders.has(folder) ?? false);
  };
  const inspections: Inspection[] = new Array(kept.length);
  // What the stat-ahead answered is taken as it is: no promise a path for the 30k of a big tree.
  const rest: number[] = [];
  for (const [index, path] of kept.entries()) {
    const known = inspected?.get(path);
    if (known === undefined) rest.push(index);
    else inspections[index] = known;
  }
  await forEachConcurrent(rest, STAT_CONCURRENCY, async (index) => {
    inspections[index] = await inspect(real, kept[index]!, options.maxFileBytes, fs);
  }, signal);

  const files: WalkedFile[] = [];
  const links: Array<Extract<Inspection, { kind: 'link' }>> = [];
  for (const [index, inspection] of inspections.entries()) {
    // Whatever the listing found there, a path the policy refuses is only `denied`.
    const path = kept[index]!;
    const reason = options.deny?.(`${real}/${path}`, inspection.kind === 'file', gitPaths === undefined || inRealFolder(path));
    if (reason !== undefined) {
      skipped.push({ path, reason: 'denied', detail: reason });
      continue;
    }
    if (inspection.kind === 'file') files.push({ path: inspection.path, abs: `${real}/${inspection.path}`, size: inspection.size, mtimeMs: inspection.mtimeMs, ino: inspection.ino });
    else if (inspection.kind === 'link') links.push(inspection);
    else if (inspection.kind === 'skip') skipped.push(inspection.skipped);
  }
  // A file reached through symlinks is read once: under its own path when that is listed, else under its first link.
  const read = new Set(files.map((file) => file.path));
  for (const link of links.sort(byPath)) {
    if (read.has(link.target)) continue;
    read.add(link.target);
    files.push({ path: link.path, abs: `${real}/${link.path}`, size: link.size, mtimeMs: link.mtimeMs, ino: link.ino });
  }
  onFound(files.length);
  return { root: real, source: gitPaths === undefined ? 'filesystem' : 'git', files: files.sort(byPath), skipped: skipped.sort(byPath), excludes: matcher.patterns };
}
