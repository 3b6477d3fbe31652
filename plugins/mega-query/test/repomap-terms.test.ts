import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { termsOf, wordTerm } from '../src/repomap/terms.js';

const require = createRequire(import.meta.url);

// What a term is, said with the Unicode patterns alone: termsOf cuts ASCII by char codes and
// must give exactly this. The stopwords and stemming are the module's own (wordTerm).
const SEPARATORS = /[^\p{L}\p{N}]+/u;
const WORD_BOUNDARY = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;

function specTermsOf(text: string, compounds = true): string[] {
  const terms: string[] = [];
  for (const chunk of text.split(SEPARATORS)) {
    const parts = chunk.split(WORD_BOUNDARY);
    const whole = parts.length > 1 ? wordTerm(chunk.toLowerCase()) : undefined;
    if (compounds && whole !== undefined) terms.push(whole);
    const before = terms.length;
    for (const part of parts) {
      const word = part.toLowerCase();
      const term = word.length > 1 ? wordTerm(word) : undefined;
      if (term !== undefined) terms.push(term);
    }
    if (!compounds && whole !== undefined && terms.length === before) terms.push(whole);
  }
  return terms;
}

/** Installed text nobody here wrote, in many scripts: zod's locales, TypeScript's translated messages and its lib files, oclif. */
function corpus(): string[] {
  const files = (name: string, keep: RegExp) => {
    const root = dirname(require.resolve(`${name}/package.json`));
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && keep.test(join(entry.parentPath, entry.name)))
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  };
  return [
    ...files('zod', /locales\/.*\.js$|v4\/core\/.*\.js$/),
    ...files('typescript', /\/(?:tr|ru|zh-cn|de)\/diagnosticMessages\.generated\.json$|lib\.es20\d\d\.[a-z.]*d\.ts$/),
    ...files('@oclif/core', /\.js$/),
  ];
}

describe('termsOf', () => {
  it('gives what the Unicode patterns give, on real code and prose in many scripts', () => {
    const texts = corpus();
    expect(texts.length).toBeGreaterThan(200);
    // Non-ASCII text is in it (the translated messages), so both ways of cutting are exercised.
    expect(texts.some((text) => /[İıΣσçğş]/u.test(text))).toBe(true);
    // Joined (a term holds no space): comparing arrays of a million strings is slow.
    for (const text of texts) {
      expect(termsOf(text).join(' ')).toBe(specTermsOf(text).join(' '));
      expect(termsOf(text, false).join(' ')).toBe(specTermsOf(text, false).join(' '));
    }
  });

  it.each([
    'parseHTTPResponse2Go',
    'ABCdef aB A1b2C3 v3 x9 9x 42',
    'snake_case_words and kebab-case-words',
    'ΟΔΟΣ ΑΣΤa ΣοφίαΚαι',
    'İstanbulİzmir ıIiİ İ x İ',
    'a\u212Ab \u212Aelvin',
    '\u{1D400}\u{1D401}c1 \u{1D41A}Bc',
    'e\u0301tude cafe\u0301Latte',
    'a\u{1F600}b ok\u{1F600}Computer',
    'a\ud800b lone\udc00Surrogate',
    '\u0663abc abc\u0663def x\u00b2y',
    'naïveCafé straßeGroß',
    '',
    '  \t\n-_.',
  ])('cuts %j as the Unicode patterns do', (text) => {
    expect(termsOf(text)).toEqual(specTermsOf(text));
    expect(termsOf(text, false)).toEqual(specTermsOf(text, false));
  });

  it('cuts camelCase, acronyms and digits, and keeps the compound first', () => {
    expect(termsOf('parseHTTPResponse')).toEqual(['parsehttprespon', 'par', 'http', 'respon']);
    expect(termsOf('utf8Decoder')).toEqual(['utf8decoder', 'utf', 'decoder']);
    expect(termsOf('classes status axis')).toEqual(['class', 'status', 'axis']);
    expect(termsOf('v3', false)).toEqual(['v3']);
  });
});
