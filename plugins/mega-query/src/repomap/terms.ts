// Words that say how a question is asked, not what it is about.
const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could do does did for from has have how i if in into is it its ' +
    'me my no not of on or our should so than that the their them then there these they this those to was ' +
    'we were what when where which while who why will with would you your about any all also each find ' +
    'get more most much other out over show some such tell used uses using via want work works'
  ).split(' '),
);

// Tried in order; `ies` becomes `y`. A stem keeps at least three letters.
const SUFFIXES = ['ies', 'ing', 'ion', 'ed', 'es', 's', 'e'];

/**
 * A crude suffix stripper, enough for a question's words to meet code's names: `rendered`,
 * `renders`, `rendering` → `render`; `cache`, `cached`, `caching` → `cach`. Repeated until
 * stable, so `strings` and `string` meet too; `coercion` and `coerce` → `coerc`.
 */
function stem(word: string): string {
  for (;;) {
    const suffix = strippedSuffix(word);
    if (suffix === undefined) return word;
    word = word.slice(0, -suffix.length) + (suffix === 'ies' ? 'y' : '');
  }
}

function strippedSuffix(word: string): string | undefined {
  for (const end of SUFFIXES) {
    if (word.length - end.length >= 3 && word.endsWith(end) && !(end === 's' && keepsS(word))) return end;
  }
  return undefined;
}

// Code repeats its words: a term is worked out once per word until this many are known.
const KNOWN_WORDS = 1 << 16;
const known = new Map<string, string | null>();

/** The term a lower-case word stands for: its stem, or none for a stopword. */
export function wordTerm(word: string): string | undefined {
  let term = known.get(word);
  if (term === undefined) {
    if (known.size >= KNOWN_WORDS) known.clear();
    known.set(word, (term = STOPWORDS.has(word) ? null : stem(word)));
  }
  return term ?? undefined;
}

/** `ss`, `us`, `is` (class, status, axis): an `s` that is no plural. */
function keepsS(word: string): boolean {
  const before = word.charCodeAt(word.length - 2);
  return before === 0x73 || before === 0x75 || before === 0x69;
}

const SEPARATORS = /[^\p{L}\p{N}]+/u;
const WORD_BOUNDARY = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;

/**
 * Search terms of code or prose: split on anything not a letter or digit, then on camelCase
 * and acronym boundaries (`parseHTTPResponse` → par, http, respon), lower-cased, stemmed,
 * without stopwords or one-letter words. A compound identifier also gives its whole self
 * first (`ETag` → etag, tag; `setCharset` → setcharset, set, charset), so a question's `etag`
 * meets code's `ETag` and its parts meet `set the charset`. Without `compounds`, the words in
 * sequence, for phrases: each compound as its parts (`v3`, with none, as itself).
 *
 * Every file's whole text goes through here, so ASCII runs are cut by char codes; a run with
 * any other character is cut by the two Unicode patterns above, which say what a cut is.
 */
export function termsOf(text: string, compounds = true): string[] {
  const terms: string[] = [];
  let at = 0;
  while (at < text.length) {
    if (isAsciiSeparator(text.charCodeAt(at))) {
      at++;
      continue;
    }
    // A run up to the next ASCII separator: ASCII letters and digits, or anything else.
    const start = at;
    let ascii = true;
    for (; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code >= 0x80) ascii = false;
      else if (KIND[code] === SEPARATOR) break;
    }
    const run = text.slice(start, at);
    if (ascii) addChunk(terms, run, asciiParts(run), compounds);
    else for (const chunk of run.split(SEPARATORS)) addChunk(terms, chunk, chunk.split(WORD_BOUNDARY), compounds);
  }
  return terms;
}

/** The terms of one run of letters and digits, already cut into its parts. */
function addChunk(terms: string[], chunk: string, parts: readonly string[], compounds: boolean): void {
  const whole = parts.length > 1 ? wordTerm(chunk.toLowerCase()) : undefined;
  if (compounds && whole !== undefined) terms.push(whole);
  const before = terms.length;
  for (const part of parts) {
    const word = part.toLowerCase(); // may grow: İ is i and a combining dot
    const term = word.length > 1 ? wordTerm(word) : undefined;
    if (term !== undefined) terms.push(term);
  }
  // Without compounds, one whose parts are all too short (`v3`) still stands for itself.
  if (!compounds && whole !== undefined && terms.length === before) terms.push(whole);
}

const [SEPARATOR, DIGIT, LOWER, UPPER] = [0, 1, 2, 3];
const KIND = new Uint8Array(0x80).map((_, code) => {
  if (code >= 0x30 && code <= 0x39) return DIGIT;
  if (code >= 0x61 && code <= 0x7a) return LOWER;
  return code >= 0x41 && code <= 0x5a ? UPPER : SEPARATOR;
});
const isAsciiSeparator = (code: number): boolean => code < 0x80 && KIND[code] === SEPARATOR;

/** WORD_BOUNDARY's cuts of an ASCII run: lower→Upper, UPPER→Upper+lower, letter↔digit. */
function asciiParts(run: string): string[] {
  const parts: string[] = [];
  let from = 0;
  let before = KIND[run.charCodeAt(0)]!;
  for (let at = 1; at < run.length; at++) {
    const kind = KIND[run.charCodeAt(at)]!;
    const cut =
      (before === LOWER && kind === UPPER) ||
      // Past the run's end charCodeAt gives NaN, which has no kind.
      (before === UPPER && kind === UPPER && KIND[run.charCodeAt(at + 1)] === LOWER) ||
      (before === DIGIT) !== (kind === DIGIT);
    if (cut) {
      parts.push(run.slice(from, at));
      from = at;
    }
    before = kind;
  }
  parts.push(run.slice(from));
  return parts;
}

// The short forms code uses for words questions spell out, both ways; and language names for locale files.
const SAME_MEANING: string[][] = [
  ['pattern', 'regex', 'regexp', 'regular'],
  ['configuration', 'config', 'setting', 'option'],
  ['directory', 'dir', 'folder'],
  ['argument', 'arg'],
  ['parameter', 'param'],
  ['initialize', 'init'],
  ['message', 'msg'],
  ['error', 'err'],
  ['request', 'req'],
  ['response', 'res'],
  ['authentication', 'auth'],
  ['database', 'db'],
  ['temporary', 'tmp', 'temp'],
  ['environment', 'env'],
  ['english', 'en'],
  ['french', 'fr'],
  ['german', 'de'],
  ['spanish', 'es'],
  ['japanese', 'ja'],
  ['chinese', 'zh'],
].map((words) => words.map(stem));
const MEANINGS = new Map<string, string[]>();
for (const words of SAME_MEANING) for (const word of words) MEANINGS.set(word, words);

/**
 * A question's concepts: each search term with the other forms code writes it in (`request` →
 * request, req; `English` → english, en); a concept the question names twice (`request` and
 * `req`) is one.
 */
export function questionConceptsOf(question: string): string[][] {
  const concepts = new Map<string, string[]>();
  for (const term of termsOf(question)) {
    const forms = MEANINGS.get(term) ?? [term];
    concepts.set(forms.join(' '), forms);
  }
  return [...concepts.values()];
}

/** A question's search terms and the other forms code writes them in (`request` → req; `English` → en). */
export function questionTermsOf(question: string): string[] {
  return [...new Set(questionConceptsOf(question).flat())];
}

/** Each search term of a question, spelled as the question spells it (`respon` → `response`; the shortest spelling), for showing. */
export function spellingsOf(question: string): (term: string) => string {
  const spelled = new Map<string, string>();
  for (const word of question.split(/[^\p{L}\p{N}]+/u)) {
    for (const term of termsOf(word)) if ((spelled.get(term)?.length ?? Infinity) > word.length) spelled.set(term, word.toLowerCase());
  }
  return (term) => spelled.get(term) ?? term;
}
