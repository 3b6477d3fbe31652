/**
 * The generic rule: `password|secret|token|api_key = "…"` assignments in code, config, env files,
 * JSON and YAML. The regex finds a keyword followed by an assignment; the check reads the whole
 * identifier (it must be *about* a secret: `db_password`, `apiKey`, `STRIPE_KEY`, not `tokenUrl`
 * or `sortKey`) and the value (it must look like one: long enough, high entropy, no template,
 * variable, placeholder, path, URL, version, UUID or digest).
 */
import { characterClasses, shannonEntropy } from './entropy.js';
import { isCodeFile, isDocumentation, isHexDigest, isPlaceholder, isTestFile, isUuid } from './placeholders.js';
import type { MatchContext, Span } from './rule.js';
import { isUnquotedCallArgument } from './validators.js';

/** Lower-case keywords the pre-filter looks for before this rule runs. */
export const GENERIC_KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'cred'];

export const GENERIC_PATTERN =
  /(?:pass(?:word|wd|phrase)?|pwd|secret|token|key|credentials?|creds)(?<tail>[A-Za-z0-9_.-]{0,30})["']?\]?[ \t]{0,8}(?::=|=>|\?\??=|\|\|=|=(?![=>~])|:(?![:/\\]))[ \t]{0,8}(?:"(?<dq>[^"\r\n]{1,300})"|'(?<sq>[^'\r\n]{1,300})'|`(?<bq>[^`\r\n$]{1,300})`|(?<uq>[^\s"'`;,(){}[\]<>]{1,300}))/dgi;

const NAME_CHAR = /[A-Za-z0-9_.-]/;
const LAST_WORD = /(?:password|passwd|passphrase|pwd|pass|secret|token|key|apikey|credentials?|creds)$/;
const NOT_A_SECRET_WORD = new Set(['bypass', 'compass', 'overpass', 'underpass', 'surpass', 'jsonwebtoken', 'monkey', 'donkey', 'turkey', 'hockey', 'jockey', 'whiskey', 'hotkey', 'passkey', 'keykey', 'nexttoken', 'csrftoken', 'xsrftoken']);
const DENY_WORDS = new Set([
  'public', 'pub', 'publishable', 'csrf', 'xsrf', 'schema', 'sequence', 'bucket', 'foreign', 'primary', 'sort', 'partition', 'cache',
  'idempotency', 'translation', 'i18n', 'hash', 'hashed', 'map', 'lookup', 'column', 'index', 'row', 'next', 'prev', 'previous',
  'page', 'cursor', 'continuation', 'max', 'min', 'mock', 'fake', 'dummy', 'example', 'sample', 'placeholder', 'hint', 'label',
  'policy', 'validation', 'rotation', 'expiry', 'expires', 'expiration', 'field', 'form', 'input', 'event', 'keyboard', 'react',
]);
const KEY_QUALIFIERS = /^(?:api|access|secret|private|client|auth|master|signing|sign|encryption|encrypt|crypt|license|account|service|admin|app|application|consumer|shared|webhook|bot|deploy|write|read|storage|subscription|secure|hmac|jwt|oauth|session|integration|server|root)$/;
const COMPOUND_KEY = /(?:api|access|secret|private|client|auth|master|signing|encryption|license|account|service|admin|app|consumer|storage|subscription|hmac|jwt|oauth)key$/;
const PASSWORDISH = /(?:password|passwd|passphrase|pwd|pass)$/;

/** `dbPassword` → [db, password]; `AWS_SECRET_ACCESS_KEY` → [aws, secret, access, key]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

/** True when an identifier names a secret: the last word is one, and nothing says it is public or a lookup key. */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined || !LAST_WORD.test(last) || NOT_A_SECRET_WORD.has(last)) return false;
  if (words.some((word) => DENY_WORDS.has(word))) return false;
  if (last.endsWith('key') && last !== 'apikey' && !COMPOUND_KEY.test(last)) {
    const qualified = words.slice(0, -1).some((word) => KEY_QUALIFIERS.test(word));
    const constant = words.length >= 2 && /^[A-Z0-9_]+$/.test(name);
    if (!qualified && !constant) return false;
  }
  return true;
}

const LETTERS_ONLY = /^[\p{L}_.\- ]+$/u;
/** `x-aws-ec2-metadata-token`, `secret-2-levels`, `auth:token:legacy`: a name or slug, not a key. */
const WORD_SLUG = /^[a-z0-9]+(?:[-_.:/][a-z0-9]+)+$/;
const MEMBER_CHAIN = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
const PATH_LIKE = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|\\\\)/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const FILE_NAME = /\.(?:pem|key|crt|cer|der|json|ya?ml|txt|p12|pfx|jks|keystore|env|ini|conf|cfg|xml|js|ts|sh|py|rb|gpg|asc|pub)$/i;
const VERSION = /\d+\.\d+\.\d+|^v?\d+\.\d+$/;
const ASCENDING_RUN = /(?:abcdef|bcdefg|cdefgh|123456|234567|345678|456789)/i;

/** True when a value assigned to a secret-named identifier looks like a real secret. */
export function isSecretValue(value: string, name: string, quoted: boolean): boolean {
  if (value.length === 0 || /\s/.test(value)) return false;
  if (isPlaceholder(value, 'credential')) return false;
  if (LETTERS_ONLY.test(value) || /^\d+$/.test(value) || (!quoted && MEMBER_CHAIN.test(value))) return false;
  // Without a digit and with few capitals it is words (`?NoLineTerminatorHere`), not random.
  if (!/\d/.test(value)) {
    const letters = value.replace(/[^A-Za-z]/g, '').length;
    if (letters > 0 && value.replace(/[^A-Z]/g, '').length / letters <= 0.3) return false;
  }
  if (URL_LIKE.test(value) || PATH_LIKE.test(value) || EMAIL.test(value) || FILE_NAME.test(value) || VERSION.test(value)) return false;
  if (isUuid(value) || ASCENDING_RUN.test(value)) return false;
  // JWTs are the jwt rule's call (it knows an auth token from a documentation sample).
  if (/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*$/.test(value)) return false;
  if (WORD_SLUG.test(value)) {
    const parts = value.split(/[-_.:/]/);
    if (parts.filter((part) => /^[a-z]{3,}$/.test(part)).length * 2 >= parts.length) return false;
  }
  const words = nameWords(name);
  const last = words[words.length - 1] ?? '';
  const password = PASSWORDISH.test(last);
  const secret = password || last.endsWith('secret');
  // 32 hex characters under a secret's name is an API key; 40 or 64 under a token's name is a commit or a digest.
  if (!secret && isHexDigest(value) && value.length !== 32) return false;
  // A short password mixes letters, digits and punctuation (`Kq7!vx2#m`): that makes up for its length.
  const classes = characterClasses(value);
  const mixed = classes >= 3 && /[^A-Za-z0-9]/.test(value);
  if (value.length < (password ? 6 : secret ? 8 : 10) && !(value.length >= 8 && mixed)) return false;
  if (classes < 2) return false;
  return shannonEntropy(value) >= (password || mixed ? 2.5 : 3);
}

const ENCRYPTED_VALUE = /^(?:ENC\[|encrypted:|vault:v\d|AQICAH|\$ANSIBLE_VAULT|-----BEGIN PGP MESSAGE|\$2[aby]\$|\$argon2|\$pbkdf2|\$scrypt|\{SSHA?\}|sha\d{3}:)/i;
const ENCRYPTED_CONTEXT = /\b(?:encrypted|ciphertext|hashed|bcrypt|sealed[-_ ]?secret)\b/i;

/** The line of `start` and the one before it (where a comment describing the value would be). */
function surroundingLines(text: string, start: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const previousStart = lineStart === 0 ? 0 : text.lastIndexOf('\n', lineStart - 2) + 1;
  const lineEnd = text.indexOf('\n', start);
  return text.slice(Math.max(previousStart, start - 400), lineEnd === -1 ? Math.min(text.length, start + 400) : Math.min(lineEnd, start + 400));
}

/** Base64 that decodes to readable prose (`ZHVtbXkgdGV4dA==` is `dummy text`) is encoded text, not a key. */
export function isEncodedText(value: string): boolean {
  if (value.length < 16 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x20-\x7e\t\r\n]+$/.test(decoded) && /[a-z]{3,} [a-z]{3,}/i.test(decoded);
}

const CODE_PUNCTUATION = /\?\.|\?\?|^!|&&|\|\||::|->|=>/;
const FOLLOWED_BY_CODE = /^[ \t]*(?:[([.?]|&&|\|\||\?\?|[-+*/%]?=[^=]|;?[ \t]*$)/;

/**
 * An unquoted value that reads as code: operators and brackets (`opts?.secret`, `!!node.x`),
 * placeholders like `$1`, or a camelCase identifier followed by a call, member access or `;`
 * (`toUint8Array(`, `ArrowToken$1;`). Random tokens have many more upper-case letters than
 * camelCase names do.
 */
export function looksLikeExpression(value: string, following: string): boolean {
  if (CODE_PUNCTUATION.test(value)) return true;
  const after = following.split('\n', 1)[0] ?? '';
  if (!/^[A-Za-z_$][\w$]*$/.test(value)) return false;
  const letters = value.replace(/[^A-Za-z]/g, '');
  const upper = value.replace(/[^A-Z]/g, '').length;
  const digits = value.replace(/[^0-9]/g, '').length;
  const camelCase = letters.length > 0 && upper / letters.length <= 0.3 && digits <= 2;
  return camelCase && (FOLLOWED_BY_CODE.test(after) || /^[A-Z][a-z]/.test(value) || /[a-z][A-Z][a-z]/.test(value));
}

/** The generic rule's check: finds the identifier around the keyword and the value's span. */
export function checkGenericAssignment(context: MatchContext): boolean | Span {
  const { match, text } = context;
  const indices = match?.indices?.groups;
  if (match === undefined || indices === undefined) return false;
  let nameLength = 0;
  while (nameLength < match[0].length && NAME_CHAR.test(match[0][nameLength] ?? '')) nameLength++;
  const keywordEnd = match.index + nameLength;
  let nameStart = match.index;
  while (nameStart > 0 && match.index - nameStart < 60 && NAME_CHAR.test(text[nameStart - 1] ?? '')) nameStart--;
  const name = text.slice(nameStart, keywordEnd).replace(/^[.-]+/, '');
  if (!isSecretName(name)) return false;
  const group = indices.dq ?? indices.sq ?? indices.bq ?? indices.uq;
  if (group === undefined) return false;
  const [start, end] = group;
  const quoted = indices.uq === undefined;
  const value = text.slice(start, end);
  if (!isSecretValue(value, name, quoted)) return false;
  if (!quoted) {
    // In source code an unquoted value is an expression (`token = existing?.x`, `secret: Uint8Array`).
    if (isCodeFile(context.file)) return false;
    // The whole unquoted token (`ops_eyJ..[Redacted]`) decides whether it is a placeholder, and a
    // bare named argument (`f(token: abc)`) is an expression.
    const rest = /^[^\s"'`;,]*/.exec(text.slice(end, end + 200))?.[0] ?? '';
    if (rest.length > 0 && isPlaceholder(value + rest, 'credential')) return false;
    if (isUnquotedCallArgument(text, start) || looksLikeExpression(value, text.slice(end, end + 40))) return false;
  }
  // Tests are full of made-up credentials (`password: 'hunter2'`): only strong values count there. Docs
  // get pasted real settings too, so there a value needs length or mixed classes, not both.
  if (isTestFile(context.file) && (value.length < 12 || shannonEntropy(value) < 3.5)) return false;
  if (isDocumentation(context.file) && value.length < 10 && characterClasses(value) < 3) return false;
  if (ENCRYPTED_VALUE.test(value) || ENCRYPTED_CONTEXT.test(surroundingLines(text, start))) return false;
  if (isEncodedText(value)) return false;
  return { start, end };
}
