import { closest, distance } from 'fastest-levenshtein';

/**
 * The command a line of words names: the longest run of leading words that is a command
 * id (`query mega . --dry-run` → `query mega`), as oclif finds it.
 */
export function matchCommand(words: readonly string[], commands: readonly string[]): { id: string; rest: string[] } | undefined {
  const known = new Set(commands);
  for (let length = Math.min(words.length, 4); length > 0; length--) {
    const id = words.slice(0, length).join(' ');
    if (known.has(id)) return { id, rest: words.slice(length) };
  }
  return undefined;
}

/** The known commands nearest to what was typed, best first (at most three). */
export function closestCommands(words: readonly string[], commands: readonly string[]): string[] {
  const typed = words.filter((word) => !word.startsWith('-'));
  const scored = commands.map((id) => {
    const candidate = typed.slice(0, id.split(' ').length).join(' ');
    return { id, score: distance(candidate, id) / Math.max(id.length, 1) };
  });
  const near = scored.filter((entry) => entry.score <= 0.5).sort((a, b) => a.score - b.score || a.id.localeCompare(b.id));
  if (near.length > 0) return near.slice(0, 3).map((entry) => entry.id);
  const fallback = typed[0] ? closest(typed[0], [...commands]) : undefined;
  return fallback ? [fallback] : [];
}
