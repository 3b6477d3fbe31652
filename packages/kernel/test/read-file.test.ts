import { execFileSync } from 'node:child_process';
import { constants, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync, type Stats } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from '../src/config.js';
import { kindOf, readRegularFileSync } from '../src/read-file.js';

const dir = () => mkdtempSync(join(tmpdir(), 'loom-read-'));
/** The descriptors this process holds open. */
const openDescriptors = () => readdirSync('/proc/self/fd').length;
/** Stats whose mode says `type` (S_IFBLK…): a kind no test can make without root. */
const statsOfType = (type: number): Stats => Object.assign(Object.create(Object.getPrototypeOf(statSync('/')) as object) as Stats, { mode: type | 0o644 });

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

  it('gives each refusal a hint', () => {
    const root = dir();
    writeFileSync(join(root, 'big'), 'x'.repeat(11));
    expect(() => readRegularFileSync(root)).toThrowError(expect.objectContaining({ hint: expect.stringContaining('only regular files') }));
    expect(() => readRegularFileSync(join(root, 'big'), 10)).toThrowError(expect.objectContaining({ hint: expect.stringContaining('files this large') }));
  });

  it('closes the file whether it was read or refused', () => {
    const root = dir();
    writeFileSync(join(root, 'a.txt'), 'hello');
    writeFileSync(join(root, 'big'), 'x'.repeat(11));
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const before = openDescriptors();
    for (let round = 0; round < 40; round++) {
      readRegularFileSync(join(root, 'a.txt'));
      readRegularFileSync('/proc/self/status', 1 << 20);
      expect(() => readRegularFileSync(join(root, 'big'), 10)).toThrow();
      expect(() => readRegularFileSync('/proc/self/status', 20)).toThrow();
      expect(() => readRegularFileSync(join(root, 'pipe'))).toThrow();
    }
    // 200 reads: a descriptor left open by any kind of them would show as 40 or more.
    expect(openDescriptors() - before).toBeLessThan(10);
  });
});

describe('kindOf', () => {
  it('names every kind of file that is not a regular one', async () => {
    const root = dir();
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const socket = join(root, 'socket');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect(kindOf(statSync(join(root, 'pipe')))).toBe('a FIFO (named pipe)');
      expect(kindOf(statSync('/dev/null'))).toBe('a character device');
      expect(kindOf(statsOfType(constants.S_IFBLK))).toBe('a block device');
      expect(kindOf(statSync(root))).toBe('a folder');
      expect(kindOf(statSync(socket))).toBe('a socket');
      expect(kindOf(statsOfType(0))).toBe('not a regular file');
    } finally {
      server.close();
    }
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
    // A null at the bottom is a value, not a level.
    writeFileSync(file, `${'{"a":'.repeat(64)}null${'}'.repeat(64)}`);
    expect(readConfigFile(file)?.values).toHaveProperty('a');
  });

  it('reports a file it may not read', () => {
    const file = join(dir(), 'folder.json');
    execFileSync('mkdir', [file]);
    expect(() => readConfigFile(file)).toThrowError(expect.objectContaining({ code: 'CONFIG_UNREADABLE', message: `${file} is a folder, not a regular file` }));
  });
});
