import { spellingsOf, termsOf } from './terms.js';

/** What a file's text shows of the question's wording beyond single terms. */
export interface PhraseHits {
  /** Share of the question's adjacent term pairs that are adjacent in the text too, [0, 1]. */
  phrase: number;
  /** Quoted strings of the text the question names (`'subdomain offset'`, `'x-powered-by'`): settings, headers, events. */
  settings: string[];
  /** The pairs found, as question words, for the ranked list. */
  pairs: string[];
}

const QUOTED = /(['"`])([^'"`\n]{3,48})\1/g;

/** Adjacent term pairs of a text, as `a b`. */
function pairsOf(terms: string[]): Set<string> {
  const pairs = new Set<string>();
  for (let i = 1; i < terms.length; i++) pairs.add(`${terms[i - 1]} ${terms[i]}`);
  return pairs;
}

/**
 * Phrase and setting-string hits of a question in a text. A quoted string counts when the
 * question holds it as written, or holds every one of its (two or more) terms.
 */
export function phraseHits(text: string, question: string): PhraseHits {
  const wanted = new Set(termsOf(question));
  // Pairs of words in sequence: a compound's whole beside its parts (`etag`, `tag`) is no phrase.
  const wantedPairs = [...pairsOf(termsOf(question, false))].filter((pair) => !pair.split(' ').every((term, _, both) => term === both[0]));
  const lowered = question.toLowerCase();
  const settings = new Set<string>();
  for (const [, , quoted] of text.matchAll(QUOTED)) {
    const value = quoted!.trim();
    const terms = termsOf(value);
    // One bare word (`'number'`, a flag `'--union'`) is everywhere; a setting or header name has two or more (`'x-powered-by'`).
    if (terms.length === 0 || (terms.length < 2 && !/[\p{L}\p{N}][\s._-]+[\p{L}\p{N}]/u.test(value))) continue;
    const named = lowered.includes(value.toLowerCase());
    if (named || terms.every((term) => wanted.has(term))) settings.add(value);
  }
  if (wantedPairs.length === 0) return { phrase: 0, settings: [...settings], pairs: [] };
  // Only lines that can hold a pair are split into words: a stem less its last letter is in
  // every spelling of the word (`entr` in entry and entries), so no such line is passed over.
  const needles = [...wanted].map((term) => term.slice(0, Math.max(3, term.length - 1)));
  const textPairs = new Set<string>();
  for (const line of text.split('\n')) {
    const lowerLine = line.toLowerCase();
    if (needles.filter((needle) => lowerLine.includes(needle)).length < 2) continue;
    for (const pair of pairsOf(termsOf(line, false))) textPairs.add(pair);
  }
  const pairs = wantedPairs.filter((pair) => textPairs.has(pair));
  const spelled = spellingsOf(question);
  return { phrase: pairs.length / wantedPairs.length, settings: [...settings], pairs: pairs.map((pair) => pair.split(' ').map(spelled).join(' ')) };
}
