import type { Chunk, ChunkPart, RepoMap, ScannedFile } from '../types.js';
import { chunkHash, partsOf } from './pack.js';

/**
 * One chunk of the best-ranked files, for answering a question: files in rank order, each
 * whole, or as many of its slices as still fit; a file that does not fit is passed over for
 * smaller ones after it. Unlike planChunks (folder order, for stable hashes across runs),
 * rank order is what matters here. Undefined when nothing fits.
 */
export function planAnswerChunk(files: ScannedFile[], map: RepoMap, chunkTokens: number): Chunk | undefined {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const parts: ChunkPart[] = [];
  let tokens = 0;
  for (const ranked of map.ranked) {
    const file = byPath.get(ranked.path);
    if (!file) continue;
    for (const part of partsOf(file, false, chunkTokens)) {
      if (tokens + part.tokens > chunkTokens) continue;
      parts.push(part);
      tokens += part.tokens;
    }
  }
  return parts.length > 0 ? { index: 0, hash: chunkHash(parts), parts, tokens } : undefined;
}
