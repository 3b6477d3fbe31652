import { describe, expect, it } from 'vitest';
import { createKeywordFilter, createSecretScanner, RULES } from '../src/secrets/index.js';
import { SEVERITIES } from '../src/types.js';
import { sample, SAMPLES } from './fixtures/secrets/samples.js';
import { generator, HEX, join, jwt, URL_SAFE, uuid } from './fixtures/secrets/tokens.js';

const scanner = createSecretScanner();

describe('rule table', () => {
  it('has unique kebab-case ids, known severities and lower-case keywords', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.description.length).toBeGreaterThan(5);
      for (const keyword of rule.keywords) expect(keyword).toBe(keyword.toLowerCase());
      expect(rule.pattern !== undefined || rule.find !== undefined).toBe(true);
      if (rule.pattern) expect(rule.pattern.flags).toMatch(/d/);
      if (rule.pattern) expect(rule.pattern.flags).toMatch(/g/);
    }
  });

  it('covers the provider families of gitleaks’ default rules', () => {
    const ids = new Set(RULES.map((rule) => rule.id));
    for (const id of ['aws-access-key-id', 'aws-secret-access-key', 'gcp-api-key', 'gcp-service-account', 'azure-ad-client-secret', 'github-token', 'gitlab-token', 'atlassian-api-token', 'slack-token', 'stripe-api-key', 'twilio-api-key', 'sendgrid-api-key', 'shopify-token', 'anthropic-api-key', 'openai-api-key', 'huggingface-token', 'npm-access-token', 'pypi-upload-token', 'docker-hub-token', 'private-key', 'jwt', 'database-connection-string', 'url-basic-auth', 'generic-secret']) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('has a planted true positive for every rule', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  it('exposes every rule to callers through scanner.rules', () => {
    expect(scanner.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
  });
});

describe.each(RULES.map((rule) => rule.id))('%s', (id) => {
  it('finds its planted secret, exactly', () => {
    const { text, secret } = sample(id);
    const findings = scanner.scanText(text);
    const found = findings.find((finding) => finding.ruleId === id);
    expect(found, `${id} in ${JSON.stringify(text.slice(0, 200))}: ${JSON.stringify(findings.map((f) => f.ruleId))}`).toBeDefined();
    expect(text.slice(found?.start, found?.end)).toBe(secret);
  });

  it('is selected by the keyword pre-filter for its sample', () => {
    const index = RULES.findIndex((rule) => rule.id === id);
    const filter = createKeywordFilter(RULES.map((rule) => rule.keywords));
    expect(filter.select(sample(id).text)).toContain(index);
  });

  it('finds nothing once disabled', () => {
    const disabled = createSecretScanner({ disabledRules: [id] });
    expect(disabled.rules.some((rule) => rule.id === id)).toBe(false);
    expect(disabled.scanText(sample(id).text).some((finding) => finding.ruleId === id)).toBe(false);
  });
});

const r = generator(7);

describe('what is not a secret', () => {
  const clean = (text: string, file?: string) => expect(scanner.scanText(text, file === undefined ? {} : { file }), text).toEqual([]);

  it.each([
    ['your-api-key', 'api_key = "your-api-key"'],
    ['x run', 'API_TOKEN=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    ['angle brackets', 'password: "<password>"'],
    ['${VAR}', 'secret = "${SECRET_VALUE}"'],
    ['process.env', 'const token = process.env.GITHUB_TOKEN;'],
    ['os.environ', 'password = os.environ["DB_PASSWORD"]'],
    ['helm template', 'password: {{ .Values.db.password }}'],
    ['stars', 'token: "********"'],
    ['replace-with', 'client_secret = "REPLACE_WITH_YOUR_CLIENT_SECRET"'],
    ['github x run', `token = ${join('gh', 'p_')}${'x'.repeat(36)}`],
    ['AWS documentation key', `aws_access_key_id = ${join('AKIA', 'IOSFODNN7', 'EXAMPLE')}`],
    ['AWS documentation secret', `aws_secret_access_key = ${join('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCY', 'EXAMPLEKEY')}`],
    ['placeholder DB password', 'DATABASE_URL=postgres://user:password@localhost:5432/app'],
    ['templated URL', 'url = "https://${USER}:${PASS}@example.com/repo.git"'],
    ['same user and password', 'mongodb://mongo:mongo@db:27017/app'],
    ['weak localhost default', 'redis://admin:pass@127.0.0.1:6379/0'],
    ['curl variables', 'curl -u "$USER:$PASS" https://api.example.com'],
    ['bearer placeholder', 'Authorization: Bearer <token>'],
    ['bearer variable', 'curl -H "Authorization: Bearer $TOKEN" https://api.example.com'],
    ['empty value', 'GITHUB_TOKEN=\nNPM_TOKEN='],
    ['type annotation', 'interface Login { password: string; token?: string }'],
    ['member access', 'const token = req.headers.authorization;'],
    ['call', 'this.secret = toUint8Array(secret);'],
    ['identifier names', 'const keyboardKey = "ArrowLeft"; const sortKey = "createdAt";'],
    ['public key', `public_key = "${r(44)}"`],
    ['csrf token', `csrf_token = "${r(40)}"`],
    ['url-valued setting', 'token_url = "https://oauth2.example.com/token"'],
    ['version', 'api_key_version = "2.14.1"'],
    ['encrypted value', `# encrypted with the KMS key\nDB_PASSWORD = ${r(56)}==`],
    ['PEM without key material', `${join('-----BEGIN ', 'PRIVATE KEY')}-----\n...\n-----END PRIVATE KEY-----`],
  ])('%s', (_name, text) => clean(text));

  it('UUIDs and hashes assigned to key-ish names', () => {
    clean(`client_id = "${uuid(r)}"\nrequest_token = "${uuid(r)}"\napi_key_id: ${uuid(r)}\n`);
    clean(`checksum = "${r(64, HEX)}"\ncache_key = "${r(32, HEX)}"\ndownload_token = "${r(40, HEX)}"\n`);
  });

  it('lockfiles: integrity hashes and resolved URLs', () => {
    const integrity = `sha512-${r(86, URL_SAFE)}==`;
    const lock = `{\n  "packages": {\n    "node_modules/left-pad": {\n      "version": "1.3.0",\n      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",\n      "integrity": "${integrity}"\n    }\n  },\n  "token": "${r(48)}"\n}\n`;
    clean(lock, 'package-lock.json');
    clean(`left-pad@^1.3.0:\n  version "1.3.0"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#${r(40, HEX)}"\n  integrity ${integrity}\n`, 'yarn.lock');
    clean(`  /left-pad@1.3.0:\n    resolution: {integrity: ${integrity}}\n    secret: ${r(40)}\n`, 'pnpm-lock.yaml');
    clean(`golang.org/x/oauth2 v0.15.0 h1:${r(43, URL_SAFE)}=\n`, 'go.sum');
    // The same content outside a lockfile is scanned as usual.
    expect(scanner.scanText(lock, { file: 'data.json' }).length).toBeGreaterThan(0);
  });

  it('example values in documentation', () => {
    const value = `${r(24)}9`;
    const readme = `## Setup\n\nFor example:\n\n    export API_TOKEN=${value}\n`;
    clean(readme, 'docs/setup.md');
    expect(scanner.scanText(readme).length).toBe(1);
    clean(`/**\n * @example\n * const client = new Client({ apiKey: "${value}" });\n */\n`, 'src/client.ts');
    // The jwt.io sample token, pasted in every JWT tutorial.
    clean(`const token = "${jwt({ sub: '1234567890', name: 'John Doe', iat: 1516239022 }, r)}";`);
  });

  it('JWTs without identity or authorization claims', () => {
    clean(`const state = "${jwt({ confidence: 0.8 }, r)}";`);
  });
});

describe('context and priorities', () => {
  it('reports the provider rule, not the curl or header rule, for a key in a header', () => {
    const { secret } = sample('openai-api-key');
    const findings = scanner.scanText(`curl https://api.openai.com/v1/models -H "Authorization: Bearer ${secret}"`);
    expect(findings.map((finding) => finding.ruleId)).toEqual(['openai-api-key']);
  });

  it('reads a credential from several curl forms', () => {
    const password = `${r(12)}7`;
    for (const option of [`-u deploy:${password}`, `--user "deploy:${password}"`, `--user 'deploy:${password}'`, `-u deploy:'${password}'`, `--user "deploy":"${password}"`]) {
      const text = `curl -s ${option} https://api.example.net/v1`;
      const findings = scanner.scanText(text);
      expect(findings.map((finding) => text.slice(finding.start, finding.end)), option).toEqual([password]);
    }
    const continued = `curl -X POST https://api.example.net/v1 \\\n  -H 'Content-Type: application/json' \\\n  -u deploy:${password}`;
    expect(scanner.scanText(continued).map((finding) => finding.ruleId)).toEqual(['curl-auth']);
    expect(scanner.scanText(`wget --user deploy:${password} https://x.example.net`)).toEqual([]);
  });

  it('finds generic secrets in env, YAML, JSON and code', () => {
    const value = `${r(18)}!4`;
    for (const text of [`DB_PASSWORD=${value}`, `db:\n  password: ${value}`, `{"client_secret": "${value}"}`, `const apiKey = "${value}";`, `STRIPE_KEY='${value}'`, `$config['smtp_pass'] = '${value}';`]) {
      const findings = scanner.scanText(text);
      expect(findings.map((finding) => text.slice(finding.start, finding.end)), text).toEqual([value]);
    }
  });

  it('does not read unquoted values in source files as secrets', () => {
    const value = `${r(18)}4`;
    expect(scanner.scanText(`password = ${value}`, { file: 'app/config.py' })).toEqual([]);
    expect(scanner.scanText(`password = ${value}`, { file: 'app/.env' })).toHaveLength(1);
  });

  it('asks GCP API keys to be assigned, not merely mentioned', () => {
    const key = join('AI', 'za') + r(35, URL_SAFE);
    expect(scanner.scanText(`The key ${key} is in the Firebase docs`)).toEqual([]);
    expect(scanner.scanText(`apiKey: "${key}"`)).toHaveLength(1);
  });

  it('finds a private key inside a service-account JSON (escaped newlines)', () => {
    const body = Array.from({ length: 8 }, () => r(64)).join('\\n');
    const json = `{"type": "${join('service', '_account')}", "private_key": "${join('-----BEGIN ', 'PRIVATE KEY')}-----\\n${body}\\n-----END PRIVATE KEY-----\\n"}`;
    expect(scanner.scanText(json).map((finding) => finding.ruleId).sort()).toEqual(['gcp-service-account', 'private-key']);
  });

  it('reports every value of a Kubernetes Secret but not templated ones', () => {
    const manifest = `apiVersion: v1\n${join('kind: ', 'Secret')}\nmetadata:\n  name: app\nstringData:\n  token: "{{ .Values.token }}"\n  apiKey: ${r(20)}9\ndata:\n  password: ${Buffer.from(r(16)).toString('base64')}\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  color: ${Buffer.from('blue-green').toString('base64')}\n`;
    expect(scanner.scanText(manifest).map((finding) => finding.ruleId)).toEqual(['kubernetes-secret', 'kubernetes-secret']);
  });
});
