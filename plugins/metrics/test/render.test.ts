import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { report } from '../src/query/index.js';
import { usagePart } from '../src/query/part.js';
import { writeJson } from '../src/render/json.js';
import { readingBar } from '../src/render/reading-bar.js';
import type { UsageRow } from '../src/types.js';

const printed = (value: unknown): { text: string; chunks: number } => {
  const chunks: string[] = [];
  writeJson(value, (chunk) => chunks.push(chunk));
  return { text: chunks.join(''), chunks: chunks.length };
};

describe('JSON written in pieces', () => {
  const day = (n: number): UsageRow => ({
    t: Date.UTC(2026, 0, 1) + n * 86_400_000, source: 'claude-code', project: '/p', session: `s${n % 3}`, command: null, model: n % 2 ? 'claude-haiku-4-5' : 'claude-sonnet-4-5',
    input: n, output: 2 * n, cacheWrite: 3, cacheRead: 1000 + n, costUsd: n / 7, savedUsd: n / 11, calls: 1 + (n % 4), errors: 0, retries: 0, latencyMs: 0,
  });

  it('is JSON.stringify of the whole report, rows and all, whatever their number', () => {
    for (const days of [0, 1, 64, 65, 200]) {
      const rows = Array.from({ length: days }, (_, n) => day(n));
      const daily = report({ parts: [usagePart('claude-code', rows)], sessions: new Map(), skippedLines: 2, files: 1, bytesRead: 0 }, 'daily', {}, { breakdown: true, unpriced: ['x-model'] });
      const { text, chunks } = printed(daily);
      expect(text).toBe(`${JSON.stringify(daily)}\n`);
      // Years of rows are never one string: a piece per 64 rows, and the head and tail.
      expect(chunks).toBe(Math.ceil(days / 64) + 2);
    }
  });

  it('keeps the members around `rows` in their order, and prints anything else whole', () => {
    expect(printed({ rows: [1, 2], after: 'x' }).text).toBe('{"rows":[1,2],"after":"x"}\n');
    expect(printed({ before: 1, rows: [], skipped: undefined }).text).toBe('{"before":1,"rows":[]}\n');
    expect(printed({ error: { code: 'X', message: 'rows":[]' } }).text).toBe('{"error":{"code":"X","message":"rows\\":[]"}}\n');
    expect(printed([1, 'a']).text).toBe('[1,"a"]\n');
  });
});

describe('the reading bar', () => {
  const MiB = 1024 * 1024;
  const terminal = () => {
    const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { stream, text: () => text };
  };

  it('draws on a terminal while a big read goes and clears itself when it is done; nothing for a small read or a pipe', async () => {
    const tty = terminal();
    Object.assign(tty.stream, { isTTY: true, columns: 120 });
    const bar = await readingBar(tty.stream as unknown as NodeJS.WriteStream);
    bar.onProgress!({ source: 'claude-code', bytesRead: 4 * MiB, bytesTotal: 8 * MiB });
    expect(tty.text()).toBe('');
    bar.onProgress!({ source: 'claude-code', bytesRead: 0, bytesTotal: 300 * MiB });
    expect(tty.text()).toContain('reading Claude Code transcripts');
    expect(tty.text()).toContain('0/300 MiB');
    bar.onProgress!({ source: 'claude-code', bytesRead: 300 * MiB, bytesTotal: 300 * MiB });
    const done = tty.text();
    expect(done).toContain('300/300 MiB');
    // The cursor comes back and the line is cleared: what follows prints on a clean line.
    expect(done).toContain('\x1B[?25h');
    expect(done.endsWith('\x1B[2K')).toBe(true);
    bar.stop();
    expect(tty.text()).toBe(done);

    const pipe = terminal();
    expect((await readingBar(pipe.stream as unknown as NodeJS.WriteStream)).onProgress).toBeUndefined();
  });
});
