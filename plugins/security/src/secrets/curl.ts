/**
 * Credentials on curl command lines: `-u user:password` / `--user`, and `-H` / `--header` with an
 * `Authorization` or key/token header. The option must belong to a `curl` command (found on the
 * same line or on the few lines it continues from).
 */
import { shannonEntropy } from './entropy.js';
import { isLoopbackHost, isPlaceholder, isTemplate } from './placeholders.js';
import type { MatchContext, Span } from './rule.js';

export const CURL_OPTION_PATTERN =
  /(?<![\w-])(?<option>-u|--user|-H|--header)(?:=|[ \t]{1,5})(?<value>"[^"\r\n]{1,4000}"(?::"[^"\r\n]{0,300}")?|'[^'\r\n]{1,4000}'|[^\s'":]{1,300}:(?:"[^"\r\n]{0,300}"|'[^'\r\n]{0,300}')|[^\s'"]{1,300})/dg;

const MAX_LINES_BACK = 6;
const MAX_COMMAND = 4000;

let cachedText: string | undefined;
let cachedCurls: number[] = [];

/** Offsets of the word `curl` in `text` (cached for the text being scanned). */
function curlPositions(text: string): number[] {
  if (text !== cachedText) {
    cachedText = text;
    cachedCurls = [];
    const word = /\bcurl\b/g;
    for (let match = word.exec(text); match !== null; match = word.exec(text)) cachedCurls.push(match.index);
  }
  return cachedCurls;
}

/**
 * The command text from the nearest preceding `curl` up to `index`, if that `curl` is within a
 * few lines (and 4000 characters) with no blank line in between.
 */
export function curlCommandBefore(text: string, index: number): string | undefined {
  const positions = curlPositions(text);
  let low = 0;
  let high = positions.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((positions[middle] as number) < index) {
      found = positions[middle] as number;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (found === -1 || index - found > MAX_COMMAND) return undefined;
  const command = text.slice(found, index);
  let newlines = 0;
  for (let at = command.indexOf('\n'); at !== -1; at = command.indexOf('\n', at + 1)) if (++newlines > MAX_LINES_BACK) return undefined;
  return /\n[ \t]*\r?\n/.test(command) ? undefined : command;
}

/** The rest of the logical command after `index` (continuation lines included), for the target URL. */
function commandAfter(text: string, index: number): string {
  let end = index;
  for (let line = 0; line <= MAX_LINES_BACK; line++) {
    const next = text.indexOf('\n', end);
    if (next === -1 || next - index > MAX_COMMAND) return text.slice(index, index + MAX_COMMAND);
    end = next + 1;
    if (!/\\\s*$/.test(text.slice(index, next))) break;
  }
  return text.slice(index, end);
}

const unquote = (value: string) => (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]) ? value.slice(1, -1) : value);
const hostOf = (command: string) => /\bhttps?:\/\/(?<host>\[[0-9a-f:.]+\]|[\w.-]+)/i.exec(command)?.groups?.host;

/** A credential value (not a variable, template, placeholder, or too short and plain). */
export function isCredential(value: string, minLength: number, minEntropy: number): boolean {
  if (value.length < minLength || isTemplate(value) || isPlaceholder(value, 'credential')) return false;
  // A plain word (`password`, `TOKEN`, `mytoken`) is not a credential; random mixed-case letters are.
  if (/^[a-z_.-]+$/.test(value) || /^[A-Z_.-]+$/.test(value)) return false;
  return shannonEntropy(value) >= minEntropy;
}

const AUTH_HEADER = /^(?:proxy-)?authorization$/i;
const KEY_HEADER = /(?:^|-)(?:api-?key|apikey|api-?token|access-?token|auth-?token|private-?token|token|secret|key)$/i;
const NOT_SECRET_HEADER = /csrf|xsrf|idempotency|cache|etag|match|cf-ray|request-id|trace/i;
const SCHEME = /^(?<scheme>Basic|Bearer|Token|Api-Token|ApiKey|Api-Key|Key|OAuth|JWT|SSWS|Digest|Negotiate|AWS4-HMAC-SHA256|GenieKey|Splunk)[ \t]+/i;

/** The credential inside a header line (`Authorization: Bearer …`, `X-Api-Key: …`), as an offset range of `header`. */
export function headerCredential(header: string): [number, number] | undefined {
  const colon = header.indexOf(':');
  if (colon <= 0) return undefined;
  const name = header.slice(0, colon).trim();
  if (NOT_SECRET_HEADER.test(name) || !(AUTH_HEADER.test(name) || KEY_HEADER.test(name))) return undefined;
  let at = colon + 1;
  while (header[at] === ' ' || header[at] === '\t') at++;
  const scheme = SCHEME.exec(header.slice(at));
  let basic = false;
  if (scheme) {
    const word = (scheme.groups?.scheme ?? '').toLowerCase();
    if (word === 'digest' || word === 'negotiate' || word.startsWith('aws4')) return undefined;
    basic = word === 'basic';
    at += scheme[0].length;
  }
  const rest = header.slice(at);
  const credential = /^[\w=~@.+/-]+/.exec(rest)?.[0] ?? '';
  if (credential.length === 0 || rest.slice(credential.length).trim() !== '') return undefined;
  if (basic && !/^[A-Za-z0-9+/]{8,}={0,3}$/.test(credential)) return undefined;
  if (!isCredential(credential, 8, 2.75)) return undefined;
  return [at, at + credential.length];
}

interface Pair {
  user: string;
  userStart: number;
  password: string;
  passwordStart: number;
}

/** Splits a `-u` value into user and password with their offsets: `a:b`, `"a:b"`, `'a:b'`, `"a":"b"`, `a:'b'`. */
export function splitUserValue(value: string): Pair | undefined {
  const separate = /^"([^"]*)":"([^"]*)"$/.exec(value);
  if (separate) {
    const user = separate[1] ?? '';
    return { user, userStart: 1, password: separate[2] ?? '', passwordStart: user.length + 4 };
  }
  const quoted = value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]);
  const inner = quoted ? value.slice(1, -1) : value;
  const base = quoted ? 1 : 0;
  const quotedPassword = /^([^:]*):(["'])(.*)\2$/.exec(inner);
  if (quotedPassword) {
    const user = quotedPassword[1] ?? '';
    return { user, userStart: base, password: quotedPassword[3] ?? '', passwordStart: base + user.length + 2 };
  }
  const colon = inner.indexOf(':');
  if (colon === -1) return undefined;
  return { user: inner.slice(0, colon), userStart: base, password: inner.slice(colon + 1), passwordStart: base + colon + 1 };
}

/** The secret part of a `-u` value (`user:password`, `":password"`, `"token:"`), as an offset range of `value`. */
export function userCredential(rawValue: string, host: string | undefined): [number, number] | undefined {
  // Prose punctuation after an unquoted value (`-u user:password,`) is not part of it.
  let value = /^["']/.test(rawValue) ? rawValue : rawValue.replace(/[,;.]+$/, '');
  if (value.endsWith(')') && !value.includes('(')) value = value.slice(0, -1);
  if (isTemplate(value) || /[<>]/.test(value)) return undefined;
  const pair = splitUserValue(value);
  if (pair === undefined) return undefined;
  const { user, password } = pair;
  if (password.length === 0) {
    // `-u "token:"`: the user name is the credential (an API key sent as the user).
    return isCredential(user, 8, 3) && !/\s/.test(user) ? [pair.userStart, pair.userStart + user.length] : undefined;
  }
  if (password === user || /\s/.test(password)) return undefined;
  const loopback = host !== undefined && isLoopbackHost(host);
  if (!isCredential(password, loopback ? 8 : 4, loopback ? 2.5 : 1.5)) return undefined;
  return [pair.passwordStart, pair.passwordStart + password.length];
}

/** The curl rule's check: the option must be part of a curl command and carry a real credential. */
export function checkCurlOption(context: MatchContext): boolean | Span {
  const { match, text } = context;
  const value = match?.groups?.value;
  const valueAt = match?.indices?.groups?.value;
  if (match === undefined || value === undefined || valueAt === undefined) return false;
  const before = curlCommandBefore(text, match.index);
  if (before === undefined) return false;
  const option = match.groups?.option ?? '';
  let range: [number, number] | undefined;
  if (option === '-H' || option === '--header') {
    const header = unquote(value);
    const inner = header.length === value.length ? 0 : 1;
    const found = headerCredential(header);
    range = found && [found[0] + inner, found[1] + inner];
  } else {
    range = userCredential(value, hostOf(before + commandAfter(text, match.index)));
  }
  return range ? { start: valueAt[0] + range[0], end: valueAt[0] + range[1] } : false;
}
