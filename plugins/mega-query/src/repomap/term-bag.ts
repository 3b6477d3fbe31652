/**
 * A file's search terms with their counts, held as one string: `<total>|term:count|term:count|`.
 * Ranking asks a bag for the question's few terms and its total, nothing else. As an object a
 * bag cost a property a term, to parse from the words cache and to collect: on a big
 * repository, the largest part of a question's warm run. Terms are letters and digits
 * (termsOf), so `|` and `:` never occur in one.
 */
export type TermBag = string;

/** The bag of `terms`, in the order each first occurs. */
export function termBag(terms: Iterable<string>): TermBag {
  const counts = new Map<string, number>();
  let total = 0;
  for (const term of terms) {
    counts.set(term, (counts.get(term) ?? 0) + 1);
    total++;
  }
  let bag = `${total}|`;
  for (const [term, count] of counts) bag += `${term}:${count}|`;
  return bag;
}

/** How often `term` occurs in the bag (0 when it does not). */
export function bagCount(bag: TermBag, term: string): number {
  const at = bag.indexOf(`|${term}:`);
  if (at < 0) return 0;
  const from = at + term.length + 2;
  return Number(bag.slice(from, bag.indexOf('|', from)));
}

/** How many terms the bag holds, repeats included. */
export const bagLength = (bag: TermBag): number => Number(bag.slice(0, bag.indexOf('|')));

/** Whether `value` has a bag's shape (a cache line may be torn or of another version). */
export const isTermBag = (value: unknown): value is TermBag => typeof value === 'string' && /^\d+\|/.test(value);
