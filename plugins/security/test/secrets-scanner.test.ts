import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createBaseline, createSecretScanner, fingerprint, maskSecret, parseBaseline, readBaseline, resolveOverlaps, RULES, secretHash, writeBaseline } from '../src/secrets/index.js';
import { sample } from './fixtures/secrets/samples.js';
import { generator, join } from './fixtures/secrets/tokens.js';

const scanner = createSecretScanner();
const r = generator(11);
const token = () => join('gh', 'p_') + r(36);

describe('inline ignore comments', () => {
  it('silences a finding on the same line', () => {
    expect(scanner.scanText(`const key = "${token()}"; // loom-ignore-secret`)).toEqual([]);
    expect(scanner.scanText(`KEY=${token()} # loom-ignore-secret (test fixture)`)).toEqual([]);
  });

  it('silences the next line with the -next-line form, and nothing else', () => {
    const text = `# loom-ignore-secret-next-line\nA=${token()}\nB=${token()}\n`;
    const findings = scanner.scanText(text);
    expect(findings.map((finding) => finding.line)).toEqual([3]);
  });

  it('does not silence other lines', () => {
    const text = `// loom-ignore-secret\nconst key = "${token()}";\n`;
    expect(scanner.scanText(text)).toHaveLength(1);
  });
});

describe('baseline', () => {
  it('round-trips through a file and silences exactly the accepted findings', () => {
    const first = token();
    const text = `A=${first}\n`;
    const findings = scanner.scanText(text, { file: 'src/app.ts' });
    expect(findings).toHaveLength(1);
    const path = joinPath(mkdtempSync(joinPath(tmpdir(), 'loom-baseline-')), '.loom-secrets-baseline.json');
    writeBaseline(path, createBaseline(findings));
    const json = readFileSync(path, 'utf8');
    expect(json).not.toContain(first);
    expect(JSON.parse(json)).toMatchObject({ version: 1, fingerprints: [findings[0]?.fingerprint] });
    const baseline = readBaseline(path);
    expect(baseline).toEqual([findings[0]?.fingerprint]);
    const quiet = createSecretScanner({ baseline });
    expect(quiet.scanText(text, { file: 'src/app.ts' })).toEqual([]);
    // Moved to another line, still baselined; a new secret, or the same one in another file, is not.
    expect(quiet.scanText(`\n\n  A=${first}`, { file: 'src/app.ts' })).toEqual([]);
    expect(quiet.scanText(`A=${first}\nB=${token()}`, { file: 'src/app.ts' })).toHaveLength(1);
    expect(quiet.scanText(text, { file: 'src/other.ts' })).toHaveLength(1);
  });

  it('writes straight from findings and reads the shapes a person might write', () => {
    const findings = scanner.scanText(`A=${token()}\nB=${token()}`, { file: 'x.env' });
    const path = joinPath(mkdtempSync(joinPath(tmpdir(), 'loom-baseline-')), 'b.json');
    writeBaseline(path, findings);
    expect(readBaseline(path)).toEqual(findings.map((finding) => finding.fingerprint).sort());
    expect(parseBaseline('["0123456789abcdef", "not-a-fingerprint"]')).toEqual(['0123456789abcdef']);
    expect(parseBaseline('{"findings": [{"fingerprint": "0123456789abcdef", "ruleId": "x"}]}')).toEqual(['0123456789abcdef']);
    expect(createBaseline([...findings, ...findings]).fingerprints).toHaveLength(2);
  });
});

describe('masking', () => {
  it.each(RULES.map((rule) => rule.id))('never shows more than a few characters of %s', (id) => {
    const { text, secret } = sample(id);
    const finding = scanner.scanText(text).find((candidate) => candidate.ruleId === id);
    expect(finding).toBeDefined();
    const preview = finding?.preview ?? '';
    expect(preview).not.toContain(secret);
    if (secret.startsWith('-----BEGIN')) {
      expect(preview).toMatch(/^-----BEGIN [A-Z ]*PRIVATE KEY-----…$/);
      return;
    }
    const shown = preview.replace(/…(\(\d+\))?/, '');
    expect(shown.length).toBeLessThanOrEqual(8);
    expect(shown.length).toBeLessThanOrEqual(secret.length / 4);
  });

  it('shows only a length for very short secrets', () => {
    expect(maskSecret('abc1234')).toBe('…(7)');
    expect(maskSecret('abcdefgh')).toBe('a…h');
    expect(maskSecret(join('gh', 'p_') + 'a'.repeat(30) + 'wxyz')).toBe('ghp_…wxyz');
  });
});

describe('fingerprints', () => {
  it('are sha256-based: first 16 hex of (ruleId + file + secret), and the secret hash first 8 hex of the secret', () => {
    const secret = token();
    const [finding] = scanner.scanText(`TOKEN=${secret}`, { file: 'deploy/.env' });
    const sha = (value: string) => createHash('sha256').update(value).digest('hex');
    expect(finding?.fingerprint).toBe(sha(`github-token${'deploy/.env'}${secret}`).slice(0, 16));
    expect(finding?.secretHash).toBe(sha(secret).slice(0, 8));
    expect(fingerprint('github-token', 'deploy/.env', secret)).toBe(finding?.fingerprint);
    expect(secretHash(secret)).toBe(finding?.secretHash);
  });

  it('stay the same when the secret moves to another line or column, and differ per file', () => {
    const secret = token();
    const a = scanner.scanText(`TOKEN=${secret}`, { file: 'a.env' })[0];
    const b = scanner.scanText(`# header\n\n\n   export TOKEN=${secret}\n`, { file: 'a.env' })[0];
    const c = scanner.scanText(`TOKEN=${secret}`, { file: 'b.env' })[0];
    expect(b?.line).toBe(4);
    expect(a?.fingerprint).toBe(b?.fingerprint);
    expect(c?.fingerprint).not.toBe(a?.fingerprint);
    expect(c?.secretHash).toBe(a?.secretHash);
    // Windows separators and a leading ./ do not change a path's identity.
    expect(scanner.scanText(`TOKEN=${secret}`, { file: '.\\a.env' })[0]?.fingerprint).toBe(a?.fingerprint);
  });
});

describe('positions', () => {
  it('gives 1-based line and column of the first character, and the span of the secret', () => {
    const secret = token();
    const text = `first line\r\nsecond: é ✓ 😀\r\n\tconst x = { key: "${secret}" };\r\n`;
    const [finding] = scanner.scanText(text);
    expect(finding?.line).toBe(3);
    expect(finding?.column).toBe(text.split('\n')[2]?.indexOf(secret) === undefined ? -1 : (text.split('\n')[2]?.indexOf(secret) ?? 0) + 1);
    expect(finding?.column).toBe(20);
    expect(text.slice(finding?.start, finding?.end)).toBe(secret);
  });

  it('orders findings by position and counts lines across many of them', () => {
    const secrets = Array.from({ length: 5 }, token);
    const text = secrets.map((secret, index) => `${'\n'.repeat(index * 3)}v${index}=${secret}`).join('\n');
    const findings = scanner.scanText(text);
    expect(findings.map((finding) => text.slice(finding.start, finding.end))).toEqual(secrets);
    for (const finding of findings) {
      const before = text.slice(0, finding.start);
      expect(finding.line).toBe(before.split('\n').length);
      expect(finding.column).toBe(finding.start - before.lastIndexOf('\n'));
    }
  });
});

describe('overlaps', () => {
  it('keeps the earlier rule, then the longer finding', () => {
    const kept = resolveOverlaps([
      { start: 0, end: 10, priority: 5 },
      { start: 2, end: 8, priority: 1 },
      { start: 9, end: 20, priority: 3 },
      { start: 30, end: 40, priority: 9 },
    ]);
    expect(kept).toEqual([
      { start: 2, end: 8, priority: 1 },
      { start: 9, end: 20, priority: 3 },
      { start: 30, end: 40, priority: 9 },
    ]);
  });
});

describe('the repository itself', () => {
  it('holds no scannable secret in the scanner’s sources, tests or fixtures', () => {
    const here = fileURLToPath(new URL('.', import.meta.url));
    const dirs = [fileURLToPath(new URL('../src/secrets/', import.meta.url)), here, joinPath(here, 'fixtures/secrets')];
    const files = dirs.flatMap((dir) => readdirSync(dir).filter((name) => /^secrets|\.ts$/.test(name) && !name.endsWith('.d.ts')).map((name) => joinPath(dir, name)));
    const own = files.filter((path) => /src\/secrets\/|secrets-[\w-]+\.test\.ts$|fixtures\/secrets\//.test(path));
    expect(own.length).toBeGreaterThan(10);
    for (const path of own) expect(scanner.scanText(readFileSync(path, 'utf8'), { file: path }), path).toEqual([]);
  });
});

describe('scanFile', () => {
  it('reads a file, reports its path and positions', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'loom-scan-'));
    const secret = token();
    const path = joinPath(dir, 'settings.env');
    writeFileSync(path, `# settings\nGITHUB_TOKEN=${secret}\n`);
    const findings = await scanner.scanFile(path, { file: 'settings.env' });
    expect(findings).toMatchObject([{ ruleId: 'github-token', file: 'settings.env', line: 2, column: 14 }]);
    expect((await scanner.scanFile(path))[0]?.file).toBe(path.replace(/\\/g, '/'));
  });
});
