import { createHash } from 'node:crypto';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** Short hash of the secret value alone (first 8 hex of its sha256): same secret, same hash. */
export function secretHash(secret: string): string {
  return sha256(secret).slice(0, 8);
}

/**
 * Stable identity of a finding: the first 16 hex of sha256(ruleId + file + secret). It does not
 * depend on the line, so moving the secret around a file keeps it baselined.
 */
export function fingerprint(ruleId: string, file: string | undefined, secret: string): string {
  return sha256(ruleId + normalizeFile(file) + secret).slice(0, 16);
}

/** Paths are compared with forward slashes and without a leading `./`. */
export function normalizeFile(file: string | undefined): string {
  if (file === undefined) return '';
  return file.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}
