/**
 * Every chunk of `chunks` until they end, or undefined once they pass `maxBytes`: what ends
 * a read of something that never ends (/dev/zero, a runaway pipe, a flood on stdin) while a
 * pipe that does end is read whole. Each caller says "too large" in its own words.
 */
export async function collectBounded(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer | undefined> {
  const kept: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > maxBytes) return undefined;
    kept.push(chunk);
  }
  return Buffer.concat(kept, total);
}

/**
 * The bytes of `path` read as a stream, not by the size it claims (so `<(cmd)` works), or
 * undefined when there are more than `maxBytes`. Node's own errors (ENOENT, EACCES…) pass.
 */
export async function readFileBounded(path: string, maxBytes: number): Promise<Buffer | undefined> {
  // Loaded here: node:fs/promises costs an early answer that reads no file ~2 ms to load.
  const { open } = await import('node:fs/promises');
  const handle = await open(path, 'r');
  try {
    return await collectBounded(handle.createReadStream({ autoClose: false }), maxBytes);
  } finally {
    await handle.close();
  }
}
