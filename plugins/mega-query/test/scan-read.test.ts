import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBinaryContent, isBinaryPath } from '../src/scan/binary.js';
import { languageOf } from '../src/scan/language.js';
import { countLines, countTodos } from '../src/scan/measure.js';
import { decodeText, readText } from '../src/scan/read.js';
import { nodeFs } from '../src/walk/fs.js';

describe('languageOf', () => {
  it.each([
    ['src/a.ts', 'typescript'],
    ['a.mts', 'typescript'],
    ['a.cts', 'typescript'],
    ['App.tsx', 'tsx'],
    ['a.js', 'javascript'],
    ['a.mjs', 'javascript'],
    ['a.cjs', 'javascript'],
    ['a.jsx', 'javascript'],
    ['x/y.py', 'python'],
    ['main.go', 'go'],
    ['lib.rs', 'rust'],
    ['Main.java', 'java'],
    ['a.rb', 'ruby'],
    ['a.php', 'php'],
    ['a.c', 'c'],
    ['a.cpp', 'cpp'],
    ['a.cs', 'csharp'],
    ['a.kt', 'kotlin'],
    ['a.swift', 'swift'],
    ['a.scala', 'scala'],
    ['run.sh', 'shell'],
    ['a.css', 'css'],
    ['a.scss', 'scss'],
    ['index.html', 'html'],
    ['C.vue', 'vue'],
    ['C.svelte', 'svelte'],
    ['README.md', 'markdown'],
    ['package.json', 'json'],
    ['ci.yml', 'yaml'],
    ['ci.yaml', 'yaml'],
    ['Cargo.toml', 'toml'],
    ['pom.xml', 'xml'],
    ['q.sql', 'sql'],
    ['docker/Dockerfile', 'dockerfile'],
    ['Makefile', 'makefile'],
    ['LICENSE', 'text'],
    ['notes.weird', 'text'],
    ['SRC/A.TS', 'typescript'],
  ])('%s is %s', (path, language) => {
    expect(languageOf(path)).toBe(language);
  });
});

describe('binary detection', () => {
  it('knows binary files by extension, whatever the case', () => {
    for (const path of ['a.png', 'b.JPG', 'font.woff2', 'x.zip', 'y.wasm', 'doc.pdf', 'bin.exe', 'clip.mp4']) expect(isBinaryPath(path)).toBe(true);
    for (const path of ['a.ts', 'README', 'image.svg', 'data.json']) expect(isBinaryPath(path)).toBe(false);
  });

  it('knows binary content by a NUL byte or mostly control bytes in the first 8 KiB', () => {
    expect(isBinaryContent(Buffer.from('text\0more'))).toBe(true);
    expect(isBinaryContent(Buffer.from([0x01, 0x02, 0x03, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47]))).toBe(true);
    expect(isBinaryContent(Buffer.from('plain text\twith tabs\r\nand lines\f\x1b[31mred\x1b[0m'))).toBe(false);
    expect(isBinaryContent(Buffer.alloc(0))).toBe(false);
    // A NUL past the first 8 KiB is not looked at.
    expect(isBinaryContent(Buffer.concat([Buffer.alloc(8192, 0x61), Buffer.from([0])]))).toBe(false);
    // One control byte in ten is still text; two in ten is not.
    expect(isBinaryContent(Buffer.from('abcdefghi\x01'))).toBe(false);
    expect(isBinaryContent(Buffer.from('abcdefgh\x01\x02'))).toBe(true);
  });
});

describe('decodeText', () => {
  it('decodes UTF-8 and drops a byte-order mark', () => {
    expect(decodeText(Buffer.from('\ufeffhéllo ✓', 'utf8'))).toEqual({ text: 'héllo ✓', encoding: 'utf-8' });
  });

  it('falls back to latin1 for bytes that are not UTF-8', () => {
    expect(decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]))).toEqual({ text: 'café\n', encoding: 'latin1' });
  });
});

describe('measures', () => {
  it('counts lines with and without a final newline', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a')).toBe(1);
    expect(countLines('a\n')).toBe(1);
    expect(countLines('a\nb')).toBe(2);
    expect(countLines('\n\n')).toBe(2);
  });

  it('counts upper-case TODO, FIXME, HACK and XXX markers as whole words', () => {
    expect(countTodos('// TODO: a\n// FIXME b\n/* HACK */ XXX TODO')).toBe(5);
    expect(countTodos('todo TODOS XXXL autoFIXME')).toBe(0);
  });
});

describe('readText on what is not a plain, small file', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'loom-read-text-'));

  it('skips a file over the cap as too-large, whatever its stat said when it was listed', async () => {
    const file = join(dir(), 'grown.ts');
    writeFileSync(file, 'x'.repeat(101));
    expect(await readText(file, nodeFs, 100)).toEqual({ kind: 'skip', reason: 'too-large', detail: 'grew past the size cap since it was listed' });
    expect(await readText(file, nodeFs, 101)).toMatchObject({ kind: 'text', text: 'x'.repeat(101) });
  });

  it('skips a FIFO at once (it would otherwise wait for a writer) and a /proc file past the cap', async () => {
    const fifo = join(dir(), 'pipe.ts');
    execFileSync('mkfifo', [fifo]);
    expect(await readText(fifo, nodeFs)).toEqual({ kind: 'skip', reason: 'unreadable', detail: 'not a regular file' });
    expect(await readText('/proc/self/status', nodeFs, 16)).toMatchObject({ kind: 'skip', reason: 'too-large' });
  });
});
