import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { LoomError } from '@loomkit/kernel';
import picomatch from 'picomatch';
import type { SecurityConfig } from '../schema.js';

/** Credentials stores and dotenv files: denied unless the user allows them by name. */
export const DEFAULT_DENIED_PATHS = [
  '~/.ssh/**',
  '~/.aws/**',
  '~/.gnupg/**',
  '~/.config/gcloud/**',
  '~/.azure/**',
  '~/.kube/**',
  '~/.docker/config.json',
  '~/.netrc',
  '~/.npmrc',
  '~/.pypirc',
  '~/.password-store/**',
  '~/Library/Keychains/**',
  '~/.local/share/keyrings/**',
  '**/*.keychain',
  '**/*.keychain-db',
  '**/.env',
  '**/.env.*',
  '**/*.pem',
  '**/id_rsa',
  '**/id_ed25519',
] as const;

/** Templates that document variables rather than hold them. */
const ENV_TEMPLATES = ['**/.env.example', '**/.env.sample', '**/.env.template', '**/.env.dist'];

/** Programs no plugin may run, whatever it asks. */
export const DEFAULT_DENIED_COMMANDS = ['sudo *', 'su *', 'rm -rf /*', 'rm -rf ~*', 'mkfs*', 'dd *', '* | sh', '* | bash', 'curl * | *', 'wget * | *', 'chmod -R 777 *'] as const;

export interface PathDecision {
  allowed: boolean;
  reason: string;
}

export interface PolicySummary {
  projectRoot: string;
  allowPaths: string[];
  deniedPaths: string[];
  allowCommands: string[];
  deniedCommands: string[];
  maxInputBytes: number;
}

export interface Policy {
  decidePath(path: string): PathDecision;
  /** Throws POLICY_PATH_DENIED naming the rule; returns the resolved path when allowed. */
  checkPath(path: string): string;
  decideCommand(command: string): PathDecision;
  checkCommand(command: string): void;
  checkSize(bytes: number, what: string): void;
  summary(): PolicySummary;
}

const expandHome = (pattern: string, home: string) => (pattern.startsWith('~/') ? `${home}/${pattern.slice(2)}` : pattern);

/**
 * Paths are confined to the project root (symlinks resolved first, so a link cannot
 * lead out); credentials stores are denied even inside it; commands go through an
 * allow/deny list; inputs have a size cap.
 */
export function createPolicy(config: SecurityConfig['policy'], projectRoot: string, home = homedir()): Policy {
  const root = realpathOr(projectRoot);
  const deniedPaths = [...DEFAULT_DENIED_PATHS, ...config.denyPaths];
  const matcher = (patterns: readonly string[]) => picomatch(patterns.map((p) => expandHome(p, home)), { dot: true });
  const isDenied = matcher(deniedPaths);
  const isTemplate = matcher(ENV_TEMPLATES);
  const isAllowedOutside = matcher(config.allowPaths);
  const deniedCommands = [...DEFAULT_DENIED_COMMANDS, ...config.denyCommands];
  const commandDenied = picomatch(deniedCommands, { dot: true, bash: true });
  const commandAllowed = config.allowCommands.length > 0 ? picomatch(config.allowCommands, { dot: true, bash: true }) : () => true;

  const decidePath = (path: string): PathDecision => {
    const absolute = realpathOr(isAbsolute(path) ? path : resolve(root, path));
    const posix = absolute.split(sep).join('/');
    if (isDenied(posix) && !isTemplate(posix)) {
      return { allowed: false, reason: `${path} is a credentials or secrets file (denied by default)` };
    }
    const inside = absolute === root || !relative(root, absolute).startsWith('..');
    if (inside) return { allowed: true, reason: 'inside the project' };
    if (isAllowedOutside(posix)) return { allowed: true, reason: 'allowed by security.policy.allowPaths' };
    return { allowed: false, reason: `${path} is outside the project ${root}` };
  };

  const decideCommand = (command: string): PathDecision => {
    const trimmed = command.trim().replace(/\s+/g, ' ');
    if (commandDenied(trimmed)) return { allowed: false, reason: `"${trimmed}" matches a denied command` };
    if (!commandAllowed(trimmed)) return { allowed: false, reason: `"${trimmed}" is not in security.policy.allowCommands` };
    return { allowed: true, reason: 'allowed' };
  };

  return {
    decidePath,
    checkPath(path) {
      const decision = decidePath(path);
      if (!decision.allowed) {
        throw new LoomError('POLICY_PATH_DENIED', decision.reason, {
          hint: 'allow it with `loom config set security.policy.allowPaths \'["<glob>"]\'` if you are sure',
        });
      }
      return realpathOr(isAbsolute(path) ? path : resolve(root, path));
    },
    decideCommand,
    checkCommand(command) {
      const decision = decideCommand(command);
      if (!decision.allowed) {
        throw new LoomError('POLICY_COMMAND_DENIED', decision.reason, { hint: 'see `loom security policy`; change security.policy.allowCommands/denyCommands' });
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
      deniedPaths: [...deniedPaths],
      allowCommands: [...config.allowCommands],
      deniedCommands: [...deniedCommands],
      maxInputBytes: config.maxInputBytes,
    }),
  };
}

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
      return join(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return absolute;
      rest.push(basename(current));
      current = parent;
    }
  }
}
