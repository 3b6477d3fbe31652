import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { STOPWORDS } from '../features/index.js';
import type { CommandSpec, RouteEntry } from '../types.js';

export interface Extraction {
  args: Record<string, string | boolean>;
  argv: string[];
  missing: Array<{ name: string; description: string }>;
}

type Kind = 'text' | 'path' | 'number' | 'duration' | 'name';

// An argument's kind comes from its name and its description in the route or oclif
// manifest, never from the command: "how many…" is a number whoever declares it.
function kindOf(name: string, description: string): Kind {
  const both = `${name} ${description}`.toLowerCase();
  if (/\b(question|text|note|message|instructions|prompt|words to)\b/.test(both) && !/\bname\b/.test(name)) return 'text';
  if (/\b(paths?|files?|folders?|dir|directory)\b/.test(both)) return 'path';
  if (/\b(e\.g\. \d+[a-z]|duration|older|since|idle)\b/.test(both)) return 'duration';
  if (/\b(how many|number of|count|budget|limit|tokens|keep)\b/.test(both)) return 'number';
  return 'name';
}

/** Spelled-out names of option values: the user says "markdown", the flag takes `md`. */
const OPTION_ALIASES: Record<string, string[]> = {
  md: ['markdown', 'md'],
  json: ['json'],
  yaml: ['yaml', 'yml'],
  sarif: ['sarif'],
  text: ['text', 'plain text', 'plain'],
  html: ['html', 'web page'],
  csv: ['csv', 'spreadsheet'],
  'claude-code': ['claude code', 'claude-code'],
  // Periods: "a daily budget" is `--per day`.
  hour: ['hour', 'hourly'],
  day: ['day', 'daily'],
  week: ['week', 'weekly'],
  month: ['month', 'monthly'],
  year: ['year', 'yearly', 'annual'],
};

const DURATION = /\b(\d+)\s*(minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|w|months?|mo|years?|y)\b/i;
const UNIT: Array<[RegExp, string]> = [[/^(minutes?|mins?)$/i, 'min'], [/^(hours?|hrs?|h)$/i, 'h'], [/^(days?|d)$/i, 'd'], [/^(weeks?|w)$/i, 'w'], [/^(months?|mo)$/i, 'mo'], [/^(years?|y)$/i, 'y']];
const NUMBER = /\b\d+\b/;
const QUOTED = /"([^"]+)"|“([^”]+)”|'([^']{2,})'(?=\s|$|[.,;:!?])|`([^`]+)`/g;
const NAMING = /^(called|named|to|as|name|session|checkpoint|id|pin|plugin)$/i;

interface Candidate {
  value: string;
  /** The word before it: "called X" makes X a name for sure. */
  after: string;
}

/**
 * Fills a route's arguments from the request: quoted text, paths that exist (spaces
 * allowed), option values and their aliases, durations, numbers, and ids, id prefixes and
 * names. Each piece of the request fills one argument at most.
 */
export function extractArgs(text: string, route: Pick<RouteEntry, 'args'>, declared: CommandSpec, cwd: string): Extraction {
  const spec = effectiveSpec(route, declared);
  let rest = text;
  const used = (value: string) => {
    rest = rest.replace(value, ' ');
  };
  const quoted = [...text.matchAll(QUOTED)].map((match) => match.slice(1).find((group) => group !== undefined)!);
  const args: Record<string, string | boolean> = {};
  const describe = (name: string, fallback: string) => route.args[name] ?? fallback;

  const flags = spec.flags.filter((flag) => flag.name !== 'json' && flag.name !== 'yes' && (flag.name in route.args || flag.required));
  for (const flag of flags) {
    const description = describe(flag.name, flag.description);
    if (flag.options) {
      const value = optionIn(rest, flag.options);
      if (value) {
        args[flag.name] = value.option;
        used(value.said);
      }
    } else if (flag.boolean) {
      if (booleanSaid(rest, flag.name, description)) args[flag.name] = true;
    }
  }

  const valued = [...spec.args.map((arg) => ({ ...arg, positional: true })), ...flags.filter((flag) => !flag.boolean && !flag.options).map((flag) => ({ ...flag, positional: false }))]
    .filter((arg) => arg.name in route.args || arg.required)
    .map((arg) => ({ ...arg, kind: kindOf(arg.name, describe(arg.name, arg.description)) }));

  for (const arg of valued.filter((arg) => arg.kind === 'duration')) {
    const match = DURATION.exec(rest);
    if (!match) continue;
    args[arg.name] = `${match[1]}${UNIT.find(([unit]) => unit.test(match[2]!))![1]}`;
    used(match[0]);
  }
  for (const arg of valued.filter((arg) => arg.kind === 'path')) {
    const path = pathIn(rest, quoted, cwd);
    if (path) {
      args[arg.name] = path.path;
      used(path.said);
    }
  }
  for (const arg of valued.filter((arg) => arg.kind === 'number')) {
    const match = NUMBER.exec(rest);
    if (!match) continue;
    args[arg.name] = match[0];
    used(match[0]);
  }
  const names = nameCandidates(rest);
  const nameArgs = valued.filter((arg) => arg.kind === 'name');
  // "rename … to auth-fix": a candidate after a naming word goes to an argument about names first.
  for (const arg of nameArgs.filter((arg) => (/name/i.test(arg.name) || /\bnew name\b/i.test(describe(arg.name, arg.description))) && nameArgs.length > 1)) {
    const at = names.findIndex((candidate) => /^(called|named|to|as)$/i.test(candidate.after));
    if (at >= 0) args[arg.name] = names.splice(at, 1)[0]!.value;
  }
  for (const arg of nameArgs) {
    if (args[arg.name] !== undefined) continue;
    const next = names.shift();
    if (next) args[arg.name] = next.value;
  }
  for (const arg of valued.filter((arg) => arg.kind === 'text')) {
    args[arg.name] = quoted[0] ?? afterColon(text) ?? text.trim();
  }

  const missing = [...spec.args, ...spec.flags]
    .filter((arg) => arg.required && args[arg.name] === undefined)
    .map((arg) => ({ name: arg.name, description: describe(arg.name, arg.description) }));
  return { args, argv: toArgv(args, spec), missing };
}

/**
 * A command that is not strict reads the words it does not declare itself (`query`'s
 * question): the route's other arguments become positionals, in the route's order.
 */
export function effectiveSpec(route: Pick<RouteEntry, 'args'>, spec: CommandSpec): CommandSpec {
  if (spec.strict !== false) return spec;
  const declared = new Set([...spec.args, ...spec.flags].map((arg) => arg.name));
  const extra = Object.entries(route.args)
    .filter(([name]) => !declared.has(name))
    .map(([name, description]) => ({ name, required: false, description }));
  return { ...spec, args: [...spec.args, ...extra] };
}

/** The argv oclif parses back into these args: positionals in order, then flags. */
export function toArgv(args: Record<string, string | boolean>, spec: CommandSpec): string[] {
  const argv: string[] = [];
  for (const arg of spec.args) {
    const value = args[arg.name];
    if (typeof value !== 'string') break;
    argv.push(value);
  }
  for (const flag of spec.flags) {
    const value = args[flag.name];
    if (value === true) argv.push(`--${flag.name}`);
    else if (typeof value === 'string') argv.push(`--${flag.name}`, value);
  }
  return argv;
}

function optionIn(text: string, options: readonly string[]): { option: string; said: string } | undefined {
  const lower = text.toLowerCase();
  for (const option of options) {
    for (const said of OPTION_ALIASES[option] ?? [option]) {
      const match = compiled(`(?<![\\w-])${escape(said)}(?![\\w-])`).exec(lower);
      if (match) return { option, said: text.slice(match.index, match.index + said.length) };
    }
  }
  return undefined;
}

function booleanSaid(text: string, name: string, description: string): boolean {
  const lower = text.toLowerCase();
  if (/^(dry-run|preview)$/.test(name) && /\b(dry[- ]?run|preview|what would|without (doing|changing|running))\b/.test(lower)) return true;
  const words = name.split('-').filter((word) => word.length > 2);
  if (words.length > 0 && words.every((word) => compiled(`\\b${escape(word.replace(/s$/, ''))}`).test(lower))) return true;
  const verb = /^(also )?(\w+)/i.exec(description)?.[2];
  return verb !== undefined && verb.length > 4 && !STOPWORDS.has(verb) && compiled(`\\b${escape(verb)}\\b`).test(lower) && words.length === 0;
}

/** The longest run of words (or a quoted string) naming a file or folder that exists. */
function pathIn(text: string, quoted: readonly string[], cwd: string): { path: string; said: string } | undefined {
  // A relative span can only exist if its first component is an entry of cwd: one listing
  // answers most spans without a stat each (where names are case-sensitive).
  let entries: Set<string> | undefined;
  const listed = (first: string) => {
    if (!CASE_SENSITIVE) return true;
    try {
      entries ??= new Set(readdirSync(cwd));
    } catch {
      return true;
    }
    return entries.has(first);
  };
  const exists = (candidate: string) => {
    const expanded = candidate.startsWith('~/') ? `${homedir()}${candidate.slice(1)}` : candidate;
    if (!isAbsolute(expanded) && !/^\.\.?([/\\]|$)/.test(expanded) && !listed(expanded.split(/[/\\]/)[0]!)) return false;
    return existsSync(isAbsolute(expanded) ? expanded : resolve(cwd, expanded));
  };
  for (const value of quoted) if (exists(value)) return { path: value, said: value };
  const tokens = text.split(/\s+/).filter(Boolean).map((token) => token.replace(/[,;:!?]+$|^["'`]|["'`]$/g, ''));
  // A span of several words is a path only if one of them looks like one: checked per
  // word once, so most spans are skipped before any string is joined or any stat made.
  const pathish = tokens.map((token) => /[/.~\\]/.test(token));
  for (let length = Math.min(6, tokens.length); length >= 1; length--) {
    for (let at = 0; at + length <= tokens.length; at++) {
      if (length > 1 && !pathish.slice(at, at + length).includes(true)) continue;
      const span = length === 1 ? tokens[at]! : tokens.slice(at, at + length).join(' ');
      if (STOPWORDS.has(span.toLowerCase()) || span.length < 2) continue;
      // A bare word is a path only when it cannot be an ordinary word of the request.
      if (length === 1 && !/[/.~\\]/.test(span) && (!/^[a-z0-9_-]+$/i.test(span) || COMMON_WORD.test(span))) continue;
      if (exists(span)) return { path: span, said: span };
    }
  }
  return undefined;
}

/** macOS and Windows file systems ignore case: there a listing cannot rule a name out. */
const CASE_SENSITIVE = process.platform !== 'darwin' && process.platform !== 'win32';

const COMMON_WORD = /^(the|this|that|code|project|repo|file|files|folder|test|tests|docs?|my|all|here|session|data|config)$/i;

function nameCandidates(text: string): Candidate[] {
  const candidates: Candidate[] = [];
  const tokens = text.split(/\s+/).filter(Boolean);
  tokens.forEach((token, at) => {
    const value = token.replace(/^["'`“(]+|["'`”),.;:!?]+$/g, '').replace(/['’]s$/i, '');
    if (value === '') return;
    const after = (tokens[at - 1] ?? '').replace(/[^\w]/g, '');
    const idLike = /\d/.test(value) && /^[\w.-]+$/.test(value);
    const nameLike = /^[A-Za-z][\w]*[-_][\w-]+$/.test(value);
    const proper = at > 0 && /^[A-Z][a-z]+$/.test(value) && !/^(I|Claude|Loom|Markdown|JSON|Git|GitHub)$/.test(value);
    const named = /^(called|named)$/i.test(after) && !STOPWORDS.has(value.toLowerCase());
    if (idLike || nameLike || proper || named || (NAMING.test(after) && /^[a-z][\w-]*\d[\w-]*$/i.test(value))) candidates.push({ value, after });
  });
  return candidates;
}

function afterColon(text: string): string | undefined {
  const at = text.indexOf(':');
  const rest = at >= 0 ? text.slice(at + 1).trim() : '';
  return rest.length > 0 ? rest : undefined;
}

// Option names, aliases and flag words repeat from request to request: each pattern is
// compiled once (case-insensitive, no state: never /g).
const PATTERNS = new Map<string, RegExp>();
function compiled(source: string): RegExp {
  let pattern = PATTERNS.get(source);
  if (!pattern) PATTERNS.set(source, (pattern = new RegExp(source, 'i')));
  return pattern;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
