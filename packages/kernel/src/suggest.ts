/**
 * "Did you mean": the candidate nearest to `word` — a candidate it begins, or one at most
 * `maxDistance` edits away (insertions, deletions, substitutions), the nearest first.
 * Shared by the CLI's unknown commands, the shell's, and unknown config keys.
 */
export function closest(word: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  if (word === '') return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = name.startsWith(word) ? 0 : editDistance(word, name);
    if (distance <= maxDistance && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Levenshtein distance, two rows at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
