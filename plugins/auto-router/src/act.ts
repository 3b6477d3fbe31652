import { LoomError } from '@loomkit/kernel';
import { commandLine } from './render.js';
import type { Decision, RouteEntry } from './types.js';

/** What `loom auto` does with a decision, before any prompt. */
export type Step =
  | { kind: 'run' }
  | { kind: 'confirm' }
  | { kind: 'choose' }
  | { kind: 'ask-arguments' }
  | { kind: 'fallback'; command: string }
  | { kind: 'refuse'; error: LoomError };

export interface ActContext {
  bin: string;
  /** Both stdin and stdout are terminals: the user can answer a question. */
  terminal: boolean;
  yes: boolean;
  /** The route's command only reads (its summary starts with Show, List, …): safe to run at once. */
  reads: boolean;
  /** A command to hand the text to unless the router is confident (the shell's `ask`). */
  fallback?: string | undefined;
}

/** A command whose summary says it only shows something changes nothing: no question needed. */
export function onlyReads(route: RouteEntry | undefined): boolean {
  return route !== undefined && /^(show|list|print|display|search|find|measure)\b/i.test(route.summary);
}

/**
 * The `--yes` rule: confident and (`--yes` or read-only on a terminal) runs at once; a
 * terminal is asked otherwise; without a terminal nothing runs without `--yes`, and an
 * unsure or empty answer is an error naming what to do.
 */
export function nextStep(decision: Decision, context: ActContext): Step {
  // The shell's plain text is a conversation unless the router is confident it is a command.
  if (context.fallback && decision.band !== 'run') return { kind: 'fallback', command: context.fallback };
  if (decision.band === 'none') {
    const closest = decision.alternatives.map((entry) => `${context.bin} ${entry.command}`).join(', ');
    return {
      kind: 'refuse',
      error: new LoomError('AUTO_NO_MATCH', 'no installed command fits this request', {
        hint: `closest: ${closest || 'none'}; \`${context.bin} --help\` lists every command`,
      }),
    };
  }
  if (decision.band === 'choose') {
    if (context.terminal) return { kind: 'choose' };
    const options = [decision.command, ...decision.alternatives.map((entry) => entry.command)].slice(0, 3);
    return {
      kind: 'refuse',
      error: new LoomError('AUTO_UNSURE', `not sure which command this is: ${options.join(', ')}`, {
        hint: `say more, or run one of them directly, e.g. \`${context.bin} ${options[0]}\``,
      }),
    };
  }
  if (decision.missing.length > 0) {
    if (context.terminal) return { kind: 'ask-arguments' };
    const [first] = decision.missing;
    return {
      kind: 'refuse',
      error: new LoomError('AUTO_ARGUMENT_MISSING', `${decision.command} needs <${first!.name}> (${first!.description}), which the request does not say`, {
        hint: `name it in the request, or run \`${commandLine(context.bin, decision)} <${first!.name}>\``,
      }),
    };
  }
  if (context.yes) return { kind: 'run' };
  if (!context.terminal) {
    return {
      kind: 'refuse',
      error: new LoomError('AUTO_CONFIRM_REQUIRED', `would run \`${commandLine(context.bin, decision)}\`, but there is no terminal to confirm it`, {
        hint: 'add --yes to run it without asking, or --dry-run to only see the decision',
      }),
    };
  }
  return decision.band === 'run' && context.reads ? { kind: 'run' } : { kind: 'confirm' };
}
