/**
 * Streaming over large files: the file is read in chunks and scanned in windows that overlap by
 * `overlapChars`, so a secret cut by a chunk boundary is whole in the next window. A finding is
 * kept from the window where it starts before the overlap (or from the last window), so it is
 * reported once, with offsets, lines and columns of the whole file.
 */
import { open } from 'node:fs/promises';
import type { SecretFinding } from '../types.js';
import { isBinaryContent, isBinaryPath } from './binary.js';

export interface ChunkOptions {
  /** Bytes read at a time (default 1 MiB). */
  chunkBytes?: number;
  /** Characters each window shares with the next: the longest secret found across a boundary (default 64 Ki). */
  overlapChars?: number;
  /** Called when the file is skipped as binary. */
  onBinary?: () => void;
}

export const DEFAULT_CHUNK_BYTES = 1 << 20;
export const DEFAULT_OVERLAP_CHARS = 1 << 16;

function countNewlines(text: string): { count: number; last: number } {
  let count = 0;
  let last = -1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    count++;
    last = at;
  }
  return { count, last };
}

/** Scans the file at `path` window by window with `scanWindow`; binary files (by name or content) yield nothing. */
export async function scanFileInChunks(path: string, scanWindow: (text: string) => SecretFinding[], options: ChunkOptions = {}): Promise<SecretFinding[]> {
  if (isBinaryPath(path)) {
    options.onBinary?.();
    return [];
  }
  const chunkBytes = Math.max(1024, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  const overlap = Math.max(0, options.overlapChars ?? DEFAULT_OVERLAP_CHARS);
  const handle = await open(path, 'r');
  try {
    const decoder = new TextDecoder('utf-8');
    // Small files (most of them) get a buffer their size, not a whole chunk.
    const stats = await handle.stat();
    const regular = stats.isFile();
    const buffer = Buffer.allocUnsafe(regular ? Math.max(1, Math.min(chunkBytes, stats.size + 1)) : chunkBytes);
    const readSize = buffer.length;
    let total = 0;
    const findings: SecretFinding[] = [];
    let pending = '';
    let base = 0;
    let lineBase = 1;
    let columnBase = 0;
    let first = true;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, readSize, null);
      if (first) {
        first = false;
        if (isBinaryContent(buffer.subarray(0, bytesRead))) {
          options.onBinary?.();
          return [];
        }
      }
      total += bytesRead;
      // A regular file is done once its size is read (saves a last empty read per file).
      const done = bytesRead === 0 || (regular && total >= stats.size && bytesRead < readSize);
      pending += bytesRead === 0 ? decoder.decode() : decoder.decode(buffer.subarray(0, bytesRead), { stream: !done });
      if (!done && pending.length <= overlap) continue;
      const keep = done ? pending.length : pending.length - overlap;
      for (const finding of scanWindow(pending)) {
        if (finding.start >= keep) continue;
        findings.push({
          ...finding,
          start: finding.start + base,
          end: finding.end + base,
          line: finding.line + lineBase - 1,
          column: finding.line === 1 ? finding.column + columnBase : finding.column,
        });
      }
      if (done) return findings;
      const consumed = pending.slice(0, keep);
      const { count, last } = countNewlines(consumed);
      lineBase += count;
      columnBase = count > 0 ? consumed.length - last - 1 : columnBase + consumed.length;
      base += keep;
      pending = pending.slice(keep);
    }
  } finally {
    await handle.close();
  }
}
