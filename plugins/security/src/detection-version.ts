import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** The folders whose code or data decide findings, verdicts and placeholders (relative to this module). */
const PARTS = ['./secrets/', './injection/', './redaction/', '../data/'];
/** Compiled or source modules and data; not maps or declarations (they change with nothing that matters). */
const COUNTED = /\.(?:js|ts|json)$/;
const IGNORED = /\.d\.ts$/;

let code: string | undefined;

/**
 * A digest of every module and data file that decides what the secret scanner finds and how
 * the injection guard scores: a new rule, a changed pattern or a retrained model changes it, so
 * a cache keyed by it never serves a result of other code. Computed on first call (a few ms of
 * reads), never at import.
 */
export function detectionVersion(...settings: unknown[]): string {
  code ??= codeDigest(new URL('.', import.meta.url));
  return settings.length === 0 ? code : createHash('sha256').update(code).update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}

/** The digest of the detection folders around `base` (this module's folder; another in tests). */
export function codeDigest(base: URL): string {
  const hash = createHash('sha256');
  for (const part of PARTS) {
    const dir = new URL(part, base);
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => COUNTED.test(name) && !IGNORED.test(name)).sort();
    } catch {
      continue;
    }
    for (const name of names) hash.update(`${part}${name}\0`).update(readFileSync(new URL(name, dir))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
