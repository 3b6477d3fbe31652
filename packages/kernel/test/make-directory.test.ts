import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDirectorySync } from '../src/make-directory.js';

const root = mkdtempSync(join(tmpdir(), 'loom-mkdir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('makeDirectorySync', () => {
  it('makes every missing folder down to the one named, and is content with one that is there', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeDirectorySync(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeDirectorySync(deep);
    makeDirectorySync(join(root, 'a'));
    expect(statSync(join(root, 'a', 'b')).isDirectory()).toBe(true);
  });

  it('throws what the file system says where a file is in the way', () => {
    writeFileSync(join(root, 'file'), 'x');
    expect(() => makeDirectorySync(join(root, 'file'))).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(() => makeDirectorySync(join(root, 'file', 'below'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(existsSync(join(root, 'file', 'below'))).toBe(false);
  });

  it('throws ENOENT under /proc, where mkdir says so although the parent is there (Node 20\'s recursive mkdir never returns)', () => {
    expect(() => makeDirectorySync('/proc/loom-not-a-folder/below')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
