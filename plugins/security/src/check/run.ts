// `security check` as data and as text: what the command and its early answer (../early) both print.
import { renderTable } from '@loomkit/kernel/table';
import type { InjectionGuard, InjectionVerdict } from '../types.js';
import { expand, readStdin, readText } from './inputs.js';

export type Checked = InjectionVerdict & { source: string };

/** One input (its spans are shown) or many (a line each). */
export type CheckOutcome = { one: Checked; text: string } | { many: Checked[] };

/** Scores the text, standard input (`--file -`), or the files and folders given (relative to `cwd`, the process's by default). */
export async function runCheck(guard: InjectionGuard, input: { text?: string; files: string[]; cwd?: string }): Promise<CheckOutcome> {
  const { files } = input;
  const cwd = input.cwd ?? process.cwd();
  if (input.text !== undefined || (files.length === 1 && files[0] === '-')) {
    const text = input.text ?? (await readStdin());
    return { one: { ...guard.score(text), source: input.text === undefined ? 'stdin' : 'argument' }, text };
  }
  const paths = await expand(files, cwd);
  // One file named as such prints its spans; many files (or a folder) print one line each.
  const [only] = paths;
  if (only !== undefined && paths.length === 1 && only === files[0]) {
    const text = (await readText(only, cwd)) ?? '';
    return { one: { ...guard.score(text), source: only }, text };
  }
  const many: Checked[] = [];
  for (const path of paths) {
    const text = await readText(path, cwd);
    if (text !== undefined) many.push({ ...guard.score(text), source: path });
  }
  return { many };
}

/** What the command prints (`text`) and returns for --json, and how many inputs are injections (any: exit 1). */
export function checkReport(outcome: CheckOutcome): { text: string; json: Checked | { results: Checked[]; injections: number }; injections: number } {
  if ('one' in outcome) {
    const { one, text } = outcome;
    const lines = [`${one.verdict} (score ${one.score.toFixed(3)}) — ${one.source}`];
    for (const span of one.spans) {
      const excerpt = text.slice(span.start, span.end).replace(/\s+/g, ' ');
      lines.push(`  ${span.reason}: "${excerpt.length > 80 ? `${excerpt.slice(0, 77)}…` : excerpt}" (chars ${span.start}-${span.end})`);
    }
    return { text: lines.join('\n'), json: one, injections: one.verdict === 'injection' ? 1 : 0 };
  }
  const results = outcome.many;
  const injections = results.filter((result) => result.verdict === 'injection').length;
  const table = renderTable(['verdict', 'score', 'file'], results.map((result) => [result.verdict, result.score.toFixed(3), result.source]));
  return { text: `${table}\n\n${injections} injection(s) in ${results.length} file(s)`, json: { results, injections }, injections };
}
