import { fileSystemError, firstLine, isLoomError, LoomError, type LoomErrorJson } from '../errors.js';

interface OclifLikeError {
  message: string;
  oclif?: { exit?: number };
  code?: string;
}

/** Exit code for a usage error (bad flag, missing argument), as in sysexits' EX_USAGE spirit. */
export const USAGE_EXIT = 2;

/** Turns anything a command threw into a LoomError: oclif's parse errors become USAGE. */
export function normalizeError(error: unknown, commandId?: string): LoomError {
  // oclif ids use colons; users type the words with spaces.
  const helpHint = `run \`loom ${commandId ? `${commandId.replaceAll(':', ' ')} ` : ''}--help\` to see what it takes`;
  const badFlag = flagParseError(error, helpHint);
  if (badFlag) return badFlag;
  if (isLoomError(error)) return error;
  const oclif = error as OclifLikeError;
  if (/command .* not found/i.test(oclif?.message ?? '')) {
    return new LoomError('COMMAND_NOT_FOUND', usageLine(oclif.message), { hint: 'run `loom --help` to list the commands', exitCode: USAGE_EXIT, cause: error });
  }
  if (oclif?.oclif?.exit === USAGE_EXIT || /^(Missing|Unexpected|Nonexistent|Expected)/.test(oclif?.message ?? '')) {
    return new LoomError('USAGE', usageLine(oclif.message), { hint: helpHint, exitCode: USAGE_EXIT, cause: error });
  }
  const fileProblem = fileSystemError(error);
  if (fileProblem) return fileProblem;
  const message = error instanceof Error ? error.message : String(error);
  return new LoomError('INTERNAL', firstLine(message), {
    hint: 'this is a bug in Loom or a plugin; run again with --verbose and report it',
    cause: error,
  });
}

/**
 * oclif rewrites the message of whatever a flag's own `parse` threw (a LoomError too) to
 * "Parsing --flag \n\t<reason>\nSee more help…": the reason is the line worth printing.
 */
function flagParseError(error: unknown, helpHint: string): LoomError | undefined {
  const message = error instanceof Error ? error.message : '';
  const parsing = /^Parsing --([\w-]+)\s*\n\t([^\n]*)/.exec(message);
  if (!parsing) return undefined;
  const [, flag, reason] = parsing as unknown as [string, string, string];
  const text = reason.includes(`--${flag}`) ? reason.trim() : `--${flag}: ${reason.trim()}`;
  const hint = isLoomError(error) && error.hint ? error.hint : helpHint;
  return new LoomError('USAGE', text, { hint, exitCode: USAGE_EXIT, cause: error });
}

/** oclif spreads a usage error over lines ("Missing 1 required arg:\nkey  Dotted key"): one line keeps them all. */
function usageLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim().replace(/\s{2,}/g, ' '))
    .filter((line) => line.length > 0 && !/^(See more help|Note: |Alternatively, you can use)/i.test(line));
  return lines.join(' ') || text.trim();
}

/** The one-line form every command prints: `error[CODE]: message`, then `hint: …`. */
export function renderError(error: LoomError, verbose = false): string {
  const lines = [`error[${error.code}]: ${error.message}`];
  if (error.hint) lines.push(`hint: ${error.hint}`);
  if (verbose) {
    // A cause chain may loop back on itself: print each error once.
    const seen = new Set<Error>();
    let cause: unknown = error;
    while (cause instanceof Error && !seen.has(cause)) {
      seen.add(cause);
      if (cause.stack) lines.push(cause.stack);
      cause = cause.cause;
    }
  }
  return lines.join('\n');
}

export function errorJson(error: LoomError): { error: LoomErrorJson } {
  return { error: error.toJSON() };
}
