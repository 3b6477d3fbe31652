/** Small per-rule checks that a regex alone cannot express. */
import { characterClasses, shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholders.js';
import type { MatchContext, Span } from './rule.js';

/** The surrounding text of a candidate: `before` characters before it to `after` characters after it. */
export function around(context: MatchContext, before: number, after: number): string {
  return context.text.slice(Math.max(0, context.start - before), Math.min(context.text.length, context.end + after));
}

/** The part of the candidate's line before it. */
export function linePrefix(context: MatchContext, max = 200): string {
  const lineStart = context.text.lastIndexOf('\n', context.start - 1) + 1;
  return context.text.slice(Math.max(lineStart, context.start - max), context.start);
}

/** Random letter tokens mix upper and lower case; a 34-letter identifier in code usually does not. */
export function mixedCase(context: MatchContext): boolean {
  return /[a-z]/.test(context.secret) && /[A-Z]/.test(context.secret);
}

/** AWS documents its example credentials with an EXAMPLE suffix (`AKIAIOSFODNN7EXAMPLE`). */
export function notAwsExample(context: MatchContext): boolean {
  return !/EXAMPLE(?:KEY)?$/.test(context.secret);
}

/** A GCP API key counts when it is assigned or passed (`key=`, `apiKey: "`), not when it stands alone. */
export function assignedValue(context: MatchContext): boolean {
  return /[\w\]"'`)]\s*(?:=|:|=>|,)\s*["'`]?$|[?&](?:key|api_?key|token)=$/i.test(linePrefix(context));
}

const base64UrlDecode = (part: string): string | undefined => {
  try {
    return Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  } catch {
    return undefined;
  }
};

const parseObject = (json: string | undefined): Record<string, unknown> | undefined => {
  if (json === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

const AUTH_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'scope', 'scp', 'client_id', 'email', 'uid', 'user_id', 'userId', 'role', 'roles', 'tid', 'oid', 'sid', 'session_id', 'preferred_username', 'username', 'token_type', 'auth_time', 'org_id', 'tenant', 'permissions'];

/**
 * A JWT worth hiding: the header is JSON with `alg`, and the payload carries identity or
 * authorization claims. The jwt.io sample (`John Doe`, sub `1234567890`) is a documentation example.
 */
export function isAuthJwt(context: MatchContext): boolean {
  const [header, payload] = context.secret.split('.');
  const head = parseObject(base64UrlDecode(header ?? ''));
  if (head === undefined || typeof head.alg !== 'string') return false;
  const body = parseObject(base64UrlDecode(payload ?? ''));
  if (body === undefined) return false;
  if (body.name === 'John Doe' && body.sub === '1234567890') return false;
  return AUTH_CLAIMS.some((claim) => claim in body);
}

/** A PEM or PGP private key with real key material between its armour lines. */
export function hasKeyMaterial(context: MatchContext): boolean {
  const body = context.secret
    .replace(/^-----BEGIN[^\n]*?-----/, '')
    .replace(/-----END[\s\S]*$/, '')
    .replace(/\\[nr]/g, '\n')
    .replace(/^[A-Za-z-]+:[^\n]*$/gm, '')
    .replace(/[\s"',+]/g, '');
  const material = body.replace(/[^A-Za-z0-9/=]/g, '');
  return material.length >= 40 && shannonEntropy(material) >= 3.5 && !isPlaceholder(body, 'token');
}

/** Context words near a bare 64-hex value that make it a private key rather than a hash. */
export function nearPrivateKeyWords(context: MatchContext): boolean {
  return /priv|secret|wallet|mnemonic|signer|deployer|seed|\bpk\b|keystore/i.test(around(context, 200, 200)) && !/public|address|hash|\btx|block|checksum|digest/i.test(linePrefix(context, 80));
}

/** Docker `auths` entries: base64 of `user:password` with a real password. */
export function isDockerAuth(context: MatchContext): boolean {
  const decoded = Buffer.from(context.secret, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return false;
  const password = decoded.slice(colon + 1);
  return password.length >= 4 && !isPlaceholder(password, 'credential');
}

/** Vault's legacy `s.` tokens mix letters and digits; `s.` + a 24-letter word is a property access. */
export function legacyVaultToken(context: MatchContext): boolean {
  return /\d/.test(context.secret) && /[a-z]/.test(context.secret) && /[A-Z]/.test(context.secret);
}

/** An Azure SAS signature belongs to a URL that also carries the signed version (`sv=2021-…`). */
export function sasSignature(context: MatchContext): boolean {
  const before = context.text.slice(Math.max(0, context.start - 1000), context.start);
  const url = before.slice(Math.max(before.lastIndexOf(' '), before.lastIndexOf('"'), before.lastIndexOf("'"), before.lastIndexOf('\n')) + 1);
  return /[?&]sv=\d{4}-\d{2}-\d{2}/.test(url) && /%2B|%2F|%3D|[A-Z]/.test(context.secret);
}

/**
 * `Authorization: Basic …` must be base64 of `user:password` with a real password;
 * `Bearer …` / `Token …` must look like a random credential, not a word or a variable.
 */
export function checkAuthorizationHeader(context: MatchContext): boolean {
  const { match, secret } = context;
  if (match === undefined) return false;
  const prefix = match[0].slice(0, context.start - match.index);
  if (/basic[ \t]*$/i.test(prefix)) {
    if (!/^[A-Za-z0-9+/]{8,}={0,3}$/.test(secret)) return false;
    const decoded = Buffer.from(secret, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1 || !/^[\x20-\x7e]+$/.test(decoded)) return false;
    const password = decoded.slice(colon + 1);
    return password.length >= 4 && !isPlaceholder(password, 'credential') && password !== decoded.slice(0, colon);
  }
  if (secret.length < 12 || /^[A-Za-z_.-]+$/.test(secret)) return false;
  return characterClasses(secret) >= 2 && shannonEntropy(secret) >= 3;
}

/**
 * An unquoted value passed as a named argument (`initialize(token: abc…)`, `f(password=x)`) is an
 * expression in every language we read, not a literal: a quoted one is still reported.
 */
export function isUnquotedCallArgument(text: string, start: number): boolean {
  const previous = text[start - 1];
  if (previous === '"' || previous === "'" || previous === '`') return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return /[(,][ \t]*[A-Za-z_][\w.]*[ \t]*(?::|=)[ \t]*$/.test(text.slice(Math.max(lineStart, start - 200), start));
}

/** A Mailchimp key is the 32 hex digits before `-usNN` too; a bare call argument is an expression. */
export function mailchimpKey(context: MatchContext): boolean | Span {
  const key = context.match?.indices?.groups?.key;
  if (key === undefined || isUnquotedCallArgument(context.text, key[0])) return false;
  return { start: key[0], end: context.end };
}
