import { createHash } from 'node:crypto';

/**
 * Fake credentials in real formats, built at run time from a seed so that no repository
 * using them contains a scannable literal secret. For tests of scanning and redaction.
 */
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Deterministic pseudo-random text of `length` characters drawn from `chars`. */
export function randomish(seed: string, length: number, chars = alphabet): string {
  let out = '';
  let block = seed;
  while (out.length < length) {
    block = createHash('sha256').update(block).digest('hex');
    for (let index = 0; index < block.length - 1 && out.length < length; index += 2) out += chars[parseInt(block.slice(index, index + 2), 16) % chars.length];
  }
  return out;
}

/** One fake credential per common provider format. */
export const planted = {
  github: `gh${'p'}_${randomish('gh', 36)}`,
  aws: `AK${'IA'}${randomish('aws', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  anthropic: `sk-${'ant'}-api03-${randomish('anthropic', 93, `${alphabet}-_`)}AA`,
  stripe: `sk_${'live'}_${randomish('stripe', 24)}`,
  slack: `xo${'xb'}-${randomish('s1', 11, '0123456789')}-${randomish('s2', 12, '0123456789')}-${randomish('s3', 24)}`,
  postgres: `postgres://app:${randomish('pg', 18)}@db.internal.example:5432/prod`,
};

/** A fake RSA private key in PEM form. */
export const pem = [`-----BEGIN ${'RSA PRIVATE'} KEY-----`, ...Array.from({ length: 8 }, (_, n) => randomish(`pem${n}`, 64, `${alphabet}+/`)), `-----END ${'RSA PRIVATE'} KEY-----`].join('\n');
