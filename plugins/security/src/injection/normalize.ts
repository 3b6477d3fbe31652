/**
 * Text normalisation for the injection detector: NFKC, invisible characters stripped (and
 * recorded), Cyrillic/Greek look-alikes folded inside mixed-script words, lower-cased, with
 * a map back to the original offsets so spans can point into the caller's text.
 */

/** Zero-width and other invisible formatting characters (removed, recorded). */
const ZERO_WIDTH = new Set([
  0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x180e, 0x2061, 0x2062, 0x2063, 0x2064, 0x00ad, 0x034f,
  0x115f, 0x1160, 0x3164, 0xffa0, 0x17b4, 0x17b5,
]);
/** Directional marks: legitimate in right-to-left text, removed but not held against it. */
const BIDI_MARKS = new Set([0x200e, 0x200f, 0x061c]);

export const isTagChar = (code: number): boolean => code >= 0xe0000 && code <= 0xe007f;
export const isBidiControl = (code: number): boolean => (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
export const isVariationSelector = (code: number): boolean => (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef);
export const isZeroWidth = (code: number): boolean => ZERO_WIDTH.has(code);

/** A run of characters that renders as nothing (or nearly) but carries data. */
export interface InvisibleRun {
  kind: 'unicode-tags' | 'variation-selectors' | 'zero-width';
  /** [start, end) in the original text. */
  start: number;
  end: number;
  /** The code points of the run. */
  codes: number[];
  /** The code point just before the run (0 at the start), to tell emoji sequences from smuggling. */
  before: number;
}

export interface NormalizedText {
  /** NFKC text without invisible characters; same length as `lower`. */
  text: string;
  lower: string;
  /** `map[i]` is the original offset of `text[i]`; `map[text.length]` the original length. Null: identity. */
  map: Int32Array | null;
  /** Normalised offsets where a zero-width character was removed from inside a word. */
  zeroWidthInWord: number[];
  /** Normalised offsets where a bidi override, embedding or isolate was removed. */
  bidi: number[];
  /** Original [start, end) of each bidi control, for spans. */
  bidiOriginal: number[];
  /** Runs of tag characters, variation selectors and zero-width characters (original offsets). */
  runs: InvisibleRun[];
}

// eslint-disable-next-line no-control-regex -- the range is all of ASCII, control characters included
const NON_ASCII = /[^\x00-\x7f]/;

/** Cyrillic and Greek letters that look like Latin ones (lower case), folded in mixed-script words. */
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ɡ: 'g',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S',
  α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};
const HAS_CONFUSABLE = /[\u0370-\u03ff\u0400-\u052f\u0261]/;
const WORD = /[\p{L}\p{M}]+/gu;
const LATIN = /[A-Za-z]/;

function foldConfusables(text: string): string {
  if (!HAS_CONFUSABLE.test(text)) return text;
  return text.replace(WORD, (word) => {
    if (!LATIN.test(word) || !HAS_CONFUSABLE.test(word)) return word;
    let out = '';
    for (const ch of word) out += CONFUSABLES[ch] ?? ch;
    return out.length === word.length ? out : word;
  });
}

/**
 * Letters and digits a hidden break inside a word is counted between: Latin, Greek and Cyrillic.
 * Scripts that join with ZWJ/ZWNJ legitimately (Arabic, Indic) and emoji sequences are not among
 * them, so their joiners never count.
 */
const isLetterLike = (code: number): boolean =>
  (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || (code >= 0xc0 && code <= 0x24f) || (code >= 0x370 && code <= 0x52f);

/** Combining diacritical marks (U+0300–U+036F): they compose with the character before them. */
const isCombiningMark = (code: number): boolean => code >= 0x300 && code <= 0x36f;

const nfkcCache = new Map<string, string>();
/** NFKC of one cluster; Latin-1 letters and ASCII are already stable. */
function nfkc(cluster: string, code: number): string {
  if (cluster.length === 1 && code >= 0xc0 && code <= 0xff && code !== 0xd7 && code !== 0xf7) return cluster;
  let out = nfkcCache.get(cluster);
  if (out === undefined) {
    out = cluster.normalize('NFKC');
    if (nfkcCache.size < 8192) nfkcCache.set(cluster, out);
  }
  return out;
}

function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const low = ch.toLowerCase();
    out += low.length === 1 ? low : ch;
  }
  return out;
}

/** Normalises `input` (see the module comment); ASCII text takes a fast path and keeps identity offsets. */
/**
 * Characters the slow path has to see: invisible, bidi, tags, variation selectors, look-alike
 * scripts, combining marks. An emoji's own U+FE0F and U+200D joiners (not touching a letter) are
 * left in the text on the fast path: they are not word characters and carry nothing.
 */
const SPECIAL =
  // eslint-disable-next-line no-misleading-character-class -- joiners and selectors are listed one by one on purpose
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufe00-\ufe0e\ufeff\uffa0\u0370-\u03ff\u0400-\u052f\u0261\u0300-\u036f\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]|\ufe0f[\ufe00-\ufe0f]|[\p{L}\p{N}][\u200d\ufe0f]|\u200d[\p{L}\p{N}]/u;

export function normalize(input: string): NormalizedText {
  // Fast path: ASCII, or text already in NFKC without any character the slow path treats.
  if (!NON_ASCII.test(input) || (!SPECIAL.test(input) && input.normalize('NFKC') === input)) {
    const lower = input.toLowerCase();
    if (lower.length === input.length) return { text: input, lower, map: null, zeroWidthInWord: [], bidi: [], bidiOriginal: [], runs: [] };
  }
  return normalizeSlowly(input);
}

/**
 * The character-by-character path, apart from the fast one: V8 compiles (and after a deopt
 * recompiles) this long loop only for the texts that need it.
 */
function normalizeSlowly(input: string): NormalizedText {
  const parts: string[] = [];
  let map = new Int32Array(input.length + 16);
  let mapLength = 0;
  const pushMap = (value: number): void => {
    if (mapLength === map.length) {
      const grown = new Int32Array(map.length * 2);
      grown.set(map);
      map = grown;
    }
    map[mapLength++] = value;
  };
  const zeroWidthInWord: number[] = [];
  const bidi: number[] = [];
  const bidiOriginal: number[] = [];
  const runs: InvisibleRun[] = [];
  let outLength = 0;
  let lastCode = 0; // last code point kept in the output
  let run: InvisibleRun | null = null;
  const n = input.length;
  let i = 0;
  while (i < n) {
    const code = input.codePointAt(i) as number;
    const width = code > 0xffff ? 2 : 1;
    // ASCII run: copied as is, but for a last letter that combining marks follow (`e` + U+0301),
    // which normalises with them below like any other base character.
    let j = i;
    while (j < n && input.charCodeAt(j) < 0x80) j++;
    if (j < n && j > i && isCombiningMark(input.charCodeAt(j))) j--;
    if (j > i) {
      parts.push(input.slice(i, j));
      if (mapLength + (j - i) >= map.length) {
        const grown = new Int32Array(Math.max(map.length * 2, mapLength + (j - i) + 16));
        grown.set(map);
        map = grown;
      }
      for (let k = i; k < j; k++) map[mapLength++] = k;
      outLength += j - i;
      lastCode = input.charCodeAt(j - 1);
      run = null;
      i = j;
      continue;
    }
    const tag = isTagChar(code);
    const selector = !tag && isVariationSelector(code);
    const zeroWidth = !tag && !selector && ZERO_WIDTH.has(code);
    if (tag || selector || zeroWidth) {
      const kind = tag ? 'unicode-tags' : selector ? 'variation-selectors' : 'zero-width';
      if (run === null || run.kind !== kind || run.end !== i) {
        run = { kind, start: i, end: i + width, codes: [code], before: lastCode };
        runs.push(run);
      } else {
        run.end = i + width;
        run.codes.push(code);
      }
      // A soft hyphen only marks where a word may break; a BOM at the start has no letter before it.
      if (zeroWidth && code !== 0x00ad && isLetterLike(lastCode)) {
        const next = i + width < n ? (input.codePointAt(i + width) as number) : 0;
        if (isLetterLike(next) || ZERO_WIDTH.has(next)) zeroWidthInWord.push(outLength);
      }
      i += width;
      continue;
    }
    run = null;
    if (isBidiControl(code)) {
      bidi.push(outLength);
      bidiOriginal.push(i);
      i += width;
      continue;
    }
    if (BIDI_MARKS.has(code)) {
      i += width;
      continue;
    }
    // A base character and its combining marks normalise together.
    j = i + width;
    while (j < n && isCombiningMark(input.charCodeAt(j))) j++;
    const cluster = input.slice(i, j);
    const normalized = nfkc(cluster, code);
    parts.push(normalized);
    for (let k = 0; k < normalized.length; k++) pushMap(i);
    outLength += normalized.length;
    lastCode = normalized.codePointAt(normalized.length - 1) ?? code;
    if (lastCode >= 0xdc00 && lastCode <= 0xdfff) lastCode = normalized.codePointAt(normalized.length - 2) ?? code;
    i = j;
  }
  pushMap(n);
  const text = foldConfusables(parts.join(''));
  return { text, lower: lowerSameLength(text), map: map.slice(0, mapLength), zeroWidthInWord, bidi, bidiOriginal, runs };
}

/** Original offset of normalised offset `index`. */
export function originalOffset(norm: NormalizedText, index: number): number {
  return norm.map === null ? index : (norm.map[Math.min(index, norm.map.length - 1)] as number);
}
