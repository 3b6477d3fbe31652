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
    const suffix = SUFFIXES.find((end) => word.endsWith(end) && word.length - end.length >= 3 && !(end === 's' && /[sui]s$/.test(word)));
    if (suffix === undefined) return word;
    word = word.slice(0, -suffix.length) + (suffix === 'ies' ? 'y' : '');
  }
}

const WORD_BOUNDARY = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;

/**
 * Search terms of code or prose: split on anything not a letter or digit, then on camelCase
 * and acronym boundaries (`parseHTTPResponse` → par, http, respon), lower-cased, stemmed,
 * without stopwords or one-letter words. A compound identifier also gives its whole self
 * first (`ETag` → etag, tag; `setCharset` → setcharset, set, charset), so a question's `etag`
 * meets code's `ETag` and its parts meet `set the charset`. Without `compounds`, the words in
 * sequence, for phrases: each compound as its parts (`v3`, with none, as itself).
 */
export function termsOf(text: string, compounds = true): string[] {
  const terms: string[] = [];
  for (const chunk of text.split(/[^\p{L}\p{N}]+/u)) {
    const parts = chunk.split(WORD_BOUNDARY);
    const whole = parts.length > 1 && !STOPWORDS.has(chunk.toLowerCase()) ? stem(chunk.toLowerCase()) : undefined;
    if (compounds && whole !== undefined) terms.push(whole);
    const before = terms.length;
    for (const part of parts) {
      const word = part.toLowerCase();
      if (word.length > 1 && !STOPWORDS.has(word)) terms.push(stem(word));
    }
    // Without compounds, one whose parts are all too short (`v3`) still stands for itself.
    if (!compounds && whole !== undefined && terms.length === before) terms.push(whole);
  }
  return terms;
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
