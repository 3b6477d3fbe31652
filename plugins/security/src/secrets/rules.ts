/**
 * The rule table, as data. Order matters only when two findings overlap: the earlier (more
 * specific) rule wins, so provider formats come first and the context rules (URLs, curl,
 * authorization headers, generic assignments) last.
 *
 * Every regex is written for a backtracking engine: each starts at a literal (or a cheap
 * assertion before one) so the engine skips ahead fast, every quantifier is bounded, and no
 * quantified group contains another quantifier over overlapping characters. Node 20 has no
 * inline `(?i:…)`: case-insensitive parts are spelled as character classes.
 */
import type { Severity } from '../types.js';
import { checkCurlOption, CURL_OPTION_PATTERN } from './curl.js';
import { checkGenericAssignment, GENERIC_KEYWORDS, GENERIC_PATTERN } from './generic.js';
import { findKubernetesSecretValues, KUBERNETES_KEYWORDS } from './kubernetes.js';
import { findPrivateKeyBlocks } from './private-key.js';
import { isCommentLine } from './placeholders.js';
import type { SecretRule } from './rule.js';
import { checkBasicAuthUrl, checkDatabaseUrl, CREDENTIAL_URL_SOURCE } from './urls.js';
import {
  assignedValue,
  checkAuthorizationHeader,
  hasKeyMaterial,
  isAuthJwt,
  isDockerAuth,
  legacyVaultToken,
  mailchimpKey,
  mixedCase,
  nearPrivateKeyWords,
  notAwsExample,
  sasSignature,
} from './validators.js';

const rx = (source: string, flags = '') => new RegExp(source, `dg${flags}`);

/** Not preceded by a letter, digit or underscore. */
const WORD = '(?<![A-Za-z0-9_])';
/** Not preceded by a letter or digit (an underscore or dash may glue a token to a name). */
const ALNUM = '(?<![A-Za-z0-9])';
/** Not inside a base64 run. */
const B64 = '(?<![A-Za-z0-9+/_-])';
/** Not followed by another token character. */
const END = '(?![A-Za-z0-9_-])';
const END_ALNUM = '(?![A-Za-z0-9])';
const END_B64 = '(?![A-Za-z0-9+/=_-])';
/** Followed by a quote, space, separator or the end (a `.` or `-` after it means it is part of something longer). */
const END_STRICT = String.raw`(?=[\s'"\x60;,)\]}>|]|\\[nrt]|$)`;

interface TokenOptions extends Omit<Partial<SecretRule>, 'id' | 'description' | 'severity' | 'keywords' | 'pattern'> {
  before?: string;
  after?: string;
  flags?: string;
}

/** A rule for a token with a recognisable format; `body` is the token itself (the `secret` group). */
function token(id: string, description: string, severity: Severity, keywords: string[], body: string, options: TokenOptions = {}): SecretRule {
  const { before = WORD, after = END, flags = '', ...rest } = options;
  return { id, description, severity, keywords, pattern: rx(`${before}(?<secret>${body})${after}`, flags), ...rest };
}

export const RULES: readonly SecretRule[] = [
  // ── Private keys ───────────────────────────────────────────────────────────────────────────────
  {
    id: 'private-key',
    description: 'Private key (PEM, OpenSSH, PKCS#8, encrypted or PGP private key block)',
    severity: 'critical',
    keywords: ['-----begin'],
    find: findPrivateKeyBlocks,
    placeholders: 'none',
    check: hasKeyMaterial,
  },
  {
    id: 'putty-private-key',
    description: 'PuTTY private key file',
    severity: 'critical',
    keywords: ['putty-user-key-file'],
    pattern: rx(String.raw`PuTTY-User-Key-File-[23]:[^\n]{0,200}\n(?:[^\n]{0,400}\n){0,20}?Private-Lines:[ \t]{0,4}\d{1,3}[ \t]{0,4}\r?\n(?<secret>[A-Za-z0-9+/=]{1,128}(?:\r?\n[A-Za-z0-9+/=]{1,128}(?=\r?\n|$)){0,120})`),
    minEntropy: 4,
  },
  token('age-secret-key', 'age encryption secret key', 'critical', ['age-secret-key-1'], 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'),

  // ── Cloud: AWS, Google Cloud, Azure ────────────────────────────────────────────────────────────
  token('aws-access-key-id', 'AWS access key ID', 'critical', ['akia', 'asia', 'abia', 'acca', 'a3t'], '(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}', {
    before: ALNUM,
    after: END_ALNUM,
    minEntropy: 3,
    check: notAwsExample,
  }),
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key',
    severity: 'critical',
    keywords: ['secret_access', 'secretaccess', 'secret-access', 'aws_secret', 'awssecret', 'aws-secret', 'aws secret'],
    pattern: rx(String.raw`(?:aws[\w.-]{0,20}?[_ .-]?secret|secret[_.-]?access)[\w.-]{0,20}["']?[ \t]{0,8}(?::=|=>|=|:|,)[ \t]{0,8}["'\x60]?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`, 'i'),
    minEntropy: 3.5,
    check: notAwsExample,
  },
  token('aws-bedrock-api-key', 'Amazon Bedrock API key', 'high', ['absk', 'bedrock-api-key-'], 'ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{100,250}={0,2}|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=]{100,4000}', {
    before: B64,
    after: END_B64,
  }),
  {
    id: 'gcp-service-account',
    description: 'Google Cloud service-account key file',
    severity: 'critical',
    keywords: ['service_account'],
    pattern: rx(String.raw`(?<secret>"type"[ \t]{0,10}:[ \t]{0,10}"service_account")`),
    placeholders: 'none',
    // A key file is JSON data, not a sentence in a comment that mentions the type.
    check: (context) => !isCommentLine(context.text, context.start),
  },
  token('gcp-api-key', 'Google Cloud / Gemini API key', 'high', ['aiza'], 'AIza[A-Za-z0-9_-]{35}', { minEntropy: 4, check: assignedValue }),
  token('gcp-oauth-client-secret', 'Google OAuth client secret', 'high', ['gocspx-'], 'GOCSPX-[A-Za-z0-9_-]{28}', { minEntropy: 3 }),
  token('google-oauth-access-token', 'Google OAuth access token', 'high', ['ya29.'], String.raw`ya29\.[A-Za-z0-9_-]{30,2000}`, { minEntropy: 3.5 }),
  {
    id: 'azure-ad-client-secret',
    description: 'Azure AD (Entra ID) client secret',
    severity: 'high',
    keywords: ['q~'],
    pattern: rx(String.raw`(?<![^\\'"\x60\s>=:(,)])(?<secret>[a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?=$|[\\'"\x60\s<),])`),
    minEntropy: 3,
  },
  {
    id: 'azure-storage-account-key',
    description: 'Azure storage account key',
    severity: 'critical',
    keywords: ['accountkey='],
    pattern: rx(String.raw`AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)`),
    minEntropy: 4,
  },
  {
    id: 'azure-sas-token',
    description: 'Azure shared access signature',
    severity: 'high',
    keywords: ['sig='],
    pattern: rx(String.raw`[?&]sig=(?<secret>[A-Za-z0-9%+/=]{40,120})(?![A-Za-z0-9%+/=])`),
    check: sasSignature,
  },

  // ── Source hosting: GitHub, GitLab, Bitbucket / Atlassian ──────────────────────────────────────
  token('github-token', 'GitHub token (personal, OAuth, app, refresh)', 'high', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], String.raw`gh[pousr]_(?:[A-Za-z0-9]{36,255}|[0-9]{1,20}_eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{10,4000}\.[A-Za-z0-9_-]{10,1000})`, {
    minEntropy: 3,
  }),
  token('github-fine-grained-pat', 'GitHub fine-grained personal access token', 'high', ['github_pat_'], 'github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}', { minEntropy: 3 }),
  token('gitlab-token', 'GitLab token (personal, deploy, runner, trigger, OAuth, …)', 'high', ['glpat-', 'gldt-', 'glptt-', 'glrt-', 'glcbt-', 'glimt-', 'glagent-', 'gloas-', 'glft-', 'glffct-', 'glsoat-'], String.raw`gl(?:pat|dt|ptt|rt|cbt|imt|agent|oas|ft|ffct|soat)-[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}[0-9a-z]{7})?`, {
    minEntropy: 3,
  }),
  token('gitlab-runner-registration-token', 'GitLab runner registration token', 'high', ['gr1348941'], 'GR1348941[A-Za-z0-9_-]{20}', { minEntropy: 3 }),
  {
    id: 'gitlab-session-cookie',
    description: 'GitLab session cookie',
    severity: 'high',
    keywords: ['_gitlab_session='],
    pattern: rx(String.raw`_gitlab_session=(?<secret>[0-9a-z]{32})(?![A-Za-z0-9])`),
    minEntropy: 3,
  },
  token('atlassian-api-token', 'Atlassian (Jira, Confluence) or Bitbucket API token / app password', 'high', ['atatt3', 'atctt3', 'atbb'], '(?:ATATT3|ATCTT3)[A-Za-z0-9_=-]{150,300}|ATBB[A-Za-z0-9]{28,60}', {
    minEntropy: 3.5,
  }),

  // ── Chat and messaging ─────────────────────────────────────────────────────────────────────────
  token('slack-token', 'Slack token (bot, user, app, workspace, configuration)', 'high', ['xox', 'xapp-'], String.raw`xox[abposr]-(?:[0-9]{1,2}-)?[0-9]{8,14}(?:-[A-Za-z0-9#*]{1,64}){1,4}|xoxe(?:\.xox[bp])?-[0-9]-[A-Za-z0-9]{140,180}|xapp-[0-9]-[A-Z0-9]{6,20}-[0-9]{6,20}-[A-Za-z0-9]{20,100}`, {
    minEntropy: 2,
  }),
  token('slack-webhook-url', 'Slack incoming webhook URL', 'high', ['hooks.slack.com'], String.raw`(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+\/_-]{24,160}`, {
    before: '',
    after: String.raw`(?![A-Za-z0-9+\/_-])`,
  }),
  {
    id: 'discord-webhook-url',
    description: 'Discord webhook URL',
    severity: 'high',
    keywords: ['/api/webhooks/'],
    pattern: rx(String.raw`discord(?:app)?\.com\/api\/webhooks\/[0-9]{5,30}\/(?<secret>[A-Za-z0-9_-]{60,80})(?![A-Za-z0-9_-])`),
    minEntropy: 3.5,
  },
  token('microsoft-teams-webhook-url', 'Microsoft Teams incoming webhook URL', 'high', ['webhook.office.com'], String.raw`https:\/\/[a-z0-9-]{1,60}\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9@\/-]{60,300}`, {
    before: '',
    after: String.raw`(?![A-Za-z0-9@\/-])`,
  }),
  token('telegram-bot-token', 'Telegram bot token', 'high', [':aa'], '[0-9]{8,10}:AA[A-Za-z0-9_-]{33}', { before: '(?<![A-Za-z0-9_:])', minEntropy: 3.5 }),

  // ── Payments and commerce ──────────────────────────────────────────────────────────────────────
  token('stripe-api-key', 'Stripe secret or restricted API key', 'critical', ['sk_live', 'sk_test', 'sk_prod', 'rk_live', 'rk_test', 'rk_prod'], '(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{24,247}'),
  token('stripe-webhook-secret', 'Stripe webhook signing secret', 'high', ['whsec_'], 'whsec_[A-Za-z0-9]{32,64}', { minEntropy: 3.5 }),
  token('square-access-token', 'Square access token or application secret', 'high', ['eaaa', 'sq0atp-', 'sq0csp-'], '(?:EAAA|sq0atp-|sq0csp-)[A-Za-z0-9_-]{22,60}', {
    before: B64,
    after: END_B64,
    minEntropy: 3.5,
  }),
  token('shopify-token', 'Shopify access token or shared secret', 'high', ['shpat_', 'shpca_', 'shppa_', 'shpss_'], 'shp(?:at|ca|pa|ss)_[A-Za-z0-9]{32,64}'),
  token('shippo-api-token', 'Shippo API token', 'high', ['shippo_'], 'shippo_(?:live|test)_[a-fA-F0-9]{40}'),
  token('easypost-api-key', 'EasyPost API key', 'high', ['ezak', 'eztk'], 'EZ[AT]K[A-Za-z0-9]{54}', { before: B64, after: END_B64, minEntropy: 3.5 }),
  token('duffel-api-token', 'Duffel API token', 'high', ['duffel_'], 'duffel_(?:test|live)_[A-Za-z0-9_=-]{43}'),

  // ── Email, SMS and marketing ───────────────────────────────────────────────────────────────────
  token('twilio-api-key', 'Twilio API key', 'high', [], 'SK[0-9a-f]{32}', { before: ALNUM, after: END_ALNUM, minEntropy: 3, check: (context) => /[a-f]/.test(context.secret.slice(2)) && /[0-9]/.test(context.secret) }),
  token('sendgrid-api-key', 'SendGrid API key', 'high', ['sg.'], String.raw`SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`, { before: ALNUM }),
  token('mailgun-api-key', 'Mailgun API key', 'high', ['key-'], 'key-[0-9a-f]{32}', { before: ALNUM, after: END_ALNUM, minEntropy: 3 }),
  {
    id: 'mailchimp-api-key',
    description: 'Mailchimp API key',
    severity: 'high',
    keywords: ['-us'],
    // Starts at the literal `-us` and only then looks back for the 32 hex digits: a lookbehind in
    // front would be tried at every position of the text.
    pattern: rx(String.raw`-us[0-9]{1,2}(?<=(?<![A-Za-z0-9])(?<key>[0-9a-f]{32})-us[0-9]{1,2})(?![A-Za-z0-9])`),
    minEntropy: 3,
    check: mailchimpKey,
  },
  token('sendinblue-api-key', 'Brevo (Sendinblue) API key', 'high', ['xkeysib-'], 'xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}'),

  // ── Social ─────────────────────────────────────────────────────────────────────────────────────
  token('facebook-access-token', 'Facebook app access token', 'high', ['facebook'], '[0-9]{15,16}(?:\\||%7C)[A-Za-z0-9_-]{27,40}', { minEntropy: 3 }),
  token('facebook-page-access-token', 'Facebook page access token', 'high', ['eaam', 'eaac'], 'EAA[MC][A-Za-z0-9]{100,600}', { before: B64, after: END_B64, minEntropy: 4 }),
  token('twitter-bearer-token', 'X (Twitter) bearer token', 'high', ['aaaaaaaaaaaaaaaaaaaaaa'], 'A{22}[A-Za-z0-9%]{80,140}', { before: B64, after: END_B64, minEntropy: 3 }),

  // ── AI providers ───────────────────────────────────────────────────────────────────────────────
  token('anthropic-api-key', 'Anthropic API key (API, admin or OAuth)', 'critical', ['sk-ant-'], 'sk-ant-(?:api|admin|oat|sid)[0-9]{2}-[A-Za-z0-9_-]{80,120}AA', { before: '(?<![A-Za-z0-9_-])' }),
  token('openai-api-key', 'OpenAI API key', 'critical', ['t3blbkfj'], 'sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}', {
    before: '(?<![A-Za-z0-9_-])',
    minEntropy: 3,
  }),
  token('groq-api-key', 'Groq API key', 'high', ['gsk_'], 'gsk_[A-Za-z0-9]{52}'),
  token('perplexity-api-key', 'Perplexity API key', 'high', ['pplx-'], 'pplx-[A-Za-z0-9]{48}', { minEntropy: 3.5 }),
  token('huggingface-token', 'Hugging Face access or organization token', 'high', ['hf_', 'api_org_'], 'hf_[A-Za-z]{34}|api_org_[A-Za-z]{34}', { minEntropy: 3.5, check: mixedCase }),
  token('replicate-api-token', 'Replicate API token', 'high', ['r8_'], 'r8_[A-Za-z0-9]{37}', { minEntropy: 3.5 }),
  token('xai-api-key', 'xAI API key', 'high', ['xai-'], 'xai-[A-Za-z0-9]{80}', { minEntropy: 3.5 }),
  token('openrouter-api-key', 'OpenRouter API key', 'high', ['sk-or-v1-'], 'sk-or-v1-[a-f0-9]{64}', { before: '(?<![A-Za-z0-9_-])', minEntropy: 3 }),
  token('langsmith-api-key', 'LangSmith API key', 'high', ['lsv2_'], 'lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}', { minEntropy: 3 }),

  // ── Package registries ─────────────────────────────────────────────────────────────────────────
  token('npm-access-token', 'npm access token', 'high', ['npm_'], 'npm_[A-Za-z0-9]{36}', { minEntropy: 3 }),
  {
    id: 'npmrc-auth',
    description: 'Registry credential in an .npmrc (_authToken, _auth, _password)',
    severity: 'high',
    keywords: ['_authtoken', '_auth', '_password'],
    pattern: rx(String.raw`_(?:authToken|auth|password)[ \t]{0,4}=[ \t]{0,4}["']?(?<secret>[^\s'"#;]{8,2000})`),
    // At the start of a line or after a registry prefix (`//registry.npmjs.org/:_authToken=`).
    check: (context) => /(?:^|\n)[ \t]*$|:$/.test(context.text.slice(Math.max(0, (context.match?.index ?? 0) - 80), context.match?.index ?? 0)),
    placeholders: 'credential',
    minEntropy: 3,
    examplesInDocs: true,
  },
  token('pypi-upload-token', 'PyPI upload token', 'high', ['pypi-ag'], 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}|pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,1000}'),
  token('docker-hub-token', 'Docker Hub personal or organization access token', 'high', ['dckr_'], 'dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,64}'),
  {
    id: 'docker-config-auth',
    description: 'Registry credential in a Docker config.json (auths)',
    severity: 'high',
    keywords: ['"auths"'],
    pattern: rx(String.raw`"auth"[ \t]{0,4}:[ \t]{0,4}"(?<secret>[A-Za-z0-9+/]{8,2000}={0,2})"`),
    check: isDockerAuth,
  },
  token('rubygems-api-token', 'RubyGems API token', 'high', ['rubygems_'], 'rubygems_[a-f0-9]{48}'),
  token('nuget-api-key', 'NuGet API key', 'high', ['oy2'], 'oy2[a-z0-9]{43}', { minEntropy: 3.5 }),
  token('clojars-api-token', 'Clojars deploy token', 'high', ['clojars_'], 'CLOJARS_[a-zA-Z0-9]{60}', { minEntropy: 3 }),
  token('artifactory-token', 'JFrog Artifactory API key or reference token', 'high', ['akcp', 'cmvmd'], 'AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59}', { minEntropy: 4.5 }),

  // ── Infrastructure and developer platforms ─────────────────────────────────────────────────────
  token('hashicorp-vault-token', 'HashiCorp Vault token (service, batch, recovery)', 'high', ['hvs.', 'hvb.', 'hvr.'], String.raw`hv[sbr]\.[A-Za-z0-9_-]{24,400}`, { minEntropy: 3.5 }),
  token('hashicorp-vault-legacy-token', 'HashiCorp Vault legacy service token', 'high', ['vault', 'token'], String.raw`s\.[A-Za-z0-9]{24}`, {
    before: '(?<![A-Za-z0-9_.$])',
    after: '(?![A-Za-z0-9_$])',
    minEntropy: 3.5,
    check: legacyVaultToken,
  }),
  token('terraform-cloud-token', 'Terraform Cloud / Enterprise API token', 'high', ['atlasv1'], String.raw`[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}`, { minEntropy: 3.5 }),
  token('1password-service-account-token', '1Password service account token', 'high', ['ops_eyj'], 'ops_eyJ[A-Za-z0-9+/]{250,6000}={0,3}', { minEntropy: 4 }),
  token('1password-secret-key', '1Password account secret key', 'high', ['a3-'], 'A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}', { minEntropy: 3.8 }),
  token('tailscale-key', 'Tailscale auth, API or client key', 'high', ['tskey-'], 'tskey-[a-z]{2,12}-[A-Za-z0-9]{8,24}-[A-Za-z0-9]{16,64}', { before: '(?<![A-Za-z])' }),
  token('vercel-token', 'Vercel access token', 'high', ['vca_', 'vci_', 'vck_', 'vcp_', 'vcr_'], 'vc[aikpr]_[A-Za-z0-9]{24,128}', { minEntropy: 3 }),
  token('cloudflare-api-token', 'Cloudflare API token or key', 'high', ['cfat_', 'cfut_', 'cfk_'], 'cf(?:at|ut|k)_[A-Za-z0-9]{40}[0-9a-f]{8}'),
  token('cloudflare-origin-ca-key', 'Cloudflare Origin CA key', 'high', ['v1.0-'], String.raw`v1\.0-[a-f0-9]{24}-[a-f0-9]{146}`),
  token('databricks-token', 'Databricks personal access token', 'high', ['dapi'], 'dapi[a-fA-F0-9]{32}(?:-[0-9])?', { minEntropy: 3 }),
  token('digitalocean-token', 'DigitalOcean access, OAuth or refresh token', 'high', ['doo_v1_', 'dop_v1_', 'dor_v1_'], 'do[opr]_v1_[a-f0-9]{64}', { minEntropy: 3 }),
  token('doppler-token', 'Doppler token', 'high', ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'], String.raw`dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}`, { minEntropy: 3 }),
  token('grafana-token', 'Grafana Cloud, service account or API token', 'high', ['glc_', 'glsa_', 'eyjrijoi'], 'glc_[A-Za-z0-9+/]{32,400}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|eyJrIjoi[A-Za-z0-9]{70,400}={0,3}', {
    after: END_B64,
    minEntropy: 3,
  }),
  token('sourcegraph-token', 'Sourcegraph access token', 'high', ['sgp_', 'sourcegraph'], 'sgp_(?:[A-Fa-f0-9]{16}|local)_[A-Fa-f0-9]{40}|sgp_[A-Fa-f0-9]{40}', {
    minEntropy: 3,
  }),
  {
    id: 'sourcegraph-token-assignment',
    description: 'Sourcegraph access token (40 hex) assigned to a Sourcegraph setting',
    severity: 'high',
    keywords: ['sourcegraph'],
    pattern: rx(String.raw`(?:[Ss]ourcegraph|SOURCEGRAPH)[\w.-]{0,20}["']?[ \t]{0,5}[:=][ \t]{0,5}["']?(?<secret>[A-Fa-f0-9]{40})(?![A-Za-z0-9_-])`),
    minEntropy: 3,
  },
  token('octopus-deploy-api-key', 'Octopus Deploy API key', 'high', ['api-'], 'API-[A-Z0-9]{26}', { minEntropy: 3 }),
  token('postman-api-key', 'Postman API key', 'high', ['pmak-'], 'PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}'),
  token('pulumi-access-token', 'Pulumi access token', 'high', ['pul-'], 'pul-[a-f0-9]{40}', { minEntropy: 3 }),
  token('planetscale-token', 'PlanetScale token or password', 'high', ['pscale_'], 'pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.-]{32,64}', { minEntropy: 3 }),
  token('dynatrace-api-token', 'Dynatrace API token', 'high', ['dt0c01.'], String.raw`dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}`, { minEntropy: 3.5 }),
  token('newrelic-key', 'New Relic user, ingest or browser key', 'high', ['nrak-', 'nrii-', 'nrjs-'], 'NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9_-]{32}|NRJS-[a-f0-9]{19}', { minEntropy: 3 }),
  token('sentry-token', 'Sentry auth token', 'high', ['sntrys_', 'sntryu_'], 'sntrys_eyJ[A-Za-z0-9+/=_]{60,400}|sntryu_[a-f0-9]{64}', { minEntropy: 3.5 }),
  token('heroku-api-key', 'Heroku API key', 'high', ['hrku-'], 'HRKU-AA[A-Za-z0-9_-]{58}', { minEntropy: 4 }),
  token('flyio-token', 'Fly.io access token', 'high', ['fo1_', 'fm1', 'fm2_'], 'fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,2000}={0,3}', { minEntropy: 4 }),
  token('harness-api-key', 'Harness personal or service account token', 'high', ['pat.', 'sat.'], String.raw`(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}`, { minEntropy: 3.5 }),
  token('scalingo-api-token', 'Scalingo API token', 'high', ['tk-us-'], 'tk-us-[A-Za-z0-9_-]{48}', { minEntropy: 3 }),
  token('infracost-api-token', 'Infracost API token', 'medium', ['ico-'], 'ico-[A-Za-z0-9]{32}', { after: END_STRICT, minEntropy: 3 }),
  token('mapbox-secret-token', 'Mapbox secret token', 'high', ['sk.eyj'], String.raw`sk\.eyJ[A-Za-z0-9_-]{20,200}\.[A-Za-z0-9_-]{20,100}`, { minEntropy: 3.5 }),

  // ── Other SaaS with recognisable prefixes ──────────────────────────────────────────────────────
  token('linear-api-key', 'Linear API key', 'high', ['lin_api_'], 'lin_api_[A-Za-z0-9]{40,64}'),
  token('notion-api-token', 'Notion integration token', 'high', ['ntn_'], 'ntn_[0-9]{11}[A-Za-z0-9]{35}', { before: ALNUM, after: END_ALNUM }),
  token('figma-token', 'Figma personal access token', 'high', ['figd_'], 'figd_[A-Za-z0-9_-]{40,64}', { minEntropy: 3 }),
  token('typeform-api-token', 'Typeform API token', 'high', ['tfp_'], 'tfp_[A-Za-z0-9_.=-]{59}', { minEntropy: 3 }),
  token('readme-api-token', 'ReadMe API token', 'high', ['rdme_'], 'rdme_[a-z0-9]{70}', { minEntropy: 3 }),
  token('prefect-api-key', 'Prefect API key', 'high', ['pnu_'], 'pnu_[A-Za-z0-9]{36}', { minEntropy: 3 }),
  token('frameio-api-token', 'Frame.io API token', 'high', ['fio-u-'], 'fio-u-[A-Za-z0-9_=-]{64}', { minEntropy: 3 }),
  token('adobe-client-secret', 'Adobe client secret', 'high', ['p8e-'], 'p8e-[A-Za-z0-9]{32}', { minEntropy: 3 }),
  token('alibaba-access-key-id', 'Alibaba Cloud AccessKey ID', 'high', ['ltai'], 'LTAI[A-Za-z0-9]{20}', { before: B64, after: END_B64, minEntropy: 3 }),
  token('clickhouse-cloud-api-secret', 'ClickHouse Cloud API secret', 'high', ['4b1d'], '4b1d[A-Za-z0-9]{38}', { before: B64, after: END_B64, minEntropy: 3 }),
  token('maxmind-license-key', 'MaxMind license key', 'high', ['_mmk'], '[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk', { minEntropy: 4 }),
  token('settlemint-token', 'SettleMint access token', 'high', ['sm_aat_', 'sm_pat_', 'sm_sat_'], 'sm_(?:aat|pat|sat)_[A-Za-z0-9]{16}', { minEntropy: 3 }),
  token('intra42-client-secret', '42 Intra client secret', 'high', ['s-s4t2'], 's-s4t2(?:ud|af)-[a-f0-9]{64}', { minEntropy: 3 }),
  {
    id: 'sidekiq-secret',
    description: 'Sidekiq Pro / Enterprise gem server credential',
    severity: 'high',
    keywords: ['contribsys'],
    pattern: rx(String.raw`https?:\/\/(?<secret>[a-f0-9]{8}:[a-f0-9]{8})@(?:gems|enterprise)\.contribsys\.com`, 'i'),
  },

  // ── Tokens recognised by structure and context ─────────────────────────────────────────────────
  token('jwt', 'JSON Web Token carrying identity or authorization claims', 'medium', ['eyj'], String.raw`eyJ[A-Za-z0-9_-]{10,800}\.eyJ[A-Za-z0-9_-]{10,8000}\.[A-Za-z0-9_-]{0,1000}`, {
    anchored: true,
    before: '(?<![A-Za-z0-9_-])',
    after: '(?![A-Za-z0-9_-])',
    check: isAuthJwt,
    skipInLockfiles: true,
    examplesInDocs: true,
  }),
  token('ethereum-private-key', 'Hex private key (secp256k1 / Ethereum) next to wallet or key words', 'high', ['0x'], '[a-fA-F0-9]{64}', {
    before: '(?<![A-Za-z0-9])0x',
    after: END_ALNUM,
    minEntropy: 3,
    check: nearPrivateKeyWords,
    skipInLockfiles: true,
    examplesInDocs: true,
  }),
  {
    id: 'kubernetes-secret',
    description: 'Inline value in a Kubernetes Secret manifest',
    severity: 'high',
    keywords: KUBERNETES_KEYWORDS,
    find: findKubernetesSecretValues,
    placeholders: 'none',
    skipInLockfiles: true,
    examplesInDocs: true,
  },
  {
    id: 'database-connection-string',
    description: 'Database or message-broker URL with a password',
    severity: 'high',
    keywords: ['://'],
    pattern: rx(CREDENTIAL_URL_SOURCE),
    placeholders: 'none',
    anchored: true,
    check: checkDatabaseUrl,
    examplesInDocs: true,
  },
  {
    id: 'url-basic-auth',
    description: 'Password in a URL (basic auth)',
    severity: 'medium',
    keywords: ['://'],
    pattern: rx(CREDENTIAL_URL_SOURCE),
    placeholders: 'none',
    anchored: true,
    check: checkBasicAuthUrl,
    examplesInDocs: true,
  },
  {
    id: 'curl-auth',
    description: 'Credential on a curl command line (-u user:password, or an Authorization / API-key header)',
    severity: 'medium',
    keywords: ['curl'],
    pattern: CURL_OPTION_PATTERN,
    placeholders: 'none',
    check: checkCurlOption,
    examplesInDocs: true,
  },
  {
    id: 'authorization-header',
    description: 'Bearer, Basic or Token credential in an Authorization header',
    severity: 'medium',
    keywords: ['bearer', 'authorization'],
    pattern: rx(String.raw`(?:bearer|authorization["']?[ \t]{0,4}[:=][ \t]{0,4}["'\x60]?[ \t]{0,4}(?:basic|token))[ \t]{1,4}(?<secret>[A-Za-z0-9._~+\/-]{8,4000}={0,3})(?![A-Za-z0-9._~+\/=-])`, 'i'),
    placeholders: 'credential',
    anchored: true,
    check: checkAuthorizationHeader,
    skipInLockfiles: true,
    examplesInDocs: true,
  },
  {
    id: 'generic-secret',
    description: 'Hard-coded password, secret, token or API key',
    severity: 'medium',
    keywords: GENERIC_KEYWORDS,
    pattern: GENERIC_PATTERN,
    placeholders: 'none',
    anchored: true,
    check: checkGenericAssignment,
    skipInLockfiles: true,
    examplesInDocs: true,
  },
];
