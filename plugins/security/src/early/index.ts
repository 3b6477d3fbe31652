// `loom security check <text> | --file F… [--json]` answered before oclif and the kernel load
// (the CLI's `earlyAnswers`): the guard the plugin provides with its default settings, the
// command's own reading, scoring and printing (../check), when nothing a booted kernel brings
// could change them (`earlyDeclineReason`: a config may set `security.injection.threshold`; an
// active session records the command as a turn).
// Standard input, a usage error, an unreadable file or any other flag: the command runs.
import { parseArgs } from 'node:util';
import { declineOnFailure, earlyDeclineReason, writeAnswer, type EarlyAnswer, type EarlyContext } from '@loomkit/kernel/early';
import { checkReport, runCheck } from '../check/run.js';
import { injectionGuardFrom } from '../detectors.js';

/** True once it printed the whole answer; false (never a throw) when the full command must run. */
export const answer: EarlyAnswer = declineOnFailure(answerOrDecline);

/**
 * `security check` with one text argument or `--file`/`-f` values (never `-`), and `--json`
 * at most once, as oclif would parse them; undefined for anything else. oclif's `--file` is
 * greedy (`--file a b` is two files), so a positional is taken only without any `--file`.
 */
export function parseCheckArgv(argv: readonly string[]): { text?: string; files: string[]; json: boolean } | undefined {
  if (argv[0] !== 'security' || argv[1] !== 'check') return undefined;
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(2), options: { file: { type: 'string', short: 'f', multiple: true }, json: { type: 'boolean' } }, strict: true, allowPositionals: true, tokens: true });
  } catch {
    return undefined;
  }
  const { values, positionals, tokens } = parsed;
  const files = values.file ?? [];
  if (tokens.some((token) => token.kind === 'option-terminator') || tokens.filter((token) => token.kind === 'option' && token.name === 'json').length > 1) return undefined;
  if (files.some((file) => file === '' || file.startsWith('-'))) return undefined;
  if (positionals.length > 1 || (positionals.length === 1 && (files.length > 0 || positionals[0]!.startsWith('-')))) return undefined;
  if (positionals.length === 0 && files.length === 0) return undefined;
  return { ...(positionals[0] === undefined ? {} : { text: positionals[0] }), files, json: values.json === true };
}

async function answerOrDecline(argv: string[], ctx: EarlyContext): Promise<boolean> {
  const request = parseCheckArgv(argv);
  // oclif colours JSON on a terminal, or when colour is forced: the command's renderer.
  if (!request || (request.json && (process.stdout.isTTY || ctx.env.FORCE_COLOR !== undefined))) return false;
  // An active session records the command as a turn: the command's way.
  if (earlyDeclineReason(ctx, { recorded: true, settings: ['security.injection'] }) !== undefined) return false;
  const report = checkReport(await runCheck(injectionGuardFrom({}), { ...request, cwd: ctx.cwd }));
  writeAnswer(request.json ? `${JSON.stringify(report.json, null, 2)}\n` : `${report.text}\n`);
  if (report.injections > 0) process.exitCode = 1;
  return true;
}
