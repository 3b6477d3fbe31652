import { termsOf } from './terms.js';

const LINE_MAX = 200;

/**
 * The lines of `text` sharing the most of the question's terms, best first (1-based line
 * numbers). A term found on few lines weighs more than one found everywhere; ties keep
 * file order. Lines sharing no term are never returned.
 */
export function matchingLines(text: string, question: string, max = 5): Array<{ line: number; text: string }> {
  const wanted = new Set(termsOf(question));
  if (wanted.size === 0 || max <= 0) return [];
  const lines = text.split(/\r?\n/);
  const hits = lines.map((line) => new Set(termsOf(line).filter((term) => wanted.has(term))));
  const linesWith = new Map<string, number>();
  for (const found of hits) for (const term of found) linesWith.set(term, (linesWith.get(term) ?? 0) + 1);
  const scored = hits.flatMap((found, index) => {
    let score = 0;
    for (const term of found) score += Math.log(1 + lines.length / linesWith.get(term)!);
    return score > 0 ? [{ index, score }] : [];
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.slice(0, max).map(({ index }) => {
    const line = lines[index]!.trim();
    return { line: index + 1, text: line.length > LINE_MAX ? `${line.slice(0, LINE_MAX - 1)}…` : line };
  });
}
