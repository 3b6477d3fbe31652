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
const SUFFIXES = ['ies', 'ing', 'ed', 'es', 's', 'e'];

/**
 * A crude suffix stripper, enough for a question's words to meet code's names: `rendered`,
 * `renders`, `rendering` → `render`; `cache`, `cached`, `caching` → `cach`. Repeated until
 * stable, so `strings` and `string` meet too.
 */
function stem(word: string): string {
  for (;;) {
    const suffix = SUFFIXES.find((end) => word.endsWith(end) && word.length - end.length >= 3 && !(end === 's' && /[sui]s$/.test(word)));
    if (suffix === undefined) return word;
    word = word.slice(0, -suffix.length) + (suffix === 'ies' ? 'y' : '');
  }
}

/**
 * Search terms of code or prose: split on anything not a letter or digit, then on camelCase
 * and acronym boundaries (`parseHTTPResponse` → par, http, respon), lower-cased, stemmed,
 * without stopwords or one-letter words.
 */
export function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const chunk of text.split(/[^\p{L}\p{N}]+/u)) {
    for (const part of chunk.split(/(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u)) {
      const word = part.toLowerCase();
      if (word.length > 1 && !STOPWORDS.has(word)) terms.push(stem(word));
    }
  }
  return terms;
}
