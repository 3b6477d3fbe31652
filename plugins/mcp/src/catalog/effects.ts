import type { Effect } from './types.js';

// Routes say what a command is for, not what it touches, so the effect is read from the
// command's last word: the verbs Loom's commands share. A verb outside both lists is
// `unknown` (a third party's `hello`): the client then asks before each call, MCP's default.
const READS = new Set([
  'list', 'show', 'status', 'get', 'path', 'policy', 'routes', 'runs', 'graph', 'validate', 'map', 'search', 'diff', 'checkpoints',
  'inspect', 'check', 'scan', 'tools', 'eval', 'memory', 'plugins', 'doctor', 'budget', 'metrics', 'config',
]);
const DESTROYS = new Set(['restore', 'cleanup', 'rm', 'clear', 'unset', 'compact']);
const WRITES = new Set(['start', 'end', 'import', 'fork', 'rename', 'checkpoint', 'set', 'add', 'init', 'trust', 'fit', 'export', 'link', 'install', 'run', 'resume', 'claude-commands']);

/** Commands that call Claude take `--max-cost` (llm's shared flag): that is how spending shows. */
export function effectOf(command: string, flagNames: readonly string[]): Effect {
  if (flagNames.includes('max-cost')) return 'spend';
  const verb = command.split(' ').at(-1) ?? '';
  if (DESTROYS.has(verb)) return 'destroy';
  if (WRITES.has(verb)) return 'write';
  if (READS.has(verb)) return 'read';
  return 'unknown';
}

/** MCP's tool annotations for an effect (readOnlyHint, destructiveHint, openWorldHint). */
export function annotationsOf(effect: Effect): { readOnlyHint: boolean; destructiveHint?: boolean; openWorldHint: boolean } {
  switch (effect) {
    case 'read':
      return { readOnlyHint: true, openWorldHint: false };
    case 'spend':
      return { readOnlyHint: false, destructiveHint: false, openWorldHint: true };
    case 'write':
      return { readOnlyHint: false, destructiveHint: false, openWorldHint: false };
    case 'destroy':
      return { readOnlyHint: false, destructiveHint: true, openWorldHint: false };
    case 'unknown':
      return { readOnlyHint: false, openWorldHint: false };
  }
}

export const SPEND_NOTE =
  'Calls Claude and spends money on the user\'s API key: pass max-cost (USD) to cap it; where dry-run exists it returns the cost plan for free.';
