import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { climbsOut } from '@loomkit/kernel/early';
import { LoomError } from '@loomkit/kernel/errors';
import picomatch from 'picomatch';
import type { SecurityConfig } from '../schema.js';
import { COMMAND_RULES, createCommandPolicy, type Decision } from './commands.js';

/**
 * Credentials stores and secrets files: denied wherever they are (inside the project, in
 * a folder named on the command line, behind a symlink), unless
 * security.policy.allowCredentials names them — best given for one run with --set.
 */
export const DEFAULT_DENIED_PATHS = [
  '~/.ssh/**',
  '~/.aws/**',
  '~/.gnupg/**',
  '~/.config/gcloud/**',
  '~/.config/gh/**',
  '~/.azure/**',
  '~/.kube/**',
  '~/.docker/config.json',
  '~/.netrc',
  '~/.npmrc',
  '~/.pypirc',
  '~/.pgpass',
  '~/.git-credentials',
  '~/.password-store/**',
  '~/Library/Keychains/**',
  '~/.local/share/keyrings/**',
  '/etc/shadow',
  '/etc/gshadow',
  '/etc/sudoers',
  '/etc/ssh/*_key',
  '**/*.keychain',
  '**/*.keychain-db',
  '**/.netrc',
  '**/.env',
  '**/.env.*',
  '**/*.pem',
  '**/id_rsa',
  '**/id_dsa',
  '**/id_ecdsa',
  '**/id_ed25519',
] as const;

/** Templates that document variables rather than hold them. */
const ENV_TEMPLATES = ['**/.env.example', '**/.env.sample', '**/.env.template', '**/.env.dist'];

export type PathDecision = Decision;

export interface PolicySummary {
  projectRoot: string;
  allowPaths: string[];
  allowCredentials: string[];
  deniedPaths: string[];
  allowCommands: string[];
  deniedCommands: string[];
  commandRules: Record<string, string>;
  maxInputBytes: number;
}

export interface PathOptions {
  /**
   * The folder reads are confined to: the project root by default, or a folder the user
   * named on the command line (naming it is consent to read it, not what it links to).
   */
  root?: string;
}

export interface Policy {
  decidePath(path: string, options?: PathOptions): Decision;
  /**
   * decidePath for many paths checked at once (a walk of a folder): each folder's real path is
   * resolved once for the returned function, and a file that is no symlink costs one lstat —
   * none when the caller has just lstat'd it and says so (`plain`: it exists and is no symlink),
   * and no folder lookup either when the caller reached its folder from a real one without
   * going through a link (`realFolder`: the folder is its own real path, as in a walk that does
   * not follow links). Drop the function after the batch: a folder swapped for a link later is
   * not seen by it.
   */
  pathDecider(options?: PathOptions): (path: string, plain?: boolean, realFolder?: boolean) => Decision;
  /** Throws POLICY_PATH_DENIED naming the rule and how to override it; returns the resolved path when allowed. */
  checkPath(path: string, options?: PathOptions): string;
  decideCommand(command: string): Decision;
  checkCommand(command: string): void;
  checkSize(bytes: number, what: string): void;
  summary(): PolicySummary;
}

const expandHome = (pattern: string, home: string) => (pattern === '~' ? home : pattern.startsWith('~/') ? `${home}/${pattern.slice(2)}` : pattern);

/**
 * Paths are confined to the project root (symlinks resolved first, so a link cannot
 * lead out); credentials stores are denied wherever they are; every command in a
 * command line passes the built-in rules and the allow/deny lists; inputs have a size cap.
 */
export function createPolicy(config: SecurityConfig['policy'], projectRoot: string, home = homedir()): Policy {
  const root = realpathOr(projectRoot);
  const deniedPaths = [...DEFAULT_DENIED_PATHS, ...config.denyPaths];
  const matcher = (patterns: readonly string[]) => picomatch(patterns.map((p) => expandHome(p, home)), { dot: true });
  const deniedBy = deniedPaths.map((pattern) => ({ pattern, test: matcher([pattern]), under: literalBase(expandHome(pattern, home)), name: nameGlob(pattern) }));
  const isTemplate = matcher(ENV_TEMPLATES);
  const isAllowedOutside = matcher(config.allowPaths);
  const isAllowedCredential = matcher(config.allowCredentials);
  const decideCommand = createCommandPolicy(config);

  const decideWith = (real: (path: string) => string, path: string, options: PathOptions, base = options.root === undefined ? root : real(options.root)): Decision => {
    const absolute = real(isAbsolute(path) ? path : resolve(base, path));
    const posix = sep === '/' ? absolute : absolute.split(sep).join('/');
    // Patterns with a literal folder are tried only on paths in it, `**/<name>` ones on the name alone; templates are looked at
    // only when denied (a walk's 30k files).
    const name = posix.slice(posix.lastIndexOf('/') + 1);
    const found = deniedBy.find(({ test, under, name: nameTest }) => (nameTest ? nameTest(name) : (under === undefined || posix === under || posix.startsWith(`${under}/`)) && test(posix)));
    const denied = found === undefined || isTemplate(posix) ? undefined : found;
    if (denied && !isAllowedCredential(posix)) {
      return { allowed: false, rule: `deny:${denied.pattern}`, reason: `${path} is a credentials or secrets file (${denied.pattern}), never read for Claude` };
    }
    if (denied) return { allowed: true, rule: 'allowCredentials', reason: 'allowed by security.policy.allowCredentials' };
    // relative() of a normalized path below the folder is its tail: taken without normalizing both again (a walk's 30k files).
    const tail = absolute.startsWith(`${base}${sep}`) ? absolute.slice(base.length + 1) : relative(base, absolute);
    const inside = absolute === base || !climbsOut(tail);
    if (inside) return { allowed: true, rule: options.root === undefined ? 'project' : 'named-folder', reason: options.root === undefined ? 'inside the project' : `inside ${base}, the folder named` };
    if (isAllowedOutside(posix)) return { allowed: true, rule: 'allowPaths', reason: 'allowed by security.policy.allowPaths' };
    return { allowed: false, rule: 'outside', reason: `${path} resolves to ${absolute}, outside ${options.root === undefined ? 'the project' : 'the folder named'} ${base}` };
  };
  const decidePath = (path: string, options: PathOptions = {}): Decision => decideWith(realpathOr, path, options);

  return {
    decidePath,
    pathDecider(options = {}) {
      const real = batchRealpath();
      // The named folder's real path once for the batch, not once a file (an lstat each).
      const base = options.root === undefined ? root : realpathOr(options.root);
      const own = (candidate: string) => (isNormalAbsolute(candidate) ? candidate : resolve(candidate));
      return (path, plain = false, realFolder = false) => decideWith((candidate) => (candidate === path && plain && realFolder ? own(candidate) : real(candidate, plain && candidate === path)), path, options, base);
    },
    checkPath(path, options) {
      const decision = decidePath(path, options);
      if (!decision.allowed) {
        const absolute = realpathOr(isAbsolute(path) ? path : resolve(options?.root ?? root, path));
        const key = decision.rule === 'outside' ? 'allowPaths' : 'allowCredentials';
        throw new LoomError('POLICY_PATH_DENIED', decision.reason, {
          hint: `to read it for this run only, add --set 'security.policy.${key}=${JSON.stringify([absolute])}'`,
        });
      }
      return realpathOr(isAbsolute(path) ? path : resolve(options?.root ?? root, path));
    },
    decideCommand,
    checkCommand(command) {
      const decision = decideCommand(command);
      if (!decision.allowed) {
        throw new LoomError('POLICY_COMMAND_DENIED', `${decision.reason} (rule ${decision.rule})`, { hint: 'see `loom security policy`; check a line with `loom security policy check --command "…"`' });
      }
    },
    checkSize(bytes, what) {
      if (bytes > config.maxInputBytes) {
        throw new LoomError('POLICY_INPUT_TOO_LARGE', `${what} is ${bytes} bytes, over the ${config.maxInputBytes}-byte limit`, {
          hint: 'raise security.policy.maxInputBytes, or pass a smaller input',
        });
      }
    },
    summary: () => ({
      projectRoot: root,
      allowPaths: [...config.allowPaths],
      allowCredentials: [...config.allowCredentials],
      deniedPaths: [...deniedPaths],
      allowCommands: [...config.allowCommands],
      deniedCommands: [...config.denyCommands],
      commandRules: { ...COMMAND_RULES },
      maxInputBytes: config.maxInputBytes,
    }),
  };
}

/**
 * For `**\/<glob of a name>` (most of the deny list), a test of a path's last part that
 * agrees with the whole glob on every normalized absolute path: a short string instead of a
 * regex that tries each folder boundary of a long one. Undefined for any other glob.
 */
function nameGlob(pattern: string): ((name: string) => boolean) | undefined {
  if (!/^\*\*\/[^/]+$/.test(pattern)) return undefined;
  // The glob's regex, not picomatch's matcher: that makes a result object a call (16 globs × a walk's 30k files).
  const regex = picomatch.makeRe(pattern.slice(3), { dot: true });
  return (name) => regex.test(name);
}

/** An absolute POSIX path that `resolve` returns as it is: no empty, `.` or `..` part and no trailing slash. */
const isNormalAbsolute = (path: string): boolean => sep === '/' && path.startsWith('/') && !/\/\/|\/\.\.?(?:\/|$)|.\/$/.test(path);

/**
 * The folder (or file) every path a glob matches is in or is, when the glob starts with a plain
 * one (`/home/me/.ssh/**` → `/home/me/.ssh`); undefined when it does not (`**\/*.pem`) or the
 * base holds an escape or a glob character, whose literal text a path need not contain.
 */
function literalBase(pattern: string): string | undefined {
  const { base } = picomatch.scan(pattern);
  return base === '' || base.endsWith('/') || /[\\*?[\]{}()!+@]/.test(base) ? undefined : base;
}

/**
 * realpathOr for a batch of paths: the real path of each folder that exists is remembered, so a
 * path whose last part is no symlink is its folder's real path plus its name (one lstat). A
 * folder is found the same way from its parent's: a deep tree's folders cost an lstat each,
 * where realpath(3) would look at every part of every one of them again.
 */
function batchRealpath(): (path: string, plain: boolean) => string {
  const folders = new Map<string, string | undefined>();
  const realFolder = (folder: string): string | undefined => {
    if (!folders.has(folder)) {
      const parent = dirname(folder);
      const realParent = parent === folder ? undefined : realFolder(parent);
      folders.set(folder, realParent !== undefined && isPlainFolder(folder) ? join(realParent, basename(folder)) : realpathOrUndefined(folder));
    }
    return folders.get(folder);
  };
  return (path, plain) => {
    const absolute = resolve(path);
    const folder = dirname(absolute);
    if (folder === absolute || !(plain || isPlainEntry(absolute))) return realpathOr(absolute);
    const real = realFolder(folder);
    return real === undefined ? realpathOr(absolute) : join(real, basename(absolute));
  };
}

/** realpath(3) of `path`, undefined when it does not exist. */
function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/** The lstat of `path`, undefined when there is none to be had. */
function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** Whether `path` is a folder itself, not a symlink to one. */
const isPlainFolder = (path: string): boolean => lstatOrUndefined(path)?.isDirectory() === true;

/** Whether `path` exists and is no symlink. */
const isPlainEntry = (path: string): boolean => lstatOrUndefined(path)?.isSymbolicLink() === false;

/**
 * The real path, resolving symlinks in the deepest part that exists: a path that does
 * not exist yet under a linked folder still resolves to where the link points.
 */
function realpathOr(path: string): string {
  const absolute = resolve(path);
  const rest: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      // One realpath(3) call: the JavaScript realpathSync lstats every component of the path
      // (most of a warm `query mega`'s walk), and reads the shared stat buffer (see statSyncSafe).
      return join(realpathSync.native(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return absolute;
      rest.push(basename(current));
      current = parent;
    }
  }
}
