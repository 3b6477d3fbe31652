// The generic rule's parts on their own: which names are about a secret, which values look like
// one, what reads as code, and the file kinds that ask more of a value. The scanner's tests run
// them only through whole texts, where another check can hide a broken one.
import { describe, expect, it } from 'vitest';
import { isEncodedText, isSecretName, isSecretValue, looksLikeExpression, nameWords } from '../src/secrets/generic.js';
import { createSecretScanner } from '../src/secrets/index.js';
import { ALNUM, DIGITS, generator, HEX, LETTERS } from './fixtures/secrets/tokens.js';

const r = generator(23);
const scanner = createSecretScanner();
const generic = (text: string, file?: string) => scanner.scanText(text, file === undefined ? {} : { file }).filter((finding) => finding.ruleId === 'generic-secret');
/** Random letters and digits with both cases and at least one digit: what a real key looks like. */
const key = (length: number) => `${r(length - 3, ALNUM)}A7z`;

describe('nameWords', () => {
  it('splits camelCase, snake_case, kebab-case and dotted names into lower-case words', () => {
    expect(nameWords('dbPassword')).toEqual(['db', 'password']);
    expect(nameWords('AWS_SECRET_ACCESS_KEY')).toEqual(['aws', 'secret', 'access', 'key']);
    expect(nameWords('stripe-api.key2')).toEqual(['stripe', 'api', 'key2']);
    expect(nameWords('__token__')).toEqual(['token']);
    expect(nameWords('v2Token')).toEqual(['v2', 'token']);
  });
});

describe('isSecretName', () => {
  it('takes names whose last word names a secret', () => {
    for (const name of ['db_password', 'dbPassword', 'passwd', 'passphrase', 'pwd', 'userPass', 'client_secret', 'authToken', 'apikey', 'apiKey', 'credentials', 'credential', 'creds']) {
      expect(isSecretName(name), name).toBe(true);
    }
  });

  it('refuses names whose last word is something else, or a word that only contains one', () => {
    for (const name of ['tokenUrl', 'passwordHint2Field', 'secretName', 'bypass', 'compass', 'monkey', 'turkey', 'hotkey', 'passkey', 'jsonwebtoken', 'csrftoken', '']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it('refuses a secret word with a word that makes it public, a lookup key or a form field', () => {
    for (const name of ['publicKey', 'public_token', 'sortKey', 'primary_key', 'cacheKey', 'nextToken', 'pageToken', 'csrf_token', 'passwordFieldToken', 'mockSecret', 'exampleApiKey', 'keyboardKey']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it('takes a bare "key" only when qualified (api, client, signing…) or written as a constant', () => {
    expect(isSecretName('key')).toBe(false);
    expect(isSecretName('myKey')).toBe(false);
    expect(isSecretName('KEY')).toBe(false);
    expect(isSecretName('MY_KEY')).toBe(true);
    expect(isSecretName('STRIPE_KEY')).toBe(true);
    expect(isSecretName('Stripe_Key')).toBe(false);
    for (const name of ['api_key', 'clientKey', 'signing_key', 'encryptionKey', 'hmac_key', 'webhookKey', 'secretkey', 'accesskey', 'jwtkey']) {
      expect(isSecretName(name), name).toBe(true);
    }
    expect(isSecretName('monkeykey')).toBe(false);
  });
});

describe('isSecretValue', () => {
  it('takes random keys of a secret-sized length', () => {
    expect(isSecretValue(key(24), 'api_key', true)).toBe(true);
    expect(isSecretValue(key(10), 'authToken', true)).toBe(true);
    expect(isSecretValue(key(8), 'client_secret', true)).toBe(true);
    expect(isSecretValue(key(6), 'password', true)).toBe(true);
  });

  it('asks a shorter value of a password than of a secret, and of a secret than of other names', () => {
    expect(isSecretValue(key(5), 'password', true)).toBe(false);
    expect(isSecretValue(key(7), 'client_secret', true)).toBe(false);
    expect(isSecretValue(key(9), 'authToken', true)).toBe(false);
  });

  it('lets letters, digits and punctuation mixed make up for length from 8 characters', () => {
    const mixed = `${r(3, LETTERS)}!${r(2, DIGITS)}#Q`;
    expect(mixed).toHaveLength(8);
    expect(isSecretValue(mixed, 'authToken', true)).toBe(true);
    expect(isSecretValue(mixed.slice(0, 7), 'authToken', true)).toBe(false);
  });

  it('refuses empty, spaced, word-only, digit-only and low-entropy values', () => {
    expect(isSecretValue('', 'password', true)).toBe(false);
    expect(isSecretValue(`${key(8)} ${key(8)}`, 'password', true)).toBe(false);
    expect(isSecretValue('correct_horse-battery', 'password', true)).toBe(false);
    expect(isSecretValue('83021947561', 'password', true)).toBe(false);
    expect(isSecretValue('aaaa1111aaaa1111', 'api_key', true)).toBe(false);
    // One class of character only (here punctuation): not a key, however long.
    expect(isSecretValue('!@#$%^&*()_+{}|~', 'password', true)).toBe(false);
  });

  it('refuses values with no digit and few capitals (words), but takes them with many capitals', () => {
    expect(isSecretValue('someWordsTogetherHere!', 'api_key', true)).toBe(false);
    expect(isSecretValue('QxWvTz_RkPmBnLsYh!', 'api_key', true)).toBe(true);
  });

  it('refuses placeholders, URLs, paths, e-mail addresses, file names and versions', () => {
    for (const value of ['changeme', '${API_KEY}', '<your-api-key>', 'https://example.org/k', './keys/prod9.pem', '~/x7/key', 'C:\\keys\\a1', 'ops@example.org', 'server7.key', 'v1.20', '10.4.2-rc1']) {
      expect(isSecretValue(value, 'api_key', true), value).toBe(false);
    }
  });

  it('refuses member chains unquoted (code), not quoted', () => {
    expect(isSecretValue('cfg.SecretsX.ApiKey2', 'api_key', false)).toBe(false);
    expect(isSecretValue('cfg.SecretsX.ApiKey2', 'api_key', true)).toBe(true);
  });

  it('refuses UUIDs, ascending runs, JWTs and slugs of words', () => {
    const uuid = [r(8, HEX), r(4, HEX), `4${r(3, HEX)}`, `a${r(3, HEX)}`, r(12, HEX)].join('-');
    expect(isSecretValue(uuid, 'api_key', true)).toBe(false);
    expect(isSecretValue(`Qx9${'abcdef'}Zw4T`, 'api_key', true)).toBe(false);
    expect(isSecretValue(`Qx9${'123456'}ZwT`, 'api_key', true)).toBe(false);
    expect(isSecretValue(`eyJ${r(20, ALNUM)}.eyJ${r(30, ALNUM)}.${r(20, ALNUM)}`, 'authToken', true)).toBe(false);
    expect(isSecretValue('x-aws-ec2-metadata-token', 'api_key', true)).toBe(false);
    expect(isSecretValue('auth:token:legacy:v2', 'api_key', true)).toBe(false);
  });

  it('reads 40 or 64 hex characters as a digest under a token name, a credential under a secret or password', () => {
    const sha1 = r(40, HEX);
    expect(isSecretValue(sha1, 'authToken', true)).toBe(false);
    expect(isSecretValue(r(64, HEX), 'api_key', true)).toBe(false);
    expect(isSecretValue(r(32, HEX), 'api_key', true)).toBe(true);
    expect(isSecretValue(sha1, 'client_secret', true)).toBe(true);
    expect(isSecretValue(sha1, 'db_password', true)).toBe(true);
  });
});

describe('looksLikeExpression', () => {
  it('reads operators, negation and arrows as code', () => {
    for (const value of ['opts?.secret', 'a??b', '!flag', 'a&&b', 'a||b', 'Foo::bar', 'p->q', 'x=>y']) {
      expect(looksLikeExpression(value, ''), value).toBe(true);
    }
  });

  it('reads a camelCase identifier as code when a call, member access, assignment or line end follows', () => {
    expect(looksLikeExpression('toUint8Array', '(value)')).toBe(true);
    expect(looksLikeExpression('currentuser', '.secret')).toBe(true);
    expect(looksLikeExpression('currentuser', ';\nnext')).toBe(true);
    expect(looksLikeExpression('currentuser', ' += 1')).toBe(true);
    expect(looksLikeExpression('currentuser', '\nnext line(')).toBe(true);
    expect(looksLikeExpression('currentuser', ' and more')).toBe(false);
  });

  it('reads a capitalised or inner-camelCase identifier as code wherever it stands', () => {
    expect(looksLikeExpression('Uint8Array', ' and more')).toBe(true);
    expect(looksLikeExpression('someValue', ' and more')).toBe(true);
  });

  it('does not read random tokens as code: too many capitals or digits, or not an identifier', () => {
    expect(looksLikeExpression('QxWvTzRkPmBn', '(')).toBe(false);
    expect(looksLikeExpression('ab12cd34ef', '(')).toBe(false);
    expect(looksLikeExpression('ab-cd', '(')).toBe(false);
    expect(looksLikeExpression('9lives', '(')).toBe(false);
  });
});

describe('isEncodedText', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');

  it('takes base64 that decodes to words', () => {
    expect(isEncodedText(b64('dummy text here'))).toBe(true);
    expect(isEncodedText(b64('hello world, this is prose'))).toBe(true);
  });

  it('refuses base64 of random bytes, short or badly padded values, and other alphabets', () => {
    expect(isEncodedText(Buffer.from(Array.from({ length: 24 }, (_, i) => (i * 97 + 13) % 256)).toString('base64'))).toBe(false);
    expect(isEncodedText(b64('two words'))).toBe(false);
    expect(isEncodedText(`${b64('dummy text here')}A`)).toBe(false);
    expect(isEncodedText(b64('dummy text here').replace(/[+/]/g, '_').replace(/=/g, '') + '-_')).toBe(false);
    expect(isEncodedText(b64('nospaceshereatall'))).toBe(false);
  });
});

describe('the generic rule in a text', () => {
  it('finds a quoted value and reports exactly its span', () => {
    const value = key(24);
    const text = `const api_key = "${value}";\n`;
    const [finding] = generic(text, 'config.ts');
    expect(finding).toBeDefined();
    expect(text.slice(finding?.start, finding?.end)).toBe(value);
  });

  it('reads every quoting and assignment form', () => {
    for (const form of [`API_KEY="${key(24)}"`, `api_key: '${key(24)}'`, `apiKey := \`${key(24)}\``, `"api_key": "${key(24)}"`, `opts[:api_key] => "${key(24)}"`, `api_key ||= "${key(24)}"`]) {
      expect(generic(form, 'settings.rb'), form).toHaveLength(1);
    }
    expect(generic(`API_KEY=${key(24)}`, 'settings.conf')).toHaveLength(1);
  });

  it('leaves comparisons and paths after a colon alone', () => {
    expect(generic(`if (api_key == "${key(24)}") {}`, 'a.js')).toEqual([]);
    expect(generic(`api_key =~ /${key(24)}/`, 'a.rb')).toEqual([]);
    expect(generic(`api_key: //${key(24)}`, 'a.yaml')).toEqual([]);
  });

  it('reads an unquoted value in config but not in source code, nor as a call argument or expression', () => {
    const value = key(24);
    expect(generic(`API_KEY=${value}\n`, '.env')).toHaveLength(1);
    expect(generic(`API_KEY=${value}\n`, 'src/app.ts')).toEqual([]);
    expect(generic(`connect(api_key: ${value})\n`, 'deploy.cfg')).toEqual([]);
    expect(generic('api_key: currentConfig.apiKey\n', 'app.yaml')).toEqual([]);
  });

  it('takes the whole unquoted token when deciding it is a placeholder', () => {
    expect(generic(`API_KEY=${key(12)}[REDACTED]\n`, '.env')).toEqual([]);
  });

  it('asks test files for a long, high-entropy value, and documentation for length or mixed classes', () => {
    const short = `${r(4, LETTERS)}${r(4, DIGITS)}Qz`;
    expect(generic(`password = "${short}"`, 'src/app.py')).toHaveLength(1);
    expect(generic(`password = "${short}"`, 'tests/test_app.py')).toEqual([]);
    expect(generic(`password = "${key(20)}"`, 'tests/test_app.py')).toHaveLength(1);
    const docsValue = `${r(5, 'abcdefghijklmnopqrstuvwxyz')}${r(3, DIGITS)}`;
    expect(generic(`password = "${docsValue}"`, 'src/app.py')).toHaveLength(1);
    expect(generic(`password = "${docsValue}"`, 'docs/setup.md')).toEqual([]);
    expect(generic(`password = "${docsValue}!Q"`, 'docs/setup.md')).toHaveLength(1);
  });

  it('leaves encrypted values and values described as encrypted alone', () => {
    expect(generic(`password: ENC[AES256_GCM,data:${key(24)}]`, 'secrets.yaml')).toEqual([]);
    expect(generic(`# bcrypt of the admin password\npassword: "${key(24)}"`, 'seed.yaml')).toEqual([]);
    expect(generic(`# the admin password\npassword: "${key(24)}"`, 'seed.yaml')).toHaveLength(1);
  });

  it('leaves base64 of prose alone', () => {
    expect(generic(`secret: "${Buffer.from('dummy text for tests').toString('base64')}"`, 'app.yaml')).toEqual([]);
  });

  it('finds the name however far back it starts, up to 60 characters', () => {
    const value = key(24);
    expect(generic(`service.db.adminPassword = "${value}"`, 'app.cfg')).toHaveLength(1);
    // A word that makes it public counts within the name's last 60 characters, not before.
    expect(generic(`sort_${'x'.repeat(50)}_password = "${value}"`, 'app.cfg')).toEqual([]);
    expect(generic(`sort_${'x'.repeat(60)}_password = "${value}"`, 'app.cfg')).toHaveLength(1);
  });

  it('reads a name after leading dots or dashes as written without them (a flag, a member)', () => {
    const value = key(24);
    expect(generic(`--MY_KEY="${value}"`, 'run.conf')).toHaveLength(1);
    expect(generic(`--my_key="${value}"`, 'run.conf')).toEqual([]);
  });
});
