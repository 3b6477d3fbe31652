/**
 * What is not a secret: templates and variable references, conventional placeholders
 * (`your-api-key`, `xxxx`, `<token>`, `${VAR}`, `process.env.X`), documented examples, digests
 * and UUIDs, and paths whose content is hashes (lockfiles) or examples (docs).
 */

/** How strictly a value is read: `token` for fixed-format provider tokens, `credential` for free-form passwords and values. */
export type PlaceholderPolicy = 'token' | 'credential';

const TEMPLATE = /\$\{|\{\{|\}\}|\$\(|<%|%>|\[\[|\]\]|@@|^\$[\w{(]|^%[A-Za-z_][\w.]*%$|^__[A-Z0-9_]+__$|^<[^<>]*>$|^\[[^[\]]*\]$/;
const BRACED_WORD = /^\{[A-Za-z_ .|-]*\}$/;
const CODE_REFERENCE = /process\.env|import\.meta\.env|os\.environ|getenv|\benv\(|\bENV\[|Deno\.env|\$env:|System\.getenv|\bsecrets\.|\bvars\./i;
const TOKEN_MARKERS = /x{4,}|X{4,}|\*{3,}|#{3,}|\.{3}|…|(?:^|[^a-z])your(?:[^a-z]|$)|your[_-]?(?:api|key|token|secret|pass)|placeholder|redacted|changeme|change[_-]me|replace[_-]?(?:me|with|this)|insert[_-]?(?:your|here)|dummy|_here\b|-here\b/i;
const CREDENTIAL_MARKERS = /example|sample|\bfake\b|\bxxx|^x+$|\btest(?:ing)?$|^test|^(?:my|your|the|some|a|new|old|db|user|admin|root|default|app)[_-]?(?:pass(?:word)?|pwd|secret|token|key)s?\d*$/i;
const PLACEHOLDER_WORDS = new Set([
  'password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'key', 'auth', 'credentials', 'credential',
  'changeme', 'changeit', 'letmein', 'qwerty', 'admin', 'root', 'guest', 'user', 'username', 'login', 'none', 'null', 'nil',
  'undefined', 'empty', 'string', 'required', 'optional', 'default', 'value', 'foo', 'bar', 'baz', 'foobar', 'hunter2',
  'password1', 'password123', 'p@ssw0rd', 'p@ssword', 'passw0rd', '123456', '1234567', '12345678', '123456789', '1234567890',
  'abc123', 'abcdef', 'mysecretpassword', 'supersecret', 'topsecret', 'sekret', 's3cr3t', 'todo', 'tbd', 'n/a',
]);
const UUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const HEX = /^[0-9a-f]+$/i;
const DIGEST_LENGTHS = new Set([32, 40, 56, 64, 96, 128]);

/** `${VAR}`, `{{ .x }}`, `$(cmd)`, `<token>`, `[PASSWORD]`, `{password}`, `%VAR%`, `$VAR`, `__TOKEN__`. */
export function isTemplate(value: string): boolean {
  return TEMPLATE.test(value) || BRACED_WORD.test(value);
}

/** `process.env.X`, `os.environ["X"]`, `getenv(...)`, `${{ secrets.X }}` and friends. */
export function isCodeReference(value: string): boolean {
  return CODE_REFERENCE.test(value);
}

/** Every character the same (`aaaa`, `1111`, `****`). */
export function isSingleCharacterRun(value: string): boolean {
  if (value.length === 0) return true;
  const first = value.charCodeAt(0);
  for (let i = 1; i < value.length; i++) if (value.charCodeAt(i) !== first) return false;
  return true;
}

/** A conventional stand-in rather than a value someone could log in with. */
export function isPlaceholder(value: string, policy: PlaceholderPolicy = 'token'): boolean {
  if (value.length === 0) return true;
  if (isTemplate(value) || isCodeReference(value) || TOKEN_MARKERS.test(value)) return true;
  if (policy === 'token') return false;
  const bare = value.replace(/^["'`]+|["'`]+$/g, '');
  if (isSingleCharacterRun(bare)) return true;
  if (PLACEHOLDER_WORDS.has(bare.toLowerCase())) return true;
  return CREDENTIAL_MARKERS.test(bare);
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Pure hex of a digest's length (md5, sha1, sha224, sha256, sha384, sha512): a hash, not a key. */
export function isHexDigest(value: string): boolean {
  return DIGEST_LENGTHS.has(value.length) && HEX.test(value);
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|[\w-]+\.(?:local|localhost|test|invalid|example))$/i;

/** Hosts whose credentials are development defaults rather than something worth stealing. */
export function isLoopbackHost(host: string): boolean {
  // A port follows a name or a bracketed address; a bare IPv6 address (`::1`) ends in no port.
  return LOOPBACK.test(host.replace(/^(\[[^\]]*\]|[^:]*):\d+$/, '$1'));
}

const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'deno.lock', 'cargo.lock', 'gemfile.lock',
  'poetry.lock', 'pipfile.lock', 'uv.lock', 'pdm.lock', 'composer.lock', 'go.sum', 'go.work.sum', 'packages.lock.json', 'mix.lock',
  'pubspec.lock', 'gradle.lockfile', 'flake.lock', 'podfile.lock', 'package.resolved', 'paket.lock', 'conan.lock', 'shrinkwrap.yaml',
]);
const DOC_EXTENSION = /\.(?:md|mdx|markdown|rst|adoc|asciidoc|txt|textile|rdoc|org|html?|[1-9])$/i;
const DOC_DIRECTORY = /(?:^|\/)(?:docs?|documentation|examples?|samples?)\//i;

const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** Lockfiles hold integrity hashes and resolved URLs, never hand-written secrets. */
export function isLockfile(path: string | undefined): boolean {
  return path !== undefined && LOCKFILES.has(baseName(path).toLowerCase());
}

/** Documentation, where example values abound. */
export function isDocumentation(path: string | undefined): boolean {
  return path !== undefined && (DOC_EXTENSION.test(path) || DOC_DIRECTORY.test(path.replace(/\\/g, '/')));
}

const EXAMPLE_CONTEXT = /\b(?:example|e\.g\.|for instance|sample|placeholder|dummy|fake|demo|replace)\b/i;
const COMMENT_LINE = /^[ \t]*(?:\/\/|\/\*|\*|#|<!--|--|;|%|REM\b)/;
const EXAMPLE_COMMENT = /@example|\bexamples?\b|e\.g\.|for instance|\bsample\b|placeholder|\bdummy\b|\bfake\b/i;
const CODE_EXTENSION = /\.(?:[cm]?[jt]sx?|map|py|pyi|rb|go|java|kts?|scala|cs|fs|php|swift|rs|c|cc|cpp|cxx|h|hh|hpp|m|mm|dart|lua|pl|pm|r|groovy|vue|svelte|ex|exs|erl|clj|hs|ml|elm|zig|nim|sol)$/i;
const TEST_PATH = /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|__fixtures__|__mocks__|mocks?|testdata|test-data|benchmarks?|examples?|samples?|demos?)\/|[._-](?:test|spec)\.[a-z0-9]+$/i;

/** Source code, where unquoted values after `=` or `:` are expressions, not literals. */
export function isCodeFile(path: string | undefined): boolean {
  return path !== undefined && CODE_EXTENSION.test(path);
}

/** Tests, fixtures, benchmarks and examples, which are full of made-up credentials. */
export function isTestFile(path: string | undefined): boolean {
  return path !== undefined && TEST_PATH.test(path.replace(/\\/g, '/'));
}

const lineAt = (text: string, index: number): [number, number] => {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const end = text.indexOf('\n', index);
  return [start, end === -1 ? text.length : end];
};

/** True when the position is on a comment line (`//`, `#`, ` * `, `<!--`, …). */
export function isCommentLine(text: string, index: number): boolean {
  const [start, end] = lineAt(text, index);
  return COMMENT_LINE.test(text.slice(start, Math.min(end, start + 200)));
}

/**
 * True when the position is inside a comment block that presents an example (`@example`,
 * `e.g.`, `for example`…) on its own line or one of the comment lines just above it.
 */
export function isInExampleComment(text: string, index: number): boolean {
  let [start, end] = lineAt(text, index);
  for (let lines = 0; lines < 40; lines++) {
    const line = text.slice(start, Math.min(end, start + 2000));
    if (!COMMENT_LINE.test(line)) return false;
    if (EXAMPLE_COMMENT.test(line)) return true;
    if (start === 0) return false;
    end = start - 1;
    start = text.lastIndexOf('\n', end - 1) + 1;
  }
  return false;
}

/** True when the line (or one of the three before it) presents the value as an example. */
export function hasExampleContext(text: string, start: number): boolean {
  let from = text.lastIndexOf('\n', start - 1) + 1;
  for (let lines = 0; lines < 3 && from > 0; lines++) from = text.lastIndexOf('\n', from - 2) + 1;
  const lineEnd = text.indexOf('\n', start);
  const context = text.slice(Math.max(from, start - 600), lineEnd === -1 ? Math.min(text.length, start + 600) : Math.min(lineEnd, start + 600));
  // `db.example.com` is a host name (RFC 2606 reserves it), not the prose saying "for example".
  return EXAMPLE_CONTEXT.test(context.replace(/[\w-]*(?:\.[\w-]+)*\.example(?:\.(?:com|org|net))?\b|\bexample\.(?:com|org|net)\b/gi, ''));
}
