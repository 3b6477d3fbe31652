import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectBounded, readFileBounded } from '../src/read-bounded.js';

const dir = () => mkdtempSync(join(tmpdir(), 'loom-bounded-'));
const chunks = (...parts: string[]) => Readable.from(parts.map((part) => Buffer.from(part)));

describe('collectBounded', () => {
  it('joins the chunks in order up to exactly the bound, and gives up one byte past it', async () => {
    expect((await collectBounded(chunks('ab', 'cd', 'e'), 5))?.toString()).toBe('abcde');
    expect(await collectBounded(chunks('ab', 'cd', 'ef'), 5)).toBeUndefined();
    expect((await collectBounded(chunks(), 0))?.length).toBe(0);
    expect(await collectBounded(chunks('a'), 0)).toBeUndefined();
  });
});

describe('readFileBounded', () => {
  it('reads a file whole when it fits, and not at all past the bound', async () => {
    const file = join(dir(), 'a.txt');
    writeFileSync(file, 'x'.repeat(100_000));
    expect((await readFileBounded(file, 100_000))?.length).toBe(100_000);
    expect(await readFileBounded(file, 99_999)).toBeUndefined();
  });

  it("stops /dev/zero at the bound, reads a pipe to its end, and lets Node's own errors through", async () => {
    expect(await readFileBounded('/dev/zero', 1_000_000)).toBeUndefined();
    const fifo = join(dir(), 'pipe');
    execFileSync('mkfifo', [fifo]);
    // A FIFO claims size 0: it is read as a stream, to the writer's end.
    const writer = spawn('sh', ['-c', `printf 'from a pipe' > ${fifo}`]);
    const written = new Promise((resolve) => writer.once('close', resolve));
    expect((await readFileBounded(fifo, 1024))?.toString()).toBe('from a pipe');
    await written;
    await expect(readFileBounded(join(dir(), 'missing'), 10)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('closes the file whether it was read whole or given up on', async () => {
    const file = join(dir(), 'a.txt');
    writeFileSync(file, 'x'.repeat(1000));
    const openDescriptors = () => readdirSync('/proc/self/fd').length;
    const before = openDescriptors();
    for (let round = 0; round < 30; round++) {
      expect((await readFileBounded(file, 1000))?.length).toBe(1000);
      expect(await readFileBounded(file, 999)).toBeUndefined();
    }
    // 60 reads: a descriptor left open by either kind would show as 30 or more.
    expect(openDescriptors() - before).toBeLessThan(10);
  });
});
