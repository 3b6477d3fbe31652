import { ID_SEPARATOR } from './parse-line.js';

/** The shell's own slash commands, completed like any other. */
export const BUILTINS = ['help', 'exit'] as const;

/** node:readline's synchronous completer: the candidates, and the text they replace. */
export type Completer = (line: string) => [string[], string];

/**
 * Completes slash commands word by word from the command ids (oclif's `config:get`,
 * typed `config get`), plus the built-ins. `/do` → `/doctor `, `/config s` → `set`
 * and `unset`, an empty line → every `/command`. Arguments are not completed.
 */
export function createCompleter(ids: () => Iterable<string>, builtins: readonly string[] = BUILTINS): Completer {
  return (line) => {
    if (line !== '' && !line.startsWith('/')) return [[], line];
    const rest = line.slice(1);
    const leadingSpace = /^\s/.test(rest);
    const tokens = rest.trimStart().split(/\s+/);
    const partial = tokens.pop() ?? '';
    const typed = tokens;
    const paths = [...[...ids()].map((id) => id.split(ID_SEPARATOR)), ...builtins.map((name) => [name])];
    const next = new Set<string>();
    for (const path of paths) {
      if (path.length <= typed.length) continue;
      if (!typed.every((word, index) => path[index] === word)) continue;
      const word = path[typed.length] as string;
      if (word.startsWith(partial)) next.add(word);
    }
    let hits = [...next].sort();
    // One candidate: finish the word and step past it, ready for the next one.
    if (hits.length === 1) hits = [`${hits[0]} `];
    if (typed.length === 0 && !leadingSpace) return [hits.map((hit) => `/${hit}`), line === '' ? '' : `/${partial}`];
    return [hits, partial];
  };
}
