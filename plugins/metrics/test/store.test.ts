import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CALL_RECORD_VERSION, type CallRecord } from '../src/schema.js';
import { CallLog } from '../src/store/call-log.js';
import { openColumnsFile, patchColumnsFile, writeColumnsFile } from '../src/store/columns-file.js';
import { Table } from '../src/store/table.js';
import { service, tempDir } from './support.js';

const home = tempDir();
afterAll(() => home.remove());

const record = (writer: string, n: number, padding = 0): CallRecord => ({
  v: CALL_RECORD_VERSION, id: `${writer}-${n}`, t: Date.UTC(2026, 10, 1, 12) + n, command: `cmd ${writer}`, session: padding ? 'x'.repeat(padding) : null,
  project: '/p', model: 'claude-haiku-4-5', input: 1, output: n, cacheWrite: 0, cacheRead: 0, costUsd: 0.001, savedUsd: 0, latencyMs: 5, retries: 0, error: null,
});

describe('the call log', () => {
  it('two writers with their own descriptors, strictly alternating, lose and interleave nothing', () => {
    const root = join(home.dir, 'two');
    const dataDir = join(root, 'data');
    // Both open the log before either writes: without O_APPEND each would write at its own stale offset.
    const a = new CallLog(dataDir);
    const b = new CallLog(dataDir);
    a.append(record('a', 0));
    b.append(record('b', 0));
    for (let n = 1; n < 200; n++) {
      // Records past the size of a pipe buffer (64 KiB) too: each is still one write.
      a.append(record('a', n, n % 50 === 0 ? 100_000 : 0));
      b.append(record('b', n, n % 70 === 0 ? 100_000 : 0));
    }
    a.close();
    b.close();
    const lines = readFileSync(a.file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const parsed = lines.map((line) => JSON.parse(line) as CallRecord);
    expect(parsed.map((r) => r.id)).toEqual(Array.from({ length: 200 }, (_, n) => [`a-${n}`, `b-${n}`]).flat());
    const report = service(join(home.dir, 'two-state')).report({ kind: 'command', source: 'loom' });
    expect(report.totals.calls).toBe(0); // another data dir: nothing leaks between stores
    const own = service(root).report({ kind: 'command', source: 'loom' });
    expect(own.rows.map((row) => [row.key, row.calls])).toEqual([['cmd a', 200], ['cmd b', 200]]);
  });

  it('a writer killed with SIGKILL mid-run leaves a log every reader can use', async () => {
    const dist = resolve(import.meta.dirname, '../dist/store/call-log.js');
    if (!existsSync(dist)) throw new Error('build first: pnpm build');
    const root = join(home.dir, 'killed');
    const script = `
      import { CallLog } from ${JSON.stringify(dist)};
      const log = new CallLog(${JSON.stringify(join(root, 'data'))});
      let n = 0;
      for (;;) { log.append({ v: 1, id: 'k-' + n, t: 1793000000000 + n, command: 'loop', session: 'x'.repeat(n % 7 === 0 ? 50000 : 10), project: '/p', model: 'claude-haiku-4-5', input: 1, output: 1, cacheWrite: 0, cacheRead: 0, costUsd: 0.001, savedUsd: 0, latencyMs: 1, retries: 0, error: null }); if (++n === 300) process.stdout.write('go\\n'); }`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((done) => child.stdout.once('data', () => done()));
    child.kill('SIGKILL');
    await new Promise((done) => child.once('exit', done));
    const text = readFileSync(join(root, 'data', 'metrics', 'calls.jsonl'), 'utf8');
    const whole = text.split('\n').filter((line) => line.endsWith('}'));
    const report = service(root).report({ kind: 'command', source: 'loom' });
    expect(report.totals.calls).toBe(whole.length);
    expect(report.totals.calls).toBeGreaterThanOrEqual(300);
    expect(report.skippedLines).toBe(text.endsWith('\n') ? 0 : 1);
  });
});

describe('the columns file', () => {
  const numbers = (length: number, f: (n: number) => number) => Float64Array.from({ length }, (_, n) => f(n));

  it('reads columns back with their regions\' room, and rows added past the room keep the saved ones', () => {
    const file = join(home.dir, 'columns', 'c.bin');
    const saved = numbers(3000, (n) => n * 1.5);
    writeColumnsFile(file, { v: 1 }, [{ name: 't.a', values: saved, capacity: 3750 }, { name: 't.b', values: saved.map((x) => -x), capacity: 3750 }]);
    const read = openColumnsFile<{ v: number }>(file)!;
    expect(read.header).toEqual({ v: 1 });
    expect(read.spec('t.a')).toEqual({ name: 't.a', length: 3000, capacity: 3750 });
    const a = read.read('t.a')!;
    expect(a.length).toBe(3750);
    const table = new Table(['a', 'b'] as const, { length: 3000, a, b: read.read('t.b')! });
    read.close();
    // 750 rows of room, then a grow: 3000 added rows cross both.
    for (let n = 0; n < 3000; n++) {
      const at = table.add();
      table.columns.a[at] = -1;
      table.columns.b[at] = n;
    }
    expect(table.length).toBe(6000);
    expect([...table.columns.a.subarray(0, 3000)]).toEqual([...saved]);
    expect(table.columns.b[2999]).toBe(-2999 * 1.5);
    expect(table.columns.b[5999]).toBe(2999);
    expect(table.named('t')[0]![1].length).toBe(6000);
  });

  it('a cut-off file reads as missing, not as short columns', () => {
    const file = join(home.dir, 'columns', 'cut.bin');
    writeColumnsFile(file, { v: 1 }, [{ name: 't.a', values: new Float64Array(100).fill(7), capacity: 200 }]);
    truncateSync(file, statSync(file).size - 8);
    expect(openColumnsFile(file)).toBeUndefined();
    expect(openColumnsFile(join(home.dir, 'columns', 'none.bin'))).toBeUndefined();
  });

  it('a patch writes only the rows it is given, in place in a copy, and the rest reads as before', () => {
    const file = join(home.dir, 'columns', 'patch.bin');
    const layout = writeColumnsFile(file, { v: 1 }, [{ name: 't.a', values: numbers(100, (n) => n), capacity: 200 }, { name: 't.b', values: numbers(10, (n) => -n), capacity: 20 }]);
    const opened = openColumnsFile(file)!;
    const patched = patchColumnsFile(file, layout, { v: 2 }, [
      { name: 't.a', length: 150, writes: [{ at: 100, values: numbers(50, (n) => 1000 + n) }, { at: 7, values: Float64Array.of(-7) }] },
      { name: 't.b', length: 20, writes: [{ at: 0, values: numbers(20, (n) => n * 2) }] },
    ])!;
    expect(patched.stamp).not.toBe(layout.stamp);
    const read = openColumnsFile<{ v: number }>(file)!;
    expect(read.header).toEqual({ v: 2 });
    expect([...read.read('t.a')!.subarray(0, 150)]).toEqual([...numbers(150, (n) => (n === 7 ? -7 : n < 100 ? n : 900 + n))]);
    expect([...read.read('t.b')!.subarray(0, 20)]).toEqual([...numbers(20, (n) => n * 2)]);
    // The file opened before the patch still reads as it was (a rename replaced it, nothing wrote into it).
    expect([...opened.read('t.a')!.subarray(0, 100)]).toEqual([...numbers(100, (n) => n)]);
    opened.close();
    read.close();
  });

  it('patches nothing when the file was replaced since, or a column outgrows its region', () => {
    const file = join(home.dir, 'columns', 'replaced.bin');
    const columns = [{ name: 't.a', values: numbers(10, (n) => n), capacity: 16 }];
    const first = writeColumnsFile(file, { v: 1 }, columns);
    copyFileSync(file, `${file}.first`);
    // Another process saved in between: same columns, another stamp.
    writeColumnsFile(file, { v: 'other' }, columns);
    const other = readFileSync(file);
    expect(patchColumnsFile(file, first, { v: 2 }, [{ name: 't.a', length: 11, writes: [{ at: 10, values: Float64Array.of(10) }] }])).toBeUndefined();
    expect(readFileSync(file)).toEqual(other);
    copyFileSync(`${file}.first`, file);
    expect(patchColumnsFile(file, first, { v: 2 }, [{ name: 't.a', length: 17, writes: [{ at: 10, values: numbers(7, (n) => n) }] }])).toBeUndefined();
    expect(patchColumnsFile(file, first, { v: 2 }, [{ name: 't.b', length: 1, writes: [] }])).toBeUndefined();
    expect(existsSync(`${file}.${process.pid}.tmp`)).toBe(false);
    expect(openColumnsFile<{ v: number }>(file)!.header).toEqual({ v: 1 });
  });
});
