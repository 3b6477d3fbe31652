/**
 * The order files are packed in, so related files share a chunk: folder by folder, and each
 * file followed at once by the files it imports or is imported by (its import neighbourhood),
 * wherever they live. Deterministic: ties break by path.
 */
import { posix } from 'node:path';
import type { ScannedFile } from '../types.js';

const byFolder = (a: ScannedFile, b: ScannedFile): number =>
  posix.dirname(a.path).localeCompare(posix.dirname(b.path)) || a.path.localeCompare(b.path);

export function packingOrder(files: ScannedFile[], edges: Array<[from: string, to: string]>): ScannedFile[] {
  const sorted = [...files].sort(byFolder);
  const rank = new Map(sorted.map((file, index) => [file.path, index]));
  const neighbours = new Map<string, ScannedFile[]>();
  for (const [from, to] of edges) {
    if (from === to || !rank.has(from) || !rank.has(to)) continue;
    neighbours.set(from, [...(neighbours.get(from) ?? []), sorted[rank.get(to)!]!]);
    neighbours.set(to, [...(neighbours.get(to) ?? []), sorted[rank.get(from)!]!]);
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
    for (const neighbour of [...(neighbours.get(file.path) ?? [])].sort(byFolder)) place(neighbour);
  }
  return order;
}
