import { posix } from 'node:path';
import picomatch from 'picomatch';
import { parseCommandLine, ShellSyntaxError, type ParsedLine, type SimpleCommand } from './shell.js';

/** A policy answer: allowed or not, the rule that decided, and why in words. */
export interface Decision {
  allowed: boolean;
  rule: string;
  reason: string;
}

export interface CommandRules {
  allowCommands: readonly string[];
  denyCommands: readonly string[];
}

/** The built-in command rules, by id, for `loom security policy`. */
export const COMMAND_RULES = {
  'privilege-escalation': 'sudo, su, doas, pkexec and runas are never run',
  'recursive-delete-root': 'rm -r of /, ~, ., *, a top-level folder, or a path only known at run time',
  'disk-destroy': 'mkfs, dd, shred, wipefs, fdisk and friends write raw disks',
  'power': 'shutdown, reboot, halt, poweroff',
  'pipe-to-shell': 'a shell or interpreter reading its program from a pipe or a download (curl … | sh)',
  'world-writable': 'chmod -R 777, or chmod/chown of /',
  'fork-bomb': 'a function that calls itself (:(){ :|:& };:)',
  'system-write': 'redirecting output to a device, /etc, /boot, ~/.ssh or a shell start-up file',
  'network-shell': 'redirects to /dev/tcp or /dev/udp, and nc/ncat -e (reverse shells)',
  'kill-all': 'kill -1 or killall5 (every process)',
  'dynamic-command': 'a program name or eval text only known at run time ($CMD, $(…))',
  'unparseable': 'a line bash would not run',
} as const;

export type CommandRuleId = keyof typeof COMMAND_RULES;

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'csh', 'tcsh', 'busybox']);
const INTERPRETERS = new Set([...SHELLS, 'python', 'python2', 'python3', 'node', 'perl', 'ruby', 'php', 'lua', 'deno', 'bun']);
/** Programs that run their arguments as another command. */
const WRAPPERS = new Set(['env', 'command', 'exec', 'nohup', 'time', 'nice', 'ionice', 'timeout', 'xargs', 'builtin', 'stdbuf', 'setsid', 'chroot', 'watch', 'strace', 'unbuffer']);
const ESCALATION = new Set(['sudo', 'su', 'doas', 'pkexec', 'runas', 'run0']);
const DISK = new Set(['dd', 'shred', 'wipefs', 'fdisk', 'sfdisk', 'parted', 'gdisk', 'sgdisk', 'blkdiscard', 'hdparm']);
const POWER = new Set(['shutdown', 'reboot', 'halt', 'poweroff']);
const SYSTEM_TARGETS = picomatch(['/dev/sd*', '/dev/nvme*', '/dev/hd*', '/dev/vd*', '/dev/xvd*', '/dev/disk*', '/dev/mmcblk*', '/dev/mem', '/dev/kmem', '/etc/**', '/boot/**', '~/.ssh/**', '~/.bashrc', '~/.bash_profile', '~/.profile', '~/.zshrc', '~/.zprofile', '~/.config/fish/**', '$HOME/**'], { dot: true });

const program = (word: string | undefined) => (word === undefined ? undefined : posix.basename(word));
const deny = (rule: CommandRuleId, command: string): Decision => ({ allowed: false, rule, reason: `${COMMAND_RULES[rule]}: \`${command}\`` });

/** Flags of a command as single letters and long names: `-fr` → f, r. */
function flags(args: Array<string | undefined>): Set<string> {
  const found = new Set<string>();
  for (const arg of args) {
    if (arg === undefined || !arg.startsWith('-') || arg === '-' || arg === '--') continue;
    if (arg.startsWith('--')) found.add(arg.slice(2).split('=')[0]!);
    else for (const letter of arg.slice(1)) found.add(letter);
  }
  return found;
}

/** The command a wrapper runs: `env -i FOO=1 nice -n 5 rm -rf /` → `rm -rf /`. */
function unwrap(words: Array<string | undefined>): Array<string | undefined> {
  let rest = words;
  for (;;) {
    const name = program(rest[0]);
    if (name === undefined || !WRAPPERS.has(name)) return rest;
    rest = rest.slice(1);
    // Skip the wrapper's own options, assignments and numeric arguments (nice -n 5, timeout 10).
    while (rest.length > 1 && (rest[0] === undefined ? false : /^(-|[A-Za-z_][A-Za-z0-9_]*=|\d+[smhd]?$)/.test(rest[0]))) {
      const option = rest[0]!;
      rest = rest.slice(/^-(n|u|s|c|p|k|I|L|P|E|d|t|C|-signal|-kill-after|-unset|-chdir)$/.test(option) && rest.length > 2 ? 2 : 1);
    }
  }
}

/** `/`, `~`, `.`, `*`, `/etc`, `/usr/*`, `$HOME`…: targets whose recursive delete loses a system or a home. */
const ROOTISH = /^(\/\*?|~(\/\*)?|\.\.?(\/\*)?|\*|\/[^/]+(\/\*)?)$/;
const isRootish = (target: string | undefined) => target === undefined || ROOTISH.test(target.replace(/(.)\/+$/, '$1'));

/** The built-in rules for one simple command, or undefined when none objects. */
function checkSimple(command: SimpleCommand, pipedInto: boolean): Decision | undefined {
  const words = unwrap(command.words);
  if (words.length === 0) return undefined;
  const name = program(words[0]);
  if (name === undefined) return deny('dynamic-command', command.text);
  const args = words.slice(1);
  const options = flags(args);
  const operands = args.filter((arg) => arg === undefined || !arg.startsWith('-'));
  if (ESCALATION.has(name)) return deny('privilege-escalation', command.text);
  if (name === 'rm' && (options.has('r') || options.has('R') || options.has('recursive'))) {
    if (options.has('no-preserve-root') || operands.some(isRootish)) return deny('recursive-delete-root', command.text);
  }
  if (name.startsWith('mkfs') || DISK.has(name)) return deny('disk-destroy', command.text);
  if (POWER.has(name) || (name === 'init' && ['0', '6'].includes(args[0] ?? '')) || (name === 'systemctl' && ['poweroff', 'reboot', 'halt', 'kexec'].includes(args[0] ?? ''))) {
    return deny('power', command.text);
  }
  if ((name === 'chmod' || name === 'chown' || name === 'chgrp') && ((options.has('R') && args.some((arg) => arg !== undefined && /^0?777$|a\+rwx|o\+w/.test(arg))) || operands.slice(1).some((arg) => arg === '/'))) {
    return deny('world-writable', command.text);
  }
  if (INTERPRETERS.has(name.replace(/[\d.]+$/, '')) || INTERPRETERS.has(name)) {
    const script = args.find((arg) => arg === undefined || !arg.startsWith('-'));
    const fromStdin = script === undefined || script === '-' || options.has('s');
    if ((pipedInto && fromStdin && !options.has('c')) || command.substitutions.length > 0) return deny('pipe-to-shell', command.text);
  }
  if ((name === 'nc' || name === 'ncat' || name === 'netcat') && (options.has('e') || options.has('c') || options.has('exec'))) return deny('network-shell', command.text);
  if ((name === 'kill' && args.includes('-1') && args.length >= 2 && args.at(-1) === '-1') || name === 'killall5') return deny('kill-all', command.text);
  if (name === 'eval' && args.some((arg) => arg === undefined)) return deny('dynamic-command', command.text);
  return undefined;
}

/** The text a shell or eval runs, to be checked as a line of its own. */
function innerLine(command: SimpleCommand): string | undefined {
  const words = unwrap(command.words);
  const name = program(words[0]);
  if (name === 'eval') return words.slice(1).join(' ');
  if (name !== undefined && SHELLS.has(name)) {
    const at = words.findIndex((word, index) => index > 0 && word !== undefined && /^-[a-z]*c[a-z]*$/.test(word));
    if (at > 0) return words[at + 1];
  }
  return undefined;
}

type Lists = (command: SimpleCommand) => Decision | undefined;

function checkParsed(parsed: ParsedLine, lists: Lists, depth: number): Decision | undefined {
  if (parsed.recursiveFunctions.length > 0) return deny('fork-bomb', `${parsed.recursiveFunctions[0]}()`);
  for (const { op, target } of parsed.redirections) {
    if (!op.includes('>')) continue;
    if (target !== undefined && /^\/dev\/(tcp|udp)\//.test(target)) return deny('network-shell', `${op} ${target}`);
    if (target !== undefined && SYSTEM_TARGETS(target)) return deny('system-write', `${op} ${target}`);
  }
  for (const command of parsed.commands) {
    const found = checkSimple(command, command.piped) ?? lists(command);
    if (found) return found;
    const inner = innerLine(command);
    if (inner !== undefined) {
      const nested = decideLine(inner, lists, depth + 1);
      if (!nested.allowed) return nested;
    }
  }
  return undefined;
}

function decideLine(line: string, lists: Lists, depth: number): Decision {
  // `sh -c "sh -c \"…\""` nested past any honest use is refused rather than followed for ever.
  if (depth > 4) return { allowed: false, rule: 'dynamic-command', reason: `${COMMAND_RULES['dynamic-command']}: shells nested more than 4 deep` };
  let parsed: ParsedLine;
  try {
    parsed = parseCommandLine(line);
  } catch (error) {
    if (error instanceof ShellSyntaxError) return { allowed: false, rule: 'unparseable', reason: `${COMMAND_RULES.unparseable}: ${error.message}` };
    throw error;
  }
  return checkParsed(parsed, lists, depth) ?? { allowed: true, rule: 'allowed', reason: `${parsed.commands.length} command(s), none denied` };
}

/**
 * Decides a whole command line: every simple command in it (after `;`, `&&`, `|`, in
 * subshells, substitutions, `sh -c` and `eval` text) must pass the built-in rules, the
 * user's denyCommands and, when set, allowCommands.
 */
export function createCommandPolicy(rules: CommandRules): (line: string) => Decision {
  const denied = rules.denyCommands.length > 0 ? picomatch([...rules.denyCommands], { dot: true, bash: true }) : () => false;
  const allowed = rules.allowCommands.length > 0 ? picomatch([...rules.allowCommands], { dot: true, bash: true }) : () => true;
  const lists: Lists = (command) => {
    if (command.words.length === 0) return undefined;
    const text = command.words.map((word) => word ?? '$?').join(' ');
    if (denied(text)) return { allowed: false, rule: 'denyCommands', reason: `\`${text}\` matches security.policy.denyCommands` };
    if (!allowed(text)) return { allowed: false, rule: 'allowCommands', reason: `\`${text}\` is not in security.policy.allowCommands` };
    return undefined;
  };
  return (line) => decideLine(line, lists, 0);
}
