/**
 * The order files are packed in, so related files share a chunk: folder by folder, and each
 * file followed at once by the files it imports or is imported by (its import neighbourhood),
 * wherever they live. Deterministic: ties break by path.
 */
import { posix } from 'node:path';
import type { ScannedFile } from '../types.js';

/** Folder by folder, then by path: each file's folder worked out once, not per comparison. */
function folderOrder(files: ScannedFile[]): (a: ScannedFile, b: ScannedFile) => number {
  const folders = new Map(files.map((file) => [file, posix.dirname(file.path)]));
  return (a, b) => folders.get(a)!.localeCompare(folders.get(b)!) || a.path.localeCompare(b.path);
}

export function packingOrder(files: ScannedFile[], edges: Array<[from: string, to: string]>): ScannedFile[] {
  const byFolder = folderOrder(files);
  const sorted = [...files].sort(byFolder);
  const rank = new Map(sorted.map((file, index) => [file.path, index]));
  const neighbours = new Map<string, ScannedFile[]>();
  const link = (from: string, to: ScannedFile) => {
    const list = neighbours.get(from);
    if (list) list.push(to);
    else neighbours.set(from, [to]);
  };
  for (const [from, to] of edges) {
    if (from === to || !rank.has(from) || !rank.has(to)) continue;
    link(from, sorted[rank.get(to)!]!);
    link(to, sorted[rank.get(from)!]!);
  }
  const placed = new Set<string>();
  const order: ScannedFile[] = [];
  const place = (file: ScannedFile) => {
    if (placed.has(file.path)) return;
    placed.add(file.path);
    order.push(file);
  };
  for (const file of sorted) {
    if (placed.has(file.path)) continue;
    place(file);
    for (const neighbour of (neighbours.get(file.path) ?? []).sort(byFolder)) place(neighbour);
  }
  return order;
}
