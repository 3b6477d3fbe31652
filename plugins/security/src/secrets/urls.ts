/**
 * Credentials inside URLs: `scheme://user:password@host`. Database and broker URLs are one rule,
 * every other scheme (https, ftp, ssh, git, …) is the basic-auth rule; both share this matcher
 * and the same idea of what a real password is.
 */
import { shannonEntropy } from './entropy.js';
import { isDocumentation, isLoopbackHost, isPlaceholder, isSingleCharacterRun, isTemplate, isTestFile } from './placeholders.js';
import type { MatchContext, Span } from './rule.js';

/** Starts at `://` (a literal, so the engine skips ahead fast); the scheme is read backwards in code. */
export const CREDENTIAL_URL_SOURCE = String.raw`:\/\/(?<user>[^\s:@\/?#'"\x60<>\\]{0,128}):(?<password>[^\s@\/?#'"\x60<>\\]{1,256})@(?<host>\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9._~%-]{1,253})`;

const DATABASE_SCHEMES = new Set([
  'mongodb', 'postgres', 'postgresql', 'pgsql', 'mysql', 'mysqlx', 'mariadb', 'redis', 'rediss', 'valkey', 'amqp', 'amqps', 'mssql',
  'sqlserver', 'oracle', 'db2', 'couchdb', 'cassandra', 'neo4j', 'bolt', 'clickhouse', 'cockroachdb', 'cockroach', 'kafka', 'nats',
  'mqtt', 'mqtts', 'stomp', 'ldap', 'ldaps', 'memcached', 'influxdb', 'snowflake', 'elasticsearch', 'opensearch', 'rethinkdb',
  'arangodb', 'orientdb', 'hive2', 'presto', 'trino', 'vertica', 'teradata', 'firebird', 'sybase', 'hana', 'rabbitmq', 'pulsar',
]);

/** The URL's scheme, read backwards from `://` (`jdbc:mysql`, `mongodb+srv`, `https`). */
export function schemeBefore(text: string, index: number): string {
  let start = index;
  while (start > 0 && index - start < 40 && /[A-Za-z0-9+.:-]/.test(text[start - 1] ?? '')) start--;
  return text.slice(start, index).replace(/^[^A-Za-z]+/, '').toLowerCase();
}

/** `jdbc:mysql` → `mysql`, `mongodb+srv` → `mongodb`, `postgresql+psycopg2` → `postgresql`. */
export function isDatabaseScheme(scheme: string): boolean {
  const parts = scheme.split(':');
  const last = parts[parts.length - 1] ?? '';
  return DATABASE_SCHEMES.has(last.split('+')[0] ?? '') || (parts[0] === 'jdbc' && parts.length > 1);
}

const decode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/**
 * A password worth reporting: not a template or placeholder, not the user name again, at least
 * four characters and not one character repeated; on a loopback or test host it must also be
 * strong (a development default like `admin:pass@localhost` is not worth stealing), and so
 * must it in tests and docs (`strict`).
 */
export function isRealPassword(rawPassword: string, rawUser: string, host: string, strict = false): boolean {
  const password = decode(rawPassword);
  const user = decode(rawUser);
  if (isTemplate(rawPassword) || isTemplate(password) || isPlaceholder(password, 'credential')) return false;
  if (password === user || password.length < 4 || isSingleCharacterRun(password)) return false;
  if ((strict || isLoopbackHost(host)) && (password.length < 8 || shannonEntropy(password) < 2.5)) return false;
  return true;
}

const checkUrl = (database: boolean) => (context: MatchContext): boolean | Span => {
  const { match, text } = context;
  const groups = match?.groups;
  const password = match?.indices?.groups?.password;
  if (match === undefined || groups === undefined || password === undefined) return false;
  const scheme = schemeBefore(text, match.index);
  if (scheme.length === 0 || isDatabaseScheme(scheme) !== database) return false;
  // Tests and docs use `user:pass@example.com` by the hundred: there only strong passwords count.
  const strict = isTestFile(context.file) || isDocumentation(context.file);
  if (!isRealPassword(groups.password ?? '', groups.user ?? '', groups.host ?? '', strict)) return false;
  return { start: password[0], end: password[1] };
};

export const checkDatabaseUrl = checkUrl(true);
export const checkBasicAuthUrl = checkUrl(false);
