const K1 = 1.2;
const B = 0.75;

/** A document as BM25 sees it: how often a term occurs, and how many terms it has. */
export interface TermCounts {
  count(term: string): number;
  length: number;
}

/** The counts of a list of terms. */
export function countsOf(terms: readonly string[]): TermCounts {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return { count: (term) => counts.get(term) ?? 0, length: terms.length };
}

/**
 * Okapi BM25 of each document against the query terms, divided by the best score so the
 * result is in [0, 1]; every score is 0 when no document shares a term with the query.
 */
export function bm25Of(documents: Map<string, TermCounts>, query: string[]): Map<string, number> {
  const scores = new Map<string, number>();
  const wanted = [...new Set(query)];
  const containing = new Map<string, number>();
  let totalLength = 0;
  for (const document of documents.values()) {
    totalLength += document.length;
    for (const term of wanted) if (document.count(term) > 0) containing.set(term, (containing.get(term) ?? 0) + 1);
  }
  const averageLength = totalLength / Math.max(documents.size, 1) || 1;
  let best = 0;
  for (const [id, document] of documents) {
    let score = 0;
    for (const term of wanted) {
      const frequency = document.count(term);
      if (frequency === 0) continue;
      const inverse = Math.log(1 + (documents.size - containing.get(term)! + 0.5) / (containing.get(term)! + 0.5));
      score += (inverse * frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * document.length) / averageLength));
    }
    scores.set(id, score);
    best = Math.max(best, score);
  }
  if (best > 0) for (const [id, score] of scores) scores.set(id, score / best);
  return scores;
}

/** BM25 over documents given as lists of terms. */
export function bm25(documents: Map<string, string[]>, query: string[]): Map<string, number> {
  return bm25Of(new Map([...documents].map(([id, terms]) => [id, countsOf(terms)])), query);
}
