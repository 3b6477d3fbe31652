import type { ScannedFile } from '../types.js';
import { bm25Of, countsOf, type TermCounts } from './bm25.js';
import { questionTermsOf, spellingsOf, termsOf } from './terms.js';

/** What a file offers a question, each in [0, 1] (BM25 ones relative to the best file). */
export interface LexicalSignals {
  /** The share of the question's terms among the names it declares (split and whole) and their owners, each weighted by rarity. */
  symbol: number;
  /** Its file name without the extension. */
  name: number;
  /** The folders it sits in. */
  path: number;
  /** Its text (BM25: frequent matches in a short text score high). */
  content: number;
  /** The share of the question's terms its text has at all, each weighted by its rarity. */
  coverage: number;
}

export interface LexicalMatch {
  signals: LexicalSignals;
  /** Symbol names sharing a term with the question, declaration order. */
  symbols: string[];
  /** Question terms in the path / in the text. */
  path: string[];
  content: string[];
}

const SYMBOLS_SHOWN = 5;
const NO_WORDS: TermCounts = { count: () => 0, length: 0 };

function symbolTerms(file: ScannedFile): string[] {
  const symbols = file.facts?.symbols ?? [];
  const owners = new Set(symbols.flatMap((symbol) => (symbol.parent === undefined ? [] : [symbol.parent])));
  return termsOf([...symbols.map((symbol) => symbol.name), ...owners].join(' '));
}

function splitPath(path: string): { folders: string; name: string } {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dot = base.indexOf('.', 1);
  return { folders: slash < 0 ? '' : path.slice(0, slash), name: dot < 0 ? base : base.slice(0, dot) };
}

function wordsOf(file: ScannedFile): TermCounts {
  const words = file.facts?.words;
  if (words === undefined) return NO_WORDS;
  let length = 0;
  for (const count of Object.values(words)) length += count;
  // Own properties only: a cached bag parsed from JSON inherits `constructor` and friends.
  return { count: (term) => (Object.hasOwn(words, term) ? (words[term] ?? 0) : 0), length };
}

/** Each file's lexical match with the question's terms. */
export function lexicalMatches(files: ScannedFile[], question: string): Map<string, LexicalMatch> {
  const wanted = questionTermsOf(question);
  const wantedSet = new Set(wanted);
  const symbolDocs = new Map<string, TermCounts>();
  const nameDocs = new Map<string, TermCounts>();
  const pathDocs = new Map<string, TermCounts>();
  const contentDocs = new Map<string, TermCounts>();
  for (const file of files) {
    const { folders, name } = splitPath(file.path);
    symbolDocs.set(file.path, countsOf(symbolTerms(file)));
    nameDocs.set(file.path, countsOf(termsOf(name)));
    pathDocs.set(file.path, countsOf(termsOf(folders)));
    contentDocs.set(file.path, wordsOf(file));
  }
  const symbol = coverageOf(symbolDocs, wanted);
  const coverage = coverageOf(contentDocs, wanted);
  const name = bm25Of(nameDocs, wanted);
  const path = bm25Of(pathDocs, wanted);
  const content = bm25Of(contentDocs, wanted);
  const spelled = spellingsOf(question);
  const matches = new Map<string, LexicalMatch>();
  for (const file of files) {
    const id = file.path;
    const signals = { symbol: symbol.get(id) ?? 0, name: name.get(id) ?? 0, path: path.get(id) ?? 0, content: content.get(id) ?? 0, coverage: coverage.get(id) ?? 0 };
    const symbols = signals.symbol === 0 ? [] : matchedSymbols(file, wantedSet);
    const inPath = new Set([...termsOf(file.path)].filter((term) => wantedSet.has(term)));
    const inText = [...wantedSet].filter((term) => contentDocs.get(id)!.count(term) > 0);
    matches.set(id, { signals, symbols, path: [...inPath].map(spelled), content: inText.map(spelled) });
  }
  return matches;
}

function matchedSymbols(file: ScannedFile, wanted: Set<string>): string[] {
  const names: string[] = [];
  for (const symbol of file.facts?.symbols ?? []) {
    const shown = symbol.parent === undefined ? symbol.name : `${symbol.parent}.${symbol.name}`;
    if (names.length < SYMBOLS_SHOWN && !names.includes(shown) && termsOf(shown).some((term) => wanted.has(term))) names.push(shown);
  }
  return names;
}

/**
 * For each document, the share of the query's terms it holds at all, each term weighted by
 * its inverse document frequency (a term in every document weighs little); terms no document
 * holds do not count. In [0, 1].
 */
function coverageOf(documents: Map<string, TermCounts>, query: string[]): Map<string, number> {
  const wanted = [...new Set(query)];
  const weight = new Map<string, number>();
  for (const term of wanted) {
    let holding = 0;
    for (const document of documents.values()) if (document.count(term) > 0) holding++;
    if (holding > 0) weight.set(term, Math.log(1 + documents.size / holding));
  }
  let total = 0;
  for (const value of weight.values()) total += value;
  const scores = new Map<string, number>();
  for (const [id, document] of documents) {
    let held = 0;
    for (const [term, value] of weight) if (document.count(term) > 0) held += value;
    scores.set(id, total > 0 ? held / total : 0);
  }
  return scores;
}
