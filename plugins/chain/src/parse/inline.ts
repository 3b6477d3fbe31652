import { join, split } from 'shlex';
import type { Step } from '../schema.js';
import type { Problem, WorkflowSource } from '../types.js';

const THEN = '->';
const ALONGSIDE = '&';

/**
 * `query mega . --dry-run -> security scan . & query map`: `->` runs what follows after
 * what precedes, `&` runs commands side by side. Words are split as a shell would
 * (shlex), so quoted arguments stay whole; the operators must stand apart as words.
 */
export function parseInline(text: string): { source?: WorkflowSource | undefined; problems: Problem[] } {
  let words: string[];
  try {
    words = split(text);
  } catch (error) {
    return { problems: [{ code: 'CHAIN_INLINE_SYNTAX', message: `cannot split the chain into words: ${(error as Error).message}`, hint: 'close every quote', place: { file: 'inline' } }] };
  }
  const groups: string[][][] = [[[]]];
  for (const word of words) {
    const group = groups.at(-1) as string[][];
    if (word === THEN) groups.push([[]]);
    else if (word === ALONGSIDE) group.push([]);
    else (group.at(-1) as string[]).push(word);
  }
  if (groups.some((group) => group.some((command) => command.length === 0))) {
    return { problems: [{ code: 'CHAIN_INLINE_SYNTAX', message: `"${text}" has an empty command next to -> or &`, hint: 'write commands on both sides, e.g. "security scan . -> query map"', place: { file: 'inline' } }] };
  }
  const steps: Step[] = [];
  const taken = new Set<string>();
  let previous: string[] = [];
  for (const group of groups) {
    const ids = group.map((command) => {
      const id = uniqueId(command, taken);
      steps.push({ id, run: join(command), ...(previous.length > 0 ? { needs: previous } : {}) });
      return id;
    });
    previous = ids;
  }
  return { source: { origin: 'inline', label: 'inline', workflow: { name: 'inline', steps }, locate: (path) => ({ file: 'inline', step: typeof path[1] === 'number' ? steps[path[1]]?.id : undefined }) }, problems: [] };
}

/** `query mega . --dry-run` → `query-mega`; a second one → `query-mega-2`. */
function uniqueId(command: string[], taken: Set<string>): string {
  const words = command.slice(0, 2).filter((word) => /^[A-Za-z][A-Za-z0-9_-]*$/.test(word));
  const base = words.join('-') || 'step';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
