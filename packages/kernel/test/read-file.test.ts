import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from '../src/config.js';
import { readRegularFileSync } from '../src/read-file.js';

const dir = () => mkdtempSync(join(tmpdir(), 'loom-read-'));

describe('readRegularFileSync', () => {
  it('reads a regular file, through a symlink too', () => {
    const root = dir();
    writeFileSync(join(root, 'a.txt'), 'hello');
    symlinkSync(join(root, 'a.txt'), join(root, 'link.txt'));
    expect(readRegularFileSync(join(root, 'a.txt')).toString()).toBe('hello');
    expect(readRegularFileSync(join(root, 'link.txt'), 5).toString()).toBe('hello');
  });

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const fifo = join(dir(), 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(() => readRegularFileSync(fifo)).toThrowError(expect.objectContaining({ code: 'FILE_NOT_REGULAR', message: `${fifo} is a FIFO (named pipe), not a regular file` }));
  });

  it('refuses a symlink to /dev/zero and a folder, naming what they are', () => {
    const root = dir();
    symlinkSync('/dev/zero', join(root, 'zero'));
    expect(() => readRegularFileSync(join(root, 'zero'))).toThrowError(expect.objectContaining({ code: 'FILE_NOT_REGULAR', message: expect.stringContaining('a character device') }));
    expect(() => readRegularFileSync(root)).toThrowError(expect.objectContaining({ code: 'FILE_NOT_REGULAR', message: expect.stringContaining('a folder') }));
  });

  it('stops at the cap whatever size the file claims: a /proc file claims 0 bytes', () => {
    const root = dir();
    writeFileSync(join(root, 'big'), 'x'.repeat(11));
    expect(() => readRegularFileSync(join(root, 'big'), 10)).toThrowError(expect.objectContaining({ code: 'FILE_TOO_LARGE', message: `${join(root, 'big')} is larger than 10 bytes` }));
    expect(readRegularFileSync(join(root, 'big'), 11).toString()).toBe('x'.repeat(11));
    // /proc/self/status has size 0 in stat but content: read in chunks, still capped.
    expect(readRegularFileSync('/proc/self/status', 1 << 20).toString()).toMatch(/^Name:/);
    expect(() => readRegularFileSync('/proc/self/status', 20)).toThrowError(expect.objectContaining({ code: 'FILE_TOO_LARGE' }));
  });

  it('reads a /proc file longer than one chunk whole, though it claims 0 bytes', () => {
    const smaps = readRegularFileSync('/proc/self/smaps', 1 << 26).toString();
    expect(smaps.length).toBeGreaterThan(65_536);
    // Every mapping's record ends with its VmFlags line: a read cut short ends elsewhere.
    expect(smaps).toMatch(/\nVmFlags:[^\n]*\n$/);
  });

  it('passes Node errors through (missing file)', () => {
    expect(() => readRegularFileSync(join(dir(), 'nope'))).toThrowError(expect.objectContaining({ code: 'ENOENT' }));
  });
});

describe('readConfigFile on bad input', () => {
  it('names the file and the reason for a FIFO, /dev/zero, a huge file and 5,000 levels of nesting', () => {
    const root = dir();
    const fifo = join(root, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const zero = join(root, 'zero.json');
    symlinkSync('/dev/zero', zero);
    const huge = join(root, 'huge.json');
    writeFileSync(huge, `{"a":"${'x'.repeat(2_000_000)}"}`);
    const deep = join(root, 'deep.json');
    writeFileSync(deep, `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`);
    expect(() => readConfigFile(fifo)).toThrowError(expect.objectContaining({ code: 'CONFIG_UNREADABLE', message: `${fifo} is a FIFO (named pipe), not a regular file` }));
    expect(() => readConfigFile(zero)).toThrowError(expect.objectContaining({ code: 'CONFIG_UNREADABLE', message: `${zero} is a character device, not a regular file` }));
    expect(() => readConfigFile(huge)).toThrowError(expect.objectContaining({ code: 'CONFIG_UNREADABLE', message: `${huge} is larger than 1,048,576 bytes` }));
    expect(() => readConfigFile(deep)).toThrowError(expect.objectContaining({ code: 'CONFIG_TOO_DEEP', message: expect.stringContaining(`${deep}: objects and arrays nest more than 64 levels`) }));
  });

  it('accepts nesting up to the limit', () => {
    const file = join(dir(), 'ok.json');
    writeFileSync(file, `${'{"a":'.repeat(64)}1${'}'.repeat(64)}`);
    expect(readConfigFile(file)?.values).toHaveProperty('a');
    writeFileSync(file, `${'{"a":'.repeat(65)}1${'}'.repeat(65)}`);
    expect(() => readConfigFile(file)).toThrowError(expect.objectContaining({ code: 'CONFIG_TOO_DEEP' }));
  });

  it('reports a file it may not read', () => {
    const file = join(dir(), 'folder.json');
    execFileSync('mkdir', [file]);
    expect(() => readConfigFile(file)).toThrowError(expect.objectContaining({ code: 'CONFIG_UNREADABLE', message: `${file} is a folder, not a regular file` }));
  });
});
