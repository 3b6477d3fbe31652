import { COMPOUNDS, CONCEPT_OF, SPELLINGS, STOPWORDS, stem } from './lexicon.js';

export { stem, STOPWORDS } from './lexicon.js';

/** One word of a request as the router sees it. */
export interface Word {
  /** As typed (for `why` and argument extraction). */
  raw: string;
  /** Lower-cased, spelling-folded, stemmed. */
  stem: string;
  stop: boolean;
  /** A plural the stemmer folded ("sessions"): asking about several of a thing leans to listing them. */
  plural: boolean;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}_'’.\-/~]*/gu;

/** Splits a request into words; a trailing dot or apostrophe-s is not part of a word; compounds are one word. */
export function words(text: string): Word[] {
  const lowered = [...text.matchAll(WORD)].map(([match]) => {
    const raw = match.replace(/[.\-/]+$/, '').replace(/['’]s$/i, '');
    return { raw, lower: raw.toLowerCase().replace(/['’]/g, '') };
  });
  const list: Word[] = [];
  for (let at = 0; at < lowered.length; at++) {
    const { raw, lower } = lowered[at]!;
    const next = lowered[at + 1];
    const compound = next ? COMPOUNDS.get(`${lower} ${next.lower}`) : undefined;
    if (compound && next) {
      list.push({ raw: `${raw} ${next.raw}`, stem: compound, stop: false, plural: false });
      at++;
      continue;
    }
    const folded = SPELLINGS.get(lower) ?? lower;
    // A path or file name is a name, not an English word: never stemmed or counted as a plural.
    if (shapeOf(raw) === 'path') {
      list.push({ raw, stem: folded, stop: false, plural: false });
      continue;
    }
    const stemmed = stem(folded);
    list.push({ raw, stem: stemmed, stop: STOPWORDS.has(lower) || STOPWORDS.has(folded), plural: /[^s]s$/.test(folded) && !stemmed.endsWith('s') });
  }
  return list;
}

// Relative weights of the feature families: whole words decide, concepts generalise over
// synonyms, character grams forgive typos and unseen inflections without dominating.
const WEIGHT = { word: 1, concept: 1.6, bigram: 0.6, gram: 0.25, shape: 1.2, plural: 0.6 };

type Weighted = ReadonlyArray<readonly [name: string, weight: number]>;

// A word's own features (concepts, stem, plural, shape, character grams) depend on the
// word alone: computed once per word and reused, so routing a request mostly looks up
// words it has seen before instead of slicing grams into new strings. Bounded, cleared
// when full.
const WORD_FEATURES = new Map<string, Weighted>();
const WORD_FEATURES_MAX = 20_000;

function wordFeatures(word: Word): Weighted {
  const key = `${word.stop ? 1 : 0}${word.plural ? 1 : 0}${word.stem}\u0000${word.raw}`;
  let found = WORD_FEATURES.get(key);
  if (found) return found;
  const list: Array<[string, number]> = [];
  for (const concept of CONCEPT_OF.get(word.stem) ?? []) list.push([`#${concept}`, WEIGHT.concept]);
  if (!word.stop) {
    list.push([`w:${word.stem}`, WEIGHT.word]);
    if (word.plural) list.push([`p:${word.stem}`, WEIGHT.plural]);
    const shape = shapeOf(word.raw);
    if (shape) list.push([`#${shape}`, WEIGHT.shape]);
    const padded = `<${word.stem}>`;
    if (padded.length > 4) for (let at = 0; at + 4 <= padded.length; at++) list.push([`g:${padded.slice(at, at + 4)}`, WEIGHT.gram]);
  }
  if (WORD_FEATURES.size >= WORD_FEATURES_MAX) WORD_FEATURES.clear();
  WORD_FEATURES.set(key, (found = list));
  return found;
}

const CODE_SIGNS = new Set(['#code', '#identifier', '#path']);

/**
 * Every feature of a text (or of its words, already split), in order, to `add` (a name may
 * come more than once: weights add up). Routing feeds them straight into the model's
 * vector; fitting collects them with `featurize`.
 */
export function eachFeature(text: string, list: readonly Word[], add: (name: string, weight: number) => void): void {
  let previous: Word | undefined;
  let code = false;
  for (const word of list) {
    for (const [name, weight] of wordFeatures(word)) {
      add(name, weight);
      if (CODE_SIGNS.has(name)) code = true;
    }
    if (word.stop) continue;
    if (previous) add(`b:${previous.stem}_${word.stem}`, WEIGHT.bigram);
    previous = word;
  }
  // Whether the request speaks about software at all is the best single clue between a
  // question about the code and small talk; its absence is a feature too.
  if (!code) add('#plain', WEIGHT.shape);
  if (/["“”`]/.test(text)) add('#quoted', WEIGHT.shape);
}

/** The sparse features of a text: name → weight (before IDF). */
export function featurize(text: string, list: readonly Word[] = words(text)): Map<string, number> {
  const features = new Map<string, number>();
  eachFeature(text, list, (name, weight) => features.set(name, (features.get(name) ?? 0) + weight));
  return features;
}

/** Identifiers and paths are a sign the request is about code, whatever their words. */
function shapeOf(raw: string): string | undefined {
  if (/[/\\]|\.[a-z]{1,5}$/i.test(raw)) return 'path';
  if (/[a-z][A-Z]|^[A-Z][a-z]+[A-Z]|_[a-z]/.test(raw)) return 'identifier';
  if (/^\d+$/.test(raw)) return 'number';
  return undefined;
}
