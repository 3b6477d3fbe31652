import type { InjectionVerdictKind } from '@loomkit/plugin-security';
import type { MaskedSecret } from '../types.js';
import { REGIONS_VERSION } from './injection-regions.js';
import { openKeyedLog, type KeyedLog } from './keyed-log.js';

/** What the secret scan and the injection score said of one file's bytes at one path. */
export interface CachedProtection {
  secrets: MaskedSecret[];
  /** The redaction digest of those findings (scan.ts): ties the entry to the derived data of the redacted text. */
  redaction: string;
  score: number;
  verdict: InjectionVerdictKind;
}

export type ProtectionCache = KeyedLog<CachedProtection>;

/** Bumped when CachedProtection changes shape. */
const FORMAT = 1;
const MAX_ENTRIES = 100_000;

const isProtection = (value: Record<string, unknown>): value is Record<string, unknown> & CachedProtection =>
  Array.isArray(value.secrets) && typeof value.redaction === 'string' && typeof value.score === 'number' && typeof value.verdict === 'string';

/** The cache key: the same bytes can be judged differently at another path (lockfiles, docs). */
export const protectionKey = (hash: string, path: string): string => `${hash}:${path}`;

/**
 * Secret findings and injection scores by (content hash, path), valid only under `version`: the
 * scanner's and the guard's versions, which change with any rule, model, baseline or threshold,
 * and the version of the regions the guard scores (injection-regions.ts).
 */
export async function createProtectionCache(dir: string, version: string): Promise<ProtectionCache> {
  return openKeyedLog<CachedProtection>({ dir, file: 'protection.jsonl', version: `${FORMAT}:${REGIONS_VERSION}:${version}`, isValue: isProtection, maxEntries: MAX_ENTRIES });
}
