import { measureGrowth } from '@loomkit/testkit';
import { describe, expect, it } from 'vitest';
import { createSecretScanner, RULES } from '../src/secrets/index.js';
import { join } from './fixtures/secrets/tokens.js';

/**
 * Long near-misses for every rule family: each regex must stay linear. Measured as growth, not
 * against a clock: from a size that takes at least 40 ms of CPU, four times the input may take
 * at most twelve times as much (CPU time, best of three, same run: linear scans measure 4–10×,
 * the rest is memory), where a quadratic backtrack takes sixteen and a catastrophic one does
 * not finish. How fast the scan is belongs to `pnpm bench secrets`.
 */
const scanner = createSecretScanner();
const repeat = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const K = 25_000;
const M = 250_000;

const INPUTS: Record<string, (K: number, M: number) => string> = {
  'AKIA repeated': (K) => repeat(join('AK', 'IA'), K),
  'AWS key-id near misses': (K) => repeat(`${join('AK', 'IA')}AAAAAAAAAAAAAAA `, K),
  'aws secret assignment without a 40-char value': (K) => repeat('aws_secret_access_key = abc ', K),
  'long base64 run': (_K, M) => repeat('aB3+/9zQ', M),
  'base64 with = inside': (K) => repeat('Zm9v=YmFy', K),
  'password = " and no closing quote': (_K, M) => `password = "${'a'.repeat(M)}`,
  'password= repeated': (K) => repeat('password=', K),
  'token: repeated': (K) => repeat('token: ', K),
  'key repeated': (K) => repeat('key', K),
  'api_key_ identifier that never ends': (K) => `${repeat('api_key_', K)} = "x"`,
  'secret name with a huge tail': (K) => `password${'_'.repeat(K)}= "abc123XYZ"`,
  'PEM header repeated': (K) => repeat(`${join('-----BEGIN RSA ', 'PRIVATE KEY')}-----\n`, K),
  'PEM body without an end': (K) => `${join('-----BEGIN ', 'PRIVATE KEY')}-----\n${repeat('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n', K)}`,
  'PuTTY header and junk': (K) => `${join('PuTTY-User-', 'Key-File-2')}: ssh-rsa\n${repeat('x\n', K)}Private-Lines: 1\n`,
  'eyJ repeated': (K) => repeat('eyJ', K),
  'JWT header repeated': (K) => repeat('eyJhbGciOiJIUzI1NiJ9.', K),
  'JWT without a signature end': (K) => `eyJhbGciOiJIUzI1NiJ9.eyJ${'a'.repeat(K)}`,
  ':// repeated': (K) => repeat('://', K),
  'URL user without end': (K) => `://${'u'.repeat(K)}`,
  'URL password without @': (K) => `://u:${'p'.repeat(K)}`,
  'URL user:pass pairs': (K) => repeat('a://b:c@', K),
  'curl with endless -u': (K) => `curl ${repeat('-u ', K)}`,
  'curl header never closed': (K) => `curl ${repeat('-H "Authorization: ', K)}`,
  'curl on every line': (K) => repeat('curl -u x\\\n', K),
  'Bearer repeated': (K) => repeat('Bearer ', K),
  'Bearer with a huge token': (K) => `Bearer ${'a'.repeat(K)}`,
  'Authorization: Basic repeated': (K) => repeat('Authorization: Basic ', K),
  'xoxb- with digits': (K) => repeat(`${join('xo', 'xb-')}1234567890-`, K),
  'xoxb- then endless digits': (K) => `${join('xo', 'xb-')}${'1'.repeat(K)}`,
  'ghp_ repeated': (K) => repeat(join('gh', 'p_'), K),
  'ghp_ then endless letters': (K) => `${join('gh', 'p_')}${'a'.repeat(K)}`,
  'anthropic prefix and A run': (K) => `${join('sk-', 'ant-', 'api03-')}${'A'.repeat(K)}`,
  'openai prefix and no marker': (K) => `${join('sk-', 'proj-')}${'a'.repeat(K)}`,
  'openai marker repeated': (K) => repeat(`${join('sk-', 'proj-')}a${join('T3Blbk', 'FJ')}`, K),
  '0x and endless hex': (K) => `0x${'a'.repeat(K)}`,
  '0x repeated': (K) => repeat('0xabcdef', K),
  'hex runs before -us': (K) => repeat(`0123456789abcdef${join('-u', 's1')}`, K),
  'huge hex run then -us': (K) => `${'a'.repeat(K)}${join('-u', 's1')}`,
  'Q~ repeated': (K) => repeat(join('Q', '~'), K),
  'azure secret shape without end': (K) => `${'a'.repeat(K)}1${join('Q', '~')}${'b'.repeat(K)}`,
  'slack webhook path without end': (K) => `${join('hooks.', 'slack.com')}/services/${'A'.repeat(K)}`,
  'kind: Secret repeated': (K) => repeat(`${join('kind: ', 'Secret')}\ndata:\n  a: b\n`, K),
  'kind: Secret with endless data': (K) => `${join('kind: ', 'Secret')}\ndata:\n${repeat('  a: YWJj\n', K)}`,
  '_authToken= repeated': (K) => repeat(join('_auth', 'Token='), K),
  's. repeated': (K) => repeat('s.', K),
  'vault legacy near misses': (K) => `token ${repeat('s.aaaaaaaaaaaaaaaaaaaaaaaaa ', K)}`,
  'sourcegraph assignment with endless hex': (K) => `${join('source', 'graph')}: ${'a'.repeat(K)}`,
  'digits': (K) => repeat('1234567890', K),
  'equals signs': (K) => repeat('=', K),
  'newlines': (K) => repeat('\n', K),
  'password=" repeated': (K) => repeat('password="', K),
  'private key headers without an END': (K) => repeat(`-----BEGIN ${'RSA PRIVATE'} KEY-----\nQUJD\n`, K),
  'every keyword at once': () => RULES.flatMap((rule) => rule.keywords).join(' ').repeat(200),
};

describe('adversarial input stays linear', () => {
  it.each(Object.entries(INPUTS))('%s', (_name, make) => {
    // An input still under 40 ms of CPU at eight times its listed size runs at millions of
    // characters a second: no super-linear regex does that at 200,000+ characters.
    const growth = measureGrowth((scale) => scanner.scanText(make(scale * K, scale * M)));
    if (!growth) return;
    const { scale, baseMs, quadrupledMs } = growth;
    expect(quadrupledMs, `${baseMs.toFixed(1)} ms at ${scale}×, ${quadrupledMs.toFixed(1)} ms at ${4 * scale}×`).toBeLessThanOrEqual(12 * baseMs);
  });
});
