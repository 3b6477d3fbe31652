import { describe, expect, it } from 'vitest';
import { createSecretScanner, RULES } from '../src/secrets/index.js';
import { join } from './fixtures/secrets/tokens.js';

/**
 * Long near-misses for every rule family: each regex must stay linear. Measured as growth, not
 * against a clock: from a size that takes at least 20 ms, four times the input may take at
 * most ten times as long (best of three, same run: linear scans measure 4–6× here, the rest
 * is memory and a busy machine), where a quadratic backtrack takes sixteen and a
 * catastrophic one does not finish. How fast the scan is belongs to
 * `pnpm bench secrets`.
 */
const scanner = createSecretScanner();
const repeat = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const K = 25_000;
const M = 250_000;

const INPUTS: Record<string, (K: number, M: number) => string> = {
  'AKIA repeated': (K, M) => repeat(join('AK', 'IA'), K),
  'AWS key-id near misses': (K, M) => repeat(`${join('AK', 'IA')}AAAAAAAAAAAAAAA `, K),
  'aws secret assignment without a 40-char value': (K, M) => repeat('aws_secret_access_key = abc ', K),
  'long base64 run': (K, M) => repeat('aB3+/9zQ', M),
  'base64 with = inside': (K, M) => repeat('Zm9v=YmFy', K),
  'password = " and no closing quote': (K, M) => `password = "${'a'.repeat(M)}`,
  'password= repeated': (K, M) => repeat('password=', K),
  'token: repeated': (K, M) => repeat('token: ', K),
  'key repeated': (K, M) => repeat('key', K),
  'api_key_ identifier that never ends': (K, M) => `${repeat('api_key_', K)} = "x"`,
  'secret name with a huge tail': (K, M) => `password${'_'.repeat(K)}= "abc123XYZ"`,
  'PEM header repeated': (K, M) => repeat(`${join('-----BEGIN RSA ', 'PRIVATE KEY')}-----\n`, K),
  'PEM body without an end': (K, M) => `${join('-----BEGIN ', 'PRIVATE KEY')}-----\n${repeat('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n', K)}`,
  'PuTTY header and junk': (K, M) => `${join('PuTTY-User-', 'Key-File-2')}: ssh-rsa\n${repeat('x\n', K)}Private-Lines: 1\n`,
  'eyJ repeated': (K, M) => repeat('eyJ', K),
  'JWT header repeated': (K, M) => repeat('eyJhbGciOiJIUzI1NiJ9.', K),
  'JWT without a signature end': (K, M) => `eyJhbGciOiJIUzI1NiJ9.eyJ${'a'.repeat(K)}`,
  ':// repeated': (K, M) => repeat('://', K),
  'URL user without end': (K, M) => `://${'u'.repeat(K)}`,
  'URL password without @': (K, M) => `://u:${'p'.repeat(K)}`,
  'URL user:pass pairs': (K, M) => repeat('a://b:c@', K),
  'curl with endless -u': (K, M) => `curl ${repeat('-u ', K)}`,
  'curl header never closed': (K, M) => `curl ${repeat('-H "Authorization: ', K)}`,
  'curl on every line': (K, M) => repeat('curl -u x\\\n', K),
  'Bearer repeated': (K, M) => repeat('Bearer ', K),
  'Bearer with a huge token': (K, M) => `Bearer ${'a'.repeat(K)}`,
  'Authorization: Basic repeated': (K, M) => repeat('Authorization: Basic ', K),
  'xoxb- with digits': (K, M) => repeat(`${join('xo', 'xb-')}1234567890-`, K),
  'xoxb- then endless digits': (K, M) => `${join('xo', 'xb-')}${'1'.repeat(K)}`,
  'ghp_ repeated': (K, M) => repeat(join('gh', 'p_'), K),
  'ghp_ then endless letters': (K, M) => `${join('gh', 'p_')}${'a'.repeat(K)}`,
  'anthropic prefix and A run': (K, M) => `${join('sk-', 'ant-', 'api03-')}${'A'.repeat(K)}`,
  'openai prefix and no marker': (K, M) => `${join('sk-', 'proj-')}${'a'.repeat(K)}`,
  'openai marker repeated': (K, M) => repeat(`${join('sk-', 'proj-')}a${join('T3Blbk', 'FJ')}`, K),
  '0x and endless hex': (K, M) => `0x${'a'.repeat(K)}`,
  '0x repeated': (K, M) => repeat('0xabcdef', K),
  'hex runs before -us': (K, M) => repeat(`0123456789abcdef${join('-u', 's1')}`, K),
  'huge hex run then -us': (K, M) => `${'a'.repeat(K)}${join('-u', 's1')}`,
  'Q~ repeated': (K, M) => repeat(join('Q', '~'), K),
  'azure secret shape without end': (K, M) => `${'a'.repeat(K)}1${join('Q', '~')}${'b'.repeat(K)}`,
  'slack webhook path without end': (K, M) => `${join('hooks.', 'slack.com')}/services/${'A'.repeat(K)}`,
  'kind: Secret repeated': (K, M) => repeat(`${join('kind: ', 'Secret')}\ndata:\n  a: b\n`, K),
  'kind: Secret with endless data': (K, M) => `${join('kind: ', 'Secret')}\ndata:\n${repeat('  a: YWJj\n', K)}`,
  '_authToken= repeated': (K, M) => repeat(join('_auth', 'Token='), K),
  's. repeated': (K, M) => repeat('s.', K),
  'vault legacy near misses': (K, M) => `token ${repeat('s.aaaaaaaaaaaaaaaaaaaaaaaaa ', K)}`,
  'sourcegraph assignment with endless hex': (K, M) => `${join('source', 'graph')}: ${'a'.repeat(K)}`,
  'digits': (K, M) => repeat('1234567890', K),
  'equals signs': (K, M) => repeat('=', K),
  'newlines': (K, M) => repeat('\n', K),
  'password=" repeated': (K, M) => repeat('password="', K),
  'private key headers without an END': (K) => repeat(`-----BEGIN ${'RSA PRIVATE'} KEY-----\nQUJD\n`, K),
  'every keyword at once': (K, M) => RULES.flatMap((rule) => rule.keywords).join(' ').repeat(200),
};

const bestOfThree = (text: string): number => {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    scanner.scanText(text);
    best = Math.min(best, performance.now() - started);
  }
  return best;
};

describe('adversarial input stays linear', () => {
  it.each(Object.entries(INPUTS))('%s', (_name, make) => {
    // Grow the base until timer noise is small beside it. An input still under 20 ms at eight
    // times its listed size runs at over ten million characters a second: no super-linear
    // regex does that at 200,000+ characters, so there is no growth worth measuring.
    let scale = 1;
    let base = bestOfThree(make(K, M));
    while (base < 20 && scale < 8) {
      scale *= 2;
      base = bestOfThree(make(scale * K, scale * M));
    }
    if (base < 20) return;
    const quadrupled = bestOfThree(make(4 * scale * K, 4 * scale * M));
    expect(quadrupled, `${base.toFixed(1)} ms at ${scale}×, ${quadrupled.toFixed(1)} ms at ${4 * scale}×`).toBeLessThanOrEqual(10 * base);
  });
});
