import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendHistory, historyPath, loadHistory, recordHistory, saveHistory } from '../src/shell/history.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loom-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('appendHistory', () => {
  it('adds a line unless it repeats the previous one, and ignores blank lines', () => {
    let lines: string[] = [];
    for (const line of ['/doctor', '/doctor', '  ', '/help', '/doctor']) lines = appendHistory(lines, line);
    expect(lines).toEqual(['/doctor', '/help', '/doctor']);
  });

  it('keeps at most `max` lines, dropping the oldest', () => {
    const lines = ['a', 'b', 'c'].reduce<string[]>((acc, line) => appendHistory(acc, line, 2), []);
    expect(lines).toEqual(['b', 'c']);
  });
});

describe('history file', () => {
  it('lives in the data dir as shell_history', () => {
    expect(historyPath('/data/loom')).toBe(join('/data/loom', 'shell_history'));
  });

  it('loads nothing from a missing file', () => {
    expect(loadHistory(join(dir, 'nope', 'shell_history'))).toEqual([]);
  });

  it('saves one line each, oldest first, readable by the user only, creating the folder', () => {
    const file = join(dir, 'data', 'shell_history');
    saveHistory(file, ['/doctor', '/doctor', '/help']);
    expect(readFileSync(file, 'utf8')).toBe('/doctor\n/help\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadHistory(file)).toEqual(['/doctor', '/help']);
  });

  it('caps and deduplicates what it loads', () => {
    const file = join(dir, 'shell_history');
    writeFileSync(file, 'a\na\r\nb\n\nc\nc\n');
    expect(loadHistory(file)).toEqual(['a', 'b', 'c']);
    expect(loadHistory(file, 2)).toEqual(['b', 'c']);
  });

  it('records a line on top of what another shell wrote meanwhile', () => {
    const file = join(dir, 'shell_history');
    recordHistory(file, '/doctor');
    writeFileSync(file, '/doctor\n/config list\n'); // a second shell
    expect(recordHistory(file, '/help', 3)).toEqual(['/doctor', '/config list', '/help']);
    expect(recordHistory(file, '/help', 3)).toEqual(['/doctor', '/config list', '/help']);
    expect(recordHistory(file, '/exit', 3)).toEqual(['/config list', '/help', '/exit']);
    expect(readFileSync(file, 'utf8')).toBe('/config list\n/help\n/exit\n');
  });
});
