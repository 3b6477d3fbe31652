const K1 = 1.2;
const B = 0.75;

/**
 * Okapi BM25 of each document against the query terms, divided by the best score so the
 * result is in [0, 1]; every score is 0 when no document shares a term with the query.
 */
export function bm25(documents: Map<string, string[]>, query: string[]): Map<string, number> {
  const scores = new Map<string, number>();
  const wanted = new Set(query);
  const frequencies = new Map<string, Map<string, number>>();
  const containing = new Map<string, number>();
  let totalLength = 0;
  for (const [id, terms] of documents) {
    totalLength += terms.length;
    const counts = new Map<string, number>();
    for (const term of terms) if (wanted.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const term of counts.keys()) containing.set(term, (containing.get(term) ?? 0) + 1);
    frequencies.set(id, counts);
  }
  const averageLength = totalLength / Math.max(documents.size, 1) || 1;
  let best = 0;
  for (const [id, terms] of documents) {
    const counts = frequencies.get(id)!;
    let score = 0;
    for (const term of wanted) {
      const frequency = counts.get(term) ?? 0;
      if (frequency === 0) continue;
      const inverse = Math.log(1 + (documents.size - containing.get(term)! + 0.5) / (containing.get(term)! + 0.5));
      score += (inverse * frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * terms.length) / averageLength));
    }
    scores.set(id, score);
    best = Math.max(best, score);
  }
  if (best > 0) for (const [id, score] of scores) scores.set(id, score / best);
  return scores;
}
