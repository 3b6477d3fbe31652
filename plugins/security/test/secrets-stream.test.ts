import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINARY_SNIFF_BYTES, createSecretScanner, DEFAULT_CHUNK_BYTES, isBinaryContent, isBinaryPath, scanFileInChunks } from '../src/secrets/index.js';
import type { SecretFinding } from '../src/types.js';
import { generator, join } from './fixtures/secrets/tokens.js';

const scanner = createSecretScanner();
const r = generator(23);
const dir = mkdtempSync(joinPath(tmpdir(), 'loom-secrets-stream-'));
const token = () => join('gh', 'p_') + r(36);
const write = (name: string, content: string | Buffer) => {
  const path = joinPath(dir, name);
  writeFileSync(path, content);
  return path;
};
const essentials = (findings: SecretFinding[]) => findings.map(({ ruleId, start, end, line, column, fingerprint }) => ({ ruleId, start, end, line, column, fingerprint }));

describe('binary files', () => {
  it('are recognised by extension', () => {
    expect(isBinaryPath('logo.PNG')).toBe(true);
    expect(isBinaryPath('bundle.tar.gz')).toBe(true);
    expect(isBinaryPath('app.ts')).toBe(false);
    expect(isBinaryPath('Makefile')).toBe(false);
  });

  it('are recognised by a NUL byte in the first 8 KB', () => {
    expect(isBinaryContent(Buffer.from('plain text\n'))).toBe(false);
    expect(isBinaryContent(Buffer.from([0x41, 0x00, 0x42]))).toBe(true);
    const late = Buffer.alloc(BINARY_SNIFF_BYTES + 10, 0x41);
    late[BINARY_SNIFF_BYTES + 5] = 0;
    expect(isBinaryContent(late)).toBe(false);
  });

  it('yield no findings, even with a secret inside', async () => {
    const text = `TOKEN=${token()}\n`;
    expect(await scanner.scanFile(write('image.png', text))).toEqual([]);
    expect(await scanner.scanFile(write('blob.dat', Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(text)])))).toEqual([]);
    // A NUL past the sniffed prefix does not make a text file binary.
    const padded = Buffer.concat([Buffer.from(text), Buffer.alloc(BINARY_SNIFF_BYTES, 0x20), Buffer.from([0])]);
    expect(await scanner.scanFile(write('late-nul.txt', padded))).toHaveLength(1);
  });

  it('an empty file is fine', async () => {
    expect(await scanner.scanFile(write('empty.env', ''))).toEqual([]);
  });
});

describe('streaming over chunks', () => {
  const chunk = { chunkBytes: 4096, overlapChars: 512 };

  it('finds a secret cut by a chunk boundary exactly once, with the right line and column', async () => {
    // Multi-byte filler so byte and character offsets differ, and lines of varying length.
    const filler = Array.from({ length: 60 }, (_, index) => `line ${index}: café ✓ ${'x'.repeat(index % 17)} 😀`).join('\n');
    const head = filler.slice(0, 1500);
    // Put the secret's first byte from 45 bytes before to 5 bytes after the first and second 4 KB read boundaries.
    for (const boundary of [4096, 8192]) {
      for (let delta = -45; delta <= 5; delta += 5) {
        const secret = token();
        const lead = `${head}\nTOKEN=`;
        const pad = boundary + delta - Buffer.byteLength(lead) - 1;
        const text = `${head}\n${'p'.repeat(pad)}\nTOKEN=${secret}\n${filler}`;
        const path = write(`boundary-${boundary}-${delta}.env`, text);
        const streamed = await scanFileInChunks(path, (window) => scanner.scanText(window, { file: 'b.env' }), chunk);
        const whole = scanner.scanText(text, { file: 'b.env' });
        expect(Buffer.byteLength(text.slice(0, streamed[0]?.start))).toBe(boundary + delta);
        expect(streamed.filter((finding) => finding.ruleId === 'github-token')).toHaveLength(1);
        expect(essentials(streamed)).toEqual(essentials(whole));
        expect(text.slice(streamed[0]?.start, streamed[0]?.end)).toBe(secret);
      }
    }
    // And around the point where one window's kept part ends and the next window takes over.
    for (let shift = 0; shift < 80; shift += 3) {
      const secret = token();
      const text = `${filler.slice(0, 3000 + shift)}\nTOKEN=${secret}\n${filler}`;
      const path = write(`boundary-${shift}.env`, text);
      const streamed = await scanFileInChunks(path, (window) => scanner.scanText(window, { file: 'b.env' }), chunk);
      const whole = scanner.scanText(text, { file: 'b.env' });
      expect(streamed.filter((finding) => finding.ruleId === 'github-token')).toHaveLength(1);
      expect(essentials(streamed)).toEqual(essentials(whole));
      expect(text.slice(streamed[0]?.start, streamed[0]?.end)).toBe(secret);
    }
  });

  it('matches a whole-text scan on a file of many chunks and many secrets', async () => {
    const lines: string[] = [];
    for (let index = 0; index < 3000; index++) lines.push(index % 97 === 0 ? `const k${index} = "${token()}"; // é` : `// filler ${index} ${r(40)} ✓`);
    const text = lines.join('\n');
    const path = write('many.ts', text);
    const streamed = await scanFileInChunks(path, (window) => scanner.scanText(window, { file: 'many.ts' }), chunk);
    expect(streamed.length).toBe(31);
    expect(essentials(streamed)).toEqual(essentials(scanner.scanText(text, { file: 'many.ts' })));
  });

  it('scanFile uses 1 MiB chunks: a secret at each boundary of a 3 MB file is found once', async () => {
    const secrets: string[] = [];
    const parts: string[] = [];
    let size = 0;
    for (const boundary of [DEFAULT_CHUNK_BYTES, 2 * DEFAULT_CHUNK_BYTES]) {
      const pad = boundary - size - 20;
      parts.push(`${'a b c d\n'.repeat(Math.floor(pad / 8))}${' '.repeat(pad % 8)}`);
      const secret = token();
      secrets.push(secret);
      parts.push(`TOKEN=${secret}\n`);
      size = parts.join('').length;
    }
    parts.push('tail\n'.repeat(100_000));
    const text = parts.join('');
    const findings = await scanner.scanFile(write('large.env', text), { file: 'large.env' });
    expect(findings.map((finding) => text.slice(finding.start, finding.end))).toEqual(secrets);
    expect(essentials(findings)).toEqual(essentials(scanner.scanText(text, { file: 'large.env' })));
  });
});
