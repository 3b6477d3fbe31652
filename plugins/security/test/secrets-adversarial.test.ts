import { describe, expect, it } from 'vitest';
import { createSecretScanner, RULES } from '../src/secrets/index.js';
import { join } from './fixtures/secrets/tokens.js';

/**
 * Long near-misses for every rule family: each regex must stay linear in practice. The bound is
 * generous (a second) so the test measures complexity, not the machine; a catastrophic
 * backtrack would take minutes.
 */
const scanner = createSecretScanner();
const repeat = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const K = 100_000;
const M = 1_000_000;

const INPUTS: Record<string, string> = {
  'AKIA repeated': repeat(join('AK', 'IA'), K),
  'AWS key-id near misses': repeat(`${join('AK', 'IA')}AAAAAAAAAAAAAAA `, K),
  'aws secret assignment without a 40-char value': repeat('aws_secret_access_key = abc ', K),
  'long base64 run': repeat('aB3+/9zQ', M),
  'base64 with = inside': repeat('Zm9v=YmFy', K),
  'password = " and no closing quote': `password = "${'a'.repeat(M)}`,
  'password= repeated': repeat('password=', K),
  'token: repeated': repeat('token: ', K),
  'key repeated': repeat('key', K),
  'api_key_ identifier that never ends': `${repeat('api_key_', K)} = "x"`,
  'secret name with a huge tail': `password${'_'.repeat(K)}= "abc123XYZ"`,
  'PEM header repeated': repeat(`${join('-----BEGIN RSA ', 'PRIVATE KEY')}-----\n`, K),
  'PEM body without an end': `${join('-----BEGIN ', 'PRIVATE KEY')}-----\n${repeat('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n', K)}`,
  'PuTTY header and junk': `${join('PuTTY-User-', 'Key-File-2')}: ssh-rsa\n${repeat('x\n', K)}Private-Lines: 1\n`,
  'eyJ repeated': repeat('eyJ', K),
  'JWT header repeated': repeat('eyJhbGciOiJIUzI1NiJ9.', K),
  'JWT without a signature end': `eyJhbGciOiJIUzI1NiJ9.eyJ${'a'.repeat(K)}`,
  ':// repeated': repeat('://', K),
  'URL user without end': `://${'u'.repeat(K)}`,
  'URL password without @': `://u:${'p'.repeat(K)}`,
  'URL user:pass pairs': repeat('a://b:c@', K),
  'curl with endless -u': `curl ${repeat('-u ', K)}`,
  'curl header never closed': `curl ${repeat('-H "Authorization: ', K)}`,
  'curl on every line': repeat('curl -u x\\\n', K),
  'Bearer repeated': repeat('Bearer ', K),
  'Bearer with a huge token': `Bearer ${'a'.repeat(K)}`,
  'Authorization: Basic repeated': repeat('Authorization: Basic ', K),
  'xoxb- with digits': repeat(`${join('xo', 'xb-')}1234567890-`, K),
  'xoxb- then endless digits': `${join('xo', 'xb-')}${'1'.repeat(K)}`,
  'ghp_ repeated': repeat(join('gh', 'p_'), K),
  'ghp_ then endless letters': `${join('gh', 'p_')}${'a'.repeat(K)}`,
  'anthropic prefix and A run': `${join('sk-', 'ant-', 'api03-')}${'A'.repeat(K)}`,
  'openai prefix and no marker': `${join('sk-', 'proj-')}${'a'.repeat(K)}`,
  'openai marker repeated': repeat(`${join('sk-', 'proj-')}a${join('T3Blbk', 'FJ')}`, K),
  '0x and endless hex': `0x${'a'.repeat(K)}`,
  '0x repeated': repeat('0xabcdef', K),
  'hex runs before -us': repeat(`0123456789abcdef${join('-u', 's1')}`, K),
  'huge hex run then -us': `${'a'.repeat(K)}${join('-u', 's1')}`,
  'Q~ repeated': repeat(join('Q', '~'), K),
  'azure secret shape without end': `${'a'.repeat(K)}1${join('Q', '~')}${'b'.repeat(K)}`,
  'slack webhook path without end': `${join('hooks.', 'slack.com')}/services/${'A'.repeat(K)}`,
  'kind: Secret repeated': repeat(`${join('kind: ', 'Secret')}\ndata:\n  a: b\n`, K),
  'kind: Secret with endless data': `${join('kind: ', 'Secret')}\ndata:\n${repeat('  a: YWJj\n', K)}`,
  '_authToken= repeated': repeat(join('_auth', 'Token='), K),
  's. repeated': repeat('s.', K),
  'vault legacy near misses': `token ${repeat('s.aaaaaaaaaaaaaaaaaaaaaaaaa ', K)}`,
  'sourcegraph assignment with endless hex': `${join('source', 'graph')}: ${'a'.repeat(K)}`,
  'digits': repeat('1234567890', K),
  'equals signs': repeat('=', K),
  'newlines': repeat('\n', K),
  'password=" repeated': repeat('password="', K),
  'private key headers without an END': repeat(`-----BEGIN ${'RSA PRIVATE'} KEY-----\nQUJD\n`, K),
  'every keyword at once': RULES.flatMap((rule) => rule.keywords).join(' ').repeat(200),
};

describe('adversarial input stays linear', () => {
  it.each(Object.entries(INPUTS))('%s', (_name, text) => {
    const started = performance.now();
    scanner.scanText(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
