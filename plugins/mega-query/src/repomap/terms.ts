// Words that say how a question is asked, not what it is about.
const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could do does did for from has have how i if in into is it its ' +
    'me my no not of on or our should so than that the their them then there these they this those to was ' +
    'we were what when where which while who why will with would you your about any all also each find ' +
    'get me more most much other out over show some such tell used uses using via want work works'
  ).split(' '),
);

/** `tokens` → `token`, `entries` → `entry`: enough stemming for a path to meet its question. */
function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * Search terms of code or prose: split on anything not a letter or digit, then on camelCase
 * and acronym boundaries (`parseHTTPResponse` → parse, http, response), lower-cased, singular,
 * without stopwords or one-letter words.
 */
export function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const word of text.split(/[^\p{L}\p{N}]+/u)) {
    for (const part of word.split(/(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u)) {
      const term = singular(part.toLowerCase());
      if (term.length > 1 && !STOPWORDS.has(term)) terms.push(term);
    }
  }
  return terms;
}
