// What the secret scanner reads as "not a secret", on its own: templates and references,
// placeholders by policy, digests and UUIDs, development hosts, and the kinds of file and of
// comment that hold examples. The rules' tests reach these only through whole findings.
import { describe, expect, it } from 'vitest';
import {
  hasExampleContext,
  isCodeFile,
  isCodeReference,
  isCommentLine,
  isDocumentation,
  isHexDigest,
  isInExampleComment,
  isLockfile,
  isLoopbackHost,
  isPlaceholder,
  isSingleCharacterRun,
  isTemplate,
  isTestFile,
  isUuid,
} from '../src/secrets/placeholders.js';
import { ALNUM, generator, HEX } from './fixtures/secrets/tokens.js';

const r = generator(41);

describe('templates and references', () => {
  it('reads interpolations, tags and wrapped names as templates, and nothing else', () => {
    for (const value of ['${API_KEY}', '{{ .Values.key }}', '$(vault read x)', '<%= key %>', '[[key]]', '@@KEY@@', '$API_KEY', '%API_KEY%', '__API_KEY__', '<api-key>', '[PASSWORD]', '{password}', '{ api key }']) {
      expect(isTemplate(value), value).toBe(true);
    }
    for (const value of [r(24, ALNUM), 'a$b', 'x<y>', '%not closed', '__lower__', '{not a word!}']) expect(isTemplate(value), value).toBe(false);
  });

  it('reads environment and secret-store lookups as references', () => {
    for (const value of ['process.env.KEY', 'import.meta.env.KEY', "os.environ['KEY']", 'os.getenv("KEY")', 'env("KEY")', 'ENV["KEY"]', 'Deno.env.get("K")', '$env:KEY', '${{ secrets.KEY }}', '${{ vars.KEY }}']) {
      expect(isCodeReference(value), value).toBe(true);
    }
    expect(isCodeReference(r(24, ALNUM))).toBe(false);
  });

  it('counts a run of one character, and the empty string, as a run', () => {
    expect(isSingleCharacterRun('')).toBe(true);
    expect(isSingleCharacterRun('********')).toBe(true);
    expect(isSingleCharacterRun('aaaaaaab')).toBe(false);
    expect(isSingleCharacterRun('baaaaaaa')).toBe(false);
  });
});

describe('isPlaceholder', () => {
  it('reads templates, references and stand-in words as placeholders under either policy', () => {
    for (const policy of ['token', 'credential'] as const) {
      for (const value of ['', '${KEY}', 'process.env.KEY', 'xxxxxxxx', 'sk-****', 'your-api-key', 'REDACTED', 'changeme', 'replace_me', 'insert_your_key', 'key_here', 'dummy-value']) {
        expect(isPlaceholder(value, policy), `${policy}: ${value}`).toBe(true);
      }
      expect(isPlaceholder(r(24, ALNUM), policy), policy).toBe(false);
    }
  });

  it('reads common passwords, one-character runs and example words as placeholders only for credentials', () => {
    for (const value of ['password', 'letmein', 'admin', 'aaaaaaaa', '"secret"', 'example123', 'my_password', 'db-secret2', 'test', 'testing']) {
      expect(isPlaceholder(value, 'credential'), value).toBe(true);
      expect(isPlaceholder(value, 'token'), value).toBe(false);
    }
    expect(isPlaceholder('Kq7vx2Lm', 'credential')).toBe(false);
  });

  it('reads a credential by default as a token', () => {
    expect(isPlaceholder('letmein')).toBe(false);
    expect(isPlaceholder('xxxxxxxx')).toBe(true);
  });
});

describe('digests, UUIDs and development hosts', () => {
  it('reads hex of a digest length as a digest, and no other length or alphabet', () => {
    for (const length of [32, 40, 56, 64, 96, 128]) expect(isHexDigest(r(length, HEX)), String(length)).toBe(true);
    for (const length of [31, 33, 48, 63]) expect(isHexDigest(r(length, HEX)), String(length)).toBe(false);
    expect(isHexDigest(r(40, HEX).toUpperCase())).toBe(true);
    expect(isHexDigest(`${r(39, HEX)}g`)).toBe(false);
  });

  it('reads UUIDs, braced or not, in either case', () => {
    const uuid = [r(8, HEX), r(4, HEX), r(4, HEX), r(4, HEX), r(12, HEX)].join('-');
    expect(isUuid(uuid)).toBe(true);
    expect(isUuid(`{${uuid.toUpperCase()}}`)).toBe(true);
    expect(isUuid(uuid.slice(1))).toBe(false);
    expect(isUuid(`${uuid}0`)).toBe(false);
  });

  it('reads loopback, Docker-host and reserved names as development hosts, with or without a port', () => {
    for (const host of ['localhost', 'LOCALHOST:5432', '127.0.0.1', '127.1.2.3:8080', '0.0.0.0', '::1', '[::1]:80', 'host.docker.internal', 'db.local', 'api.test', 'x.invalid', 'site.example', 'app.localhost']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['db.internal.corp', '10.0.0.5', 'localhost.evil.com', '128.0.0.1', 'example.com']) expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe('kinds of file', () => {
  it('knows lockfiles by their name in any folder and case, on either separator', () => {
    for (const path of ['package-lock.json', 'app/yarn.lock', 'Cargo.lock', 'sub\\Gemfile.lock', 'go.sum', 'pnpm-lock.yaml']) expect(isLockfile(path), path).toBe(true);
    for (const path of ['lock.json', 'package.json', 'yarn.lock.bak', 'go.sum/readme.md']) expect(isLockfile(path), path).toBe(false);
    expect(isLockfile(undefined)).toBe(false);
  });

  it('knows documentation by its extension or its folder', () => {
    for (const path of ['README.md', 'guide.MDX', 'notes.txt', 'man/loom.1', 'index.html', 'docs/setup.yaml', 'docs\\setup.yaml', 'examples/app.js', 'pkg/sample/config.json']) {
      expect(isDocumentation(path), path).toBe(true);
    }
    for (const path of ['src/app.js', 'doc.yaml', 'mydocs/app.js', 'config.json']) expect(isDocumentation(path), path).toBe(false);
    expect(isDocumentation(undefined)).toBe(false);
  });

  it('knows source code by its extension', () => {
    for (const path of ['a.ts', 'a.mjs', 'a.tsx', 'a.py', 'a.go', 'a.rs', 'a.java', 'a.vue', 'a.sol']) expect(isCodeFile(path), path).toBe(true);
    for (const path of ['a.json', 'a.yaml', '.env', 'a.md', 'Dockerfile']) expect(isCodeFile(path), path).toBe(false);
    expect(isCodeFile(undefined)).toBe(false);
  });

  it('knows tests, fixtures, benchmarks and examples by folder or name, on either separator', () => {
    for (const path of ['test/a.ts', 'src/__tests__/a.ts', 'spec/a.rb', 'pkg/fixtures/x.json', 'testdata/k.pem', 'bench/../benchmarks/x.js', 'a.test.ts', 'a_spec.rb', 'a-test.js', 'src\\tests\\a.py', 'demos/a.js']) {
      expect(isTestFile(path), path).toBe(true);
    }
    for (const path of ['src/testing.ts', 'src/contest/a.ts', 'latest.ts', 'src/app.ts']) expect(isTestFile(path), path).toBe(false);
    expect(isTestFile(undefined)).toBe(false);
  });
});

describe('comments and example context', () => {
  it('knows a comment line by its opening mark, whatever the language', () => {
    const text = ['code()', '  // a', '# b', ' * c', '<!-- d', '-- e', '; f', '% g', 'REM h', 'x = 1 // trailing'].join('\n');
    const at = (line: number) => text.split('\n').slice(0, line).join('\n').length + (line > 0 ? 1 : 0) + 1;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((line) => isCommentLine(text, at(line)))).toEqual([false, true, true, true, true, true, true, true, true, false]);
  });

  it('finds an example comment on the line or in the comment block above, not across code', () => {
    const block = '/**\n * Signs requests.\n * @example\n * sign("Kq7vx2Lm")\n */';
    expect(isInExampleComment(block, block.indexOf('Kq7'))).toBe(true);
    const plain = '/**\n * Signs requests with Kq7vx2Lm\n */';
    expect(isInExampleComment(plain, plain.indexOf('Kq7'))).toBe(false);
    const broken = '// for example:\nconst a = 1;\n// Kq7vx2Lm';
    expect(isInExampleComment(broken, broken.indexOf('Kq7'))).toBe(false);
    expect(isInExampleComment('const k = "Kq7vx2Lm"; // e.g.', 12)).toBe(false);
    expect(isInExampleComment('# e.g. Kq7vx2Lm', 7)).toBe(true);
    // A comment below says nothing of the value above it.
    expect(isInExampleComment('# key: Kq7vx2Lm\n# for example', 7)).toBe(false);
  });

  it('looks back through at most 40 comment lines for the word', () => {
    const lines = (gap: number) => ['# for example', ...Array.from({ length: gap }, () => '# more'), '# Kq7vx2Lm'].join('\n');
    expect(isInExampleComment(lines(38), lines(38).indexOf('Kq7'))).toBe(true);
    expect(isInExampleComment(lines(40), lines(40).indexOf('Kq7'))).toBe(false);
  });

  it('finds example words on the value’s line or the three before it, not further', () => {
    const text = (gap: number) => ['For example, set it so:', ...Array.from({ length: gap }, () => 'more text'), 'KEY=Kq7vx2Lm'].join('\n');
    expect(hasExampleContext(text(2), text(2).indexOf('Kq7'))).toBe(true);
    expect(hasExampleContext(text(3), text(3).indexOf('Kq7'))).toBe(false);
    expect(hasExampleContext('KEY=Kq7vx2Lm # a sample', 4)).toBe(true);
    expect(hasExampleContext('KEY=Kq7vx2Lm\nfor example', 4)).toBe(false);
  });

  it('does not read a reserved example host name as the word "example"', () => {
    expect(hasExampleContext('url = https://db.example.com/?key=Kq7vx2Lm', 30)).toBe(false);
    expect(hasExampleContext('host: api.example.org key: Kq7vx2Lm', 27)).toBe(false);
    expect(hasExampleContext('an example: Kq7vx2Lm', 12)).toBe(true);
  });
});
