import type { Decision, RouteEntry } from './types.js';

/** The `--json` shape of a decision, the same from the fast path and the command. */
export function decisionJson(decision: Decision) {
  const { command, argv, args, confidence, band, alternatives, why, missing } = decision;
  return { command, argv, args, confidence, band, alternatives, why, ...(missing.length > 0 ? { missing } : {}) };
}

/** A command line as a user would type it: words with spaces or quotes are quoted. */
export function commandLine(bin: string, decision: Pick<Decision, 'command' | 'argv'>): string {
  return [bin, decision.command, ...decision.argv.map(quote)].join(' ');
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** What `loom auto` shows before it acts: the command line, how sure, and why. */
export function renderDecision(bin: string, decision: Decision, routes: readonly RouteEntry[]): string {
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  const because = decision.why.length > 0 ? ` · because: ${decision.why.join(', ')}` : '';
  if (decision.band === 'none') {
    const summaries = new Map(routes.map((route) => [route.command, route.summary]));
    const closest = decision.alternatives.map((entry) => `  ${bin} ${entry.command}`.padEnd(32) + `  ${summaries.get(entry.command) ?? ''}`);
    return [`No installed command fits this request (${percent(decision.confidence)} sure).`, 'Closest commands:', ...closest, `See \`${bin} --help\` for every command.`].join('\n');
  }
  const by = decision.decidedBy === 'claude' ? ' (decided by Claude)' : '';
  const lines = [`→ ${commandLine(bin, decision)}`, `  confidence ${percent(decision.confidence)} (${decision.band})${by}${because}`];
  if (decision.alternatives.length > 0) lines.push(`  or: ${decision.alternatives.map((entry) => `${entry.command} ${percent(entry.confidence)}`).join(', ')}`);
  return lines.join('\n');
}
