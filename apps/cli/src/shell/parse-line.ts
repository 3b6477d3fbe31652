import { split } from 'shlex';

/** oclif's internal separator of command ids (`config:get`); users type a space. */
export const ID_SEPARATOR = ':';

/** What one line typed at the shell's prompt is. */
export type ParsedLine =
  /** Nothing but whitespace. */
  | { kind: 'empty' }
  /** `/word word "quoted words"`: the words after the slash, unquoted. */
  | { kind: 'command'; words: string[] }
  /** Text without a leading slash, kept verbatim (apostrophes and all). */
  | { kind: 'text'; text: string }
  /** A slash command that cannot be split into words, e.g. an unclosed quote. */
  | { kind: 'invalid'; message: string; hint: string };

/**
 * Reads a line the way a POSIX shell splits words (quotes, backslash escapes; no
 * variables, globs, pipes or comments), via `shlex`, the port of Python's shlex:
 * `/query mega "what is x"` → words `['query', 'mega', 'what is x']`.
 */
export function parseLine(line: string): ParsedLine {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (!trimmed.startsWith('/')) return { kind: 'text', text: trimmed };
  try {
    return { kind: 'command', words: split(trimmed.slice(1)) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/escape/i.test(message)) {
      return { kind: 'invalid', message: 'the line ends with a lone backslash', hint: 'write \\\\ for a backslash' };
    }
    return {
      kind: 'invalid',
      message: 'a quote is not closed',
      hint: `close it, or put text with an apostrophe in double quotes: "it's"`,
    };
  }
}

export interface ResolvedCommand {
  /** The command id, e.g. `config:get`. */
  id: string;
  /** The words after the command's own, as its argv. */
  argv: string[];
}

/**
 * Maps words to a command: the longest leading run of words that, joined by `:`, is a
 * known id (`config get logLevel` → `config:get` + `['logLevel']`). A first word that
 * is already an id with colons (`config:get`) matches too.
 */
export function resolveCommand(words: readonly string[], ids: Iterable<string>): ResolvedCommand | undefined {
  const known = ids instanceof Set ? (ids as ReadonlySet<string>) : new Set(ids);
  for (let count = words.length; count > 0; count--) {
    const id = words.slice(0, count).join(ID_SEPARATOR);
    if (known.has(id)) return { id, argv: words.slice(count) };
  }
  return undefined;
}

/** The ids under a topic: `['config']` → `config:get`, `config:set`, …; empty when none. */
export function commandsUnder(words: readonly string[], ids: Iterable<string>): string[] {
  if (words.length === 0) return [];
  const prefix = words.join(ID_SEPARATOR) + ID_SEPARATOR;
  return [...ids].filter((id) => id.startsWith(prefix)).sort();
}

/** How an id is typed in the shell: `config:get` → `config get`. */
export function displayName(id: string): string {
  return id.split(ID_SEPARATOR).join(' ');
}
