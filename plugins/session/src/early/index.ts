// `loom session list [--archived] [--json]` answered before oclif and the kernel load (the CLI's
// `earlyAnswers`): the project's session index read with the store's own code, printed with the
// command's own formatting, when nothing could make the command answer differently — no config
// layer or installed plugin (`earlyDeclineReason`), and an index that describes every log as it
// is on disk. Otherwise (a log grew, the index is missing, `--all-projects`, any other flag) it
// declines and the command runs as usual: it folds the logs and rewrites the index.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { declineOnFailure, earlyDeclineReason, findProjectRoot, PROJECT_STATE_DIR, writeAnswer, type EarlyAnswer, type EarlyContext } from '@loomkit/kernel/early';
import { sessionListText } from '../service/format.js';
import { currentEntries, listed, readActiveId, SESSIONS_DIR, summaryOf } from '../store/project-index.js';

/** True once it printed the whole answer; false (never a throw) when the full command must run. */
export const answer: EarlyAnswer = declineOnFailure(answerOrDecline);

/** `session list` with at most `--json` and `--archived`, each once, as oclif would parse them; undefined for anything else. */
export function parseListArgv(argv: readonly string[]): { json: boolean; archived: boolean } | undefined {
  if (argv[0] !== 'session' || argv[1] !== 'list') return undefined;
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(2), options: { json: { type: 'boolean' }, archived: { type: 'boolean' } }, strict: true, allowPositionals: false, tokens: true });
  } catch {
    return undefined;
  }
  const names = parsed.tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : [token.kind]));
  if (new Set(names).size !== names.length || names.includes('option-terminator')) return undefined;
  return { json: parsed.values.json === true, archived: parsed.values.archived === true };
}

function answerOrDecline(argv: string[], ctx: EarlyContext): boolean {
  const request = parseListArgv(argv);
  // oclif colours JSON on a terminal, or when colour is forced: the command's renderer.
  if (!request || (request.json && (process.stdout.isTTY || ctx.env.FORCE_COLOR !== undefined))) return false;
  if (earlyDeclineReason(ctx) !== undefined) return false;
  const projectRoot = findProjectRoot(ctx.cwd);
  const dir = join(projectRoot, PROJECT_STATE_DIR, SESSIONS_DIR);
  const entries = currentEntries(dir);
  if (!entries) return false;
  const activeId = readActiveId(dir);
  const active = entries.some((entry) => entry.id === activeId) ? activeId : undefined;
  const sessions = listed(entries.map((entry) => summaryOf({ ...entry, projectRoot }, entry.archived)), request.archived)
    .map((session) => ({ ...session, active: session.id === active }));
  writeAnswer(request.json ? `${JSON.stringify(sessions, null, 2)}\n` : `${sessionListText(sessions, Date.now(), false)}\n`);
  return true;
}
