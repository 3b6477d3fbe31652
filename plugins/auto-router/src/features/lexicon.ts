// General English and software vocabulary, never one command's words: the router must
// work as well for a plugin written tomorrow as for the ones shipped today.

/** Words that carry no intent. Question words stay: "where is…" is a question about code. */
export const STOPWORDS = new Set(
  ('a an the to of in on at for from by with as and or but if so than then this that these those there here it its ' +
    'i me my mine we us our you your he she they them their is are was were be been being am do does did done ' +
    'can could would should will shall may might must please pls just now also some any very really into onto about ' +
    'up out over get got let lets let\'s want wanna need like make sure okay ok hey hi thanks thank too more most much').split(' '),
);

/**
 * Words that mean the same to a router, folded into one concept feature (`#name`), so an
 * example saying "begin" teaches a request saying "kick off". Keys are stems (see `stem`).
 */
const CONCEPTS: Record<string, string[]> = {
  begin: ['start', 'begin', 'kick', 'launch', 'open', 'creat', 'new', 'fresh', 'initiat'],
  resume: ['resum', 'continu', 'reopen', 'carry', 'pick', 'back', 'return', 'again', 'left', 'where'],
  finish: ['end', 'finish', 'clos', 'stop', 'wrap', 'done', 'terminat', 'quit'],
  snapshot: ['checkpoint', 'snapshot', 'savepoint', 'restorepoint'],
  revert: ['restor', 'revert', 'rollback', 'roll', 'undo', 'reset', 'rewind'],
  export: ['export', 'dump', 'download', 'convert', 'transcript', 'markdown', 'md', 'json', 'share', 'document'],
  whole: ['whole', 'entir', 'all', 'every', 'everyth', 'full', 'complet', 'overall', 'across', 'throughout', 'end-to-end', 'global', 'top-level'],
  codebase: ['codebas', 'repo', 'repository', 'monorepo', 'project', 'cod', 'sourc', 'application', 'app', 'packag', 'modul', 'component', 'system'],
  analyse: ['analys', 'analyz', 'analysi', 'summariz', 'legacy', 'structur', 'design', 'audit', 'review', 'assess', 'examin', 'inspect', 'evaluat', 'survey', 'overview', 'architectur', 'debt', 'hotspot', 'quality'],
  secret: ['secret', 'credential', 'password', 'passwd', 'apikey', 'api-key', 'key', 'leak', 'token', 'private', 'aws', 'sarif'],
  inject: ['injection', 'inject', 'jailbreak', 'manipulat', 'hijack', 'malicious', 'instruction', 'prompt'],
  spend: ['cost', 'spend', 'spent', 'money', 'price', 'pric', 'bill', 'dollar', 'usd', 'expens', 'budget', 'cheap', 'pay'],
  usage: ['usag', 'consum', 'token', 'stat', 'statistic', 'metric', 'report', 'per', 'daily', 'weekly', 'monthly'],
  visual: ['dashboard', 'chart', 'graph', 'plot', 'visual', 'visualis', 'visualiz', 'browser', 'ui', 'web', 'page'],
  execute: ['run', 'execut', 'launch', 'trigger', 'invok', 'fire'],
  workflow: ['workflow', 'pipelin', 'chain', 'step', 'yaml', 'yml', 'sequenc', 'then', 'nightly', 'releas'],
  failure: ['fail', 'crash', 'broke', 'broken', 'error', 'interrupt', 'stopp', 'abort', 'die', 'died'],
  enumerate: ['list', 'enumerat', 'which', 'what', 'show', 'display'],
  session: ['session', 'conversation', 'work', 'task'],
  question: ['where', 'how', 'why', 'which', 'what', 'explain', 'find', 'locat', 'look', 'does', 'who', 'when'],
  code: ['function', 'class', 'method', 'modul', 'file', 'logic', 'implement', 'implementation', 'handler', 'endpoint', 'api', 'call', 'variabl',
    'parser', 'pars', 'config', 'bug', 'test', 'exception', 'thrown', 'throw', 'middlewar', 'rout', 'router', 'schema', 'databas', 'db', 'sql', 'query', 'cache',
    'request', 'respons', 'servic', 'interface', 'type', 'connection', 'socket', 'websocket', 'http', 'https', 'server', 'client', 'thread', 'async',
    'await', 'promis', 'callback', 'queue', 'worker', 'job', 'retry', 'timeout', 'login', 'logout', 'auth', 'authent', 'authoriz', 'oauth', 'user', 'hash',
    'encrypt', 'decrypt', 'payload', 'render', 'hook', 'state', 'store', 'event', 'listener', 'build', 'compil', 'deploy', 'docker', 'container', 'mock',
    'regex', 'string', 'array', 'object', 'field', 'property', 'column', 'index', 'migration', 'model', 'controller', 'view', 'templat', 'url', 'port',
    'env', 'environment', 'constant', 'flag', 'log', 'logger', 'stack', 'import', 'export', 'packag', 'dependency', 'librar', 'framework', 'cli', 'command',
    'argument', 'param', 'parameter', 'return', 'null', 'undefined', 'loop', 'recurs', 'algorithm', 'struct', 'enum', 'constructor', 'instanc', 'singleton',
    'mutex', 'lock', 'concurren', 'race', 'memory', 'leak', 'pointer', 'buffer', 'stream', 'upload', 'download', 'valid', 'validat', 'sanitiz', 'serializ',
    'deseriali', 'encod', 'decod', 'fetch', 'axio', 'graphql', 'rest', 'grpc', 'webhook', 'cron', 'schedul', 'repository', 'dto', 'orm', 'entity', 'src',
    'lib', 'utils', 'util', 'helper', 'wrapper', 'adapter', 'factory', 'provider', 'inject', 'plugin', 'kernel', 'session', 'token', 'cooki', 'header',
    'pagination', 'paginat', 'refactor', 'initializ', 'startup', 'bootstrap', 'shutdown', 'signal', 'process', 'spawn', 'regexp', 'typescript', 'javascript', 'python', 'react', 'node',
    'manifest', 'json', 'yaml', 'xml', 'csv', 'regex', 'script', 'dockerfile', 'makefile', 'ci', 'pipeline', 'lint', 'linter', 'formatter', 'compiler',
    'runtime', 'heap', 'gc', 'thread', 'goroutin', 'coroutin', 'generator', 'iterator', 'closur', 'scope', 'variable', 'getter', 'setter', 'decorator',
    'annotation', 'generic', 'overload', 'inherit', 'subclass', 'superclass', 'mixin', 'trait', 'protocol', 'abstract', 'implementation', 'dispatch',
    'reducer', 'selector', 'action', 'context', 'prop', 'component', 'widget', 'layout', 'css', 'html', 'dom', 'jsx', 'tsx', 'frontend', 'backend',
    'microservic', 'monolith', 'gateway', 'proxy', 'load', 'balanc', 'cluster', 'replica', 'shard', 'transaction', 'commit', 'rollback', 'branch',
    'merge', 'rebase', 'diff', 'patch', 'hotfix', 'release', 'version', 'semver', 'changelog', 'readme', 'docstring', 'comment', 'todo', 'fixme',
    'deprecat', 'legacy', 'dead', 'unused', 'duplicat', 'benchmark', 'profil', 'latency', 'throughput', 'performanc', 'slow', 'optimiz', 'bottleneck',
    'jwt', 'csrf', 'xss', 'cors', 'ssl', 'tls', 'certificat', 'permission', 'role', 'acl', 'sandbox', 'vulnerab', 'cve', 'sanitis', 'escap',
    'payment', 'checkout', 'invoic', 'billing', 'subscription', 'tenant', 'account', 'profile', 'notification', 'email', 'sms', 'push', 'upload',
    'websocket', 'sse', 'poll', 'heartbeat', 'keepaliv', 'reconnect', 'backoff', 'throttl', 'debounc', 'ratelimit', 'circuit', 'fallback', 'idempot',
    'function', 'defined', 'declar', 'invok', 'caller', 'callee', 'signature', 'overrid', 'propagat', 'catch', 'rais', 'panic', 'assert', 'fixtur', 'spec'],
  delete: ['delet', 'remov', 'purg', 'forget', 'drop', 'unpin', 'clean', 'cleanup', 'prune', 'archiv'],
  remember: ['rememb', 'pin', 'note', 'memory', 'keep', 'mind', 'always'],
  find: ['search', 'find', 'grep', 'look', 'lookup', 'where', 'when'],
  install: ['install', 'add', 'plugin', 'extension', 'uninstall', 'link', 'upgrad', 'updat'],
  setting: ['config', 'configur', 'setting', 'option', 'preferenc'],
  health: ['doctor', 'health', 'diagnos', 'broken', 'setup', 'working', 'check'],
};

export const CONCEPT_OF: ReadonlyMap<string, string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [concept, stems] of Object.entries(CONCEPTS)) {
    for (const word of stems) map.set(word, [...(map.get(word) ?? []), concept]);
  }
  return map;
})();

/**
 * Two-word terms read as one word, because neither word alone means what they do: a
 * "restore point" is made, not restored to. Keys are the two lower-cased words.
 */
export const COMPOUNDS: ReadonlyMap<string, string> = new Map([
  ['restore point', 'restorepoint'], ['save point', 'savepoint'], ['safe point', 'savepoint'], ['roll back', 'rollback'], ['clean up', 'cleanup'], ['look up', 'lookup'],
]);

/** Spellings folded before stemming: British/American, contractions, common shorthands. */
export const SPELLINGS: ReadonlyMap<string, string> = new Map([
  ['analyse', 'analyze'], ['analysed', 'analyzed'], ['analysing', 'analyzing'], ['summarise', 'summarize'], ['summarised', 'summarized'],
  ['visualise', 'visualize'], ['behaviour', 'behavior'], ['repos', 'repo'], ['md', 'markdown'], ['cfg', 'config'], ['conf', 'config'],
  ['creds', 'credentials'], ['pwd', 'password'], ['pw', 'password'], ['deps', 'dependencies'], ['wf', 'workflow'], ['sess', 'session'],
  ['whats', 'what'], ['wheres', 'where'], ['hows', 'how'], ['im', 'i'], ['ive', 'i'], ['dont', 'not'], ['didnt', 'not'], ['isnt', 'not'],
]);

/** A small Porter-style stemmer: enough to fold plurals, tenses and -ing forms. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:xes|ches|shes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}
