import type { Effect } from './types.js';

// A route that declares no `effect` (a third party's) gets one from the command's last
// word: the verbs Loom's commands share. A verb outside the lists is `unknown` (a third
// party's `hello`): the client then asks before each call, MCP's default.
const READS = new Set([
  'list', 'show', 'status', 'get', 'path', 'policy', 'routes', 'runs', 'graph', 'validate', 'map', 'search', 'diff', 'checkpoints',
  'inspect', 'check', 'scan', 'eval', 'memory', 'budget', 'metrics',
]);
const DESTROYS = new Set(['restore', 'cleanup', 'rm', 'clear', 'unset', 'compact']);
const WRITES = new Set(['start', 'end', 'import', 'fork', 'rename', 'checkpoint', 'set', 'add', 'init', 'fit', 'export', 'link', 'install', 'run', 'resume']);

/** The guess for an undeclared route. Commands that call Claude take `--max-cost` (llm's shared flag): that is how spending shows. */
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
