import { randomBytes } from 'node:crypto';
import { LoomError } from '@loomkit/kernel';
import { ALPHABET, ID_LENGTH } from './id-format.js';

export { ID_LENGTH, isId } from './id-format.js';
export const MAX_NAME_LENGTH = 80;

/** 40 random bits as 8 characters: short enough to type, a prefix of 3–4 is usually unique. */
export function newId(length = ID_LENGTH): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 31];
  return id;
}

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const SEPARATOR = /[/\\]/;

/** Printable for an error message: control characters shown as \uXXXX, long values cut. */
export function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  const shown = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > 60 ? `${shown.slice(0, 57)}…` : shown;
}

/**
 * A session name is for people: any printable text up to 80 characters, but never a path
 * (no / or \, not . or ..) and no control characters, so it is safe in a file name, a
 * terminal and a JSON line.
 */
export function validateName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0) {
    throw new LoomError('SESSION_NAME_INVALID', 'a session name cannot be empty', { hint: 'give a name such as "fix-login-bug", or leave it out for a dated one' });
  }
  if (SEPARATOR.test(name)) {
    throw new LoomError('SESSION_NAME_INVALID', `session name "${printable(name)}" contains a path separator (/ or \\)`, { hint: 'use dashes instead, e.g. "auth-login-fix"' });
  }
  if (CONTROL.test(name)) {
    throw new LoomError('SESSION_NAME_INVALID', `session name "${printable(name)}" contains a control character`, { hint: 'use printable characters only' });
  }
  if (name === '.' || name === '..') {
    throw new LoomError('SESSION_NAME_INVALID', `"${name}" is not a usable session name`, { hint: 'choose a name with letters or digits' });
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new LoomError('SESSION_NAME_INVALID', `session name is ${name.length} characters; the limit is ${MAX_NAME_LENGTH}`, { hint: 'choose a shorter name' });
  }
  return name;
}

/** What a user typed to name a session (id, id prefix or name): refuse anything path-like first. */
export function validateReference(raw: string): string {
  const ref = raw.trim();
  if (ref.length === 0) throw new LoomError('SESSION_ID_INVALID', 'no session id or name given', { hint: 'run `loom session list` to see ids and names' });
  if (SEPARATOR.test(ref) || CONTROL.test(ref) || ref === '.' || ref === '..') {
    throw new LoomError('SESSION_ID_INVALID', `"${printable(ref)}" is not a session id or name (path separators and control characters are not allowed)`, {
      hint: 'run `loom session list` to see ids and names',
    });
  }
  return ref;
}

/** A name that is not taken: `base`, else `base-2`, `base-3`, … */
export function uniqueName(base: string, taken: (name: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}

/** The default name of a new session: its local date and time, `2025-11-24-1630`. */
export function datedName(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
}

/** Short ids for pins: 4 characters are plenty within one session. */
export const newPinId = (): string => newId(4);
