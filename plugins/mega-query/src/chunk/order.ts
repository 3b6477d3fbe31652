/**
 * The order files are packed in, so related files share a chunk: folder by folder, and each
 * file followed at once by the files it imports or is imported by (its import neighbourhood),
 * wherever they live. Deterministic: ties break by path.
 */
import { posix } from 'node:path';
import type { ScannedFile } from '../types.js';

/**
 * Folder by folder (localeCompare), then by path. The distinct folders are ordered once and each
 * file compares by its folder's place: far fewer comparisons of long strings than files make.
 * Folders that compare equal share a place, so the order is the one comparing them gives.
 */
function folderOrder(files: ScannedFile[]): (a: ScannedFile, b: ScannedFile) => number {
  const folderOf = new Map(files.map((file) => [file, posix.dirname(file.path)]));
  const folders = [...new Set(folderOf.values())].sort((a, b) => a.localeCompare(b));
  const place = new Map<string, number>();
  folders.forEach((folder, index) => place.set(folder, index > 0 && folders[index - 1]!.localeCompare(folder) === 0 ? place.get(folders[index - 1]!)! : index));
  const placeOf = new Map(files.map((file) => [file, place.get(folderOf.get(file)!)!]));
  return (a, b) => placeOf.get(a)! - placeOf.get(b)! || a.path.localeCompare(b.path);
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
