/**
 * Packing scanned files into chunks for the map stage. Best-ranked files go in as their text
 * (whole, or sliced when bigger than a chunk); the worst-ranked files holding `compressBelow`
 * of the repository's tokens go in as their symbols' signatures only (or not at all, when
 * they have none).
 * Parts are laid out in packing order and a chunk is closed when the next part would push it
 * over `chunkTokens` (next fit): a file's change moves no other file's part to another chunk
 * unless its size changes.
 */
import { createHash } from 'node:crypto';
import type { Chunk, ChunkPart, RepoMap, ScannedFile } from '../types.js';
import { signaturesTokens, sliceTokens, wholeTokens } from './measure.js';
import { packingOrder } from './order.js';
import { sliceFile } from './slice.js';

export interface ChunkOptions {
  /** Most tokens of rendered content per chunk. */
  chunkTokens: number;
  /** Fraction (0–1) of files, worst ranked, sent as signatures only. */
  compressBelow: number;
}

/**
 * Paths of the worst-ranked files that together hold at most the bottom `compressBelow` fraction
 * of the repository's tokens (files the map did not rank count as worst). Measured in tokens,
 * not files: a few large files ranked high must not keep the pack near its full size. It stops
 * at the first file that would take the total past the fraction: in a small repository the
 * best-ranked file is then not compressed merely because it is the last one left, and no
 * better-ranked file is compressed to fill the gap (that cost answer files; see
 * `pnpm bench compression`).
 */
export function compressedPaths(files: ScannedFile[], map: RepoMap, compressBelow: number): Set<string> {
  const position = new Map(map.ranked.map((ranked, index) => [ranked.path, index]));
  const worstFirst = [...files].sort(
    (a, b) => (position.get(b.path) ?? Infinity) - (position.get(a.path) ?? Infinity) || b.path.localeCompare(a.path),
  );
  const target = compressBelow * files.reduce((sum, file) => sum + file.tokens, 0);
  const compressed = new Set<string>();
  let tokens = 0;
  for (const file of worstFirst) {
    if (tokens + file.tokens > target) break;
    compressed.add(file.path);
    tokens += file.tokens;
  }
  return compressed;
}

/** The parts a file goes in as: none, its signatures, itself whole, or slices that each fit a chunk. */
export function partsOf(file: ScannedFile, compressed: boolean, chunkTokens: number): ChunkPart[] {
  const base = { path: file.path, hash: file.hash };
  if (file.lines === 0) return [];
  if (compressed) {
    return file.facts?.symbols.length ? [{ ...base, startLine: 1, endLine: file.lines, form: 'signatures', tokens: signaturesTokens(file) }] : [];
  }
  const whole = wholeTokens(file);
  if (whole <= chunkTokens) return [{ ...base, startLine: 1, endLine: file.lines, form: 'whole', tokens: whole }];
  return sliceFile(file, chunkTokens).map(([startLine, endLine]) => ({ ...base, startLine, endLine, form: 'slice', tokens: sliceTokens(file, startLine, endLine) }));
}

/** sha256 over each part's path, file hash, range and form: the same parts always hash the same. */
export function chunkHash(parts: ChunkPart[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(JSON.stringify([part.path, part.hash, part.startLine, part.endLine, part.form])).update('\n');
  return hash.digest('hex');
}

export function planChunks(files: ScannedFile[], map: RepoMap, options: ChunkOptions): Chunk[] {
  const compressed = compressedPaths(files, map, options.compressBelow);
  const groups: ChunkPart[][] = [];
  let open: ChunkPart[] = [];
  let openTokens = 0;
  for (const file of packingOrder(files, map.graph.edges)) {
    for (const part of partsOf(file, compressed.has(file.path), options.chunkTokens)) {
      if (open.length > 0 && openTokens + part.tokens > options.chunkTokens) {
        groups.push(open);
        open = [];
        openTokens = 0;
      }
      open.push(part);
      openTokens += part.tokens;
    }
  }
  if (open.length > 0) groups.push(open);
  return groups.map((parts, index) => ({ index, hash: chunkHash(parts), parts, tokens: parts.reduce((sum, part) => sum + part.tokens, 0) }));
}
