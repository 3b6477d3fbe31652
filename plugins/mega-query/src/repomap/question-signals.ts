import type { ScannedFile } from '../types.js';
import { bm25Of, countsOf, type TermCounts } from './bm25.js';
import { bagCount, bagLength } from './term-bag.js';
import { questionConceptsOf, spellingsOf, termsOf } from './terms.js';

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
  /** The share of the question's terms it holds at all (text, name, folders or symbols), each weighted by its rarity. */
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

/**
 * The question's terms in a text (names, owners, kinds, folders, file names), each distinct
 * text worked out once a question: they recur across thousands of files.
 */
function wantedTermsMemo(wanted: Set<string>): (text: string) => readonly string[] {
  const known = new Map<string, readonly string[]>();
  return (text) => {
    let terms = known.get(text);
    if (terms === undefined) known.set(text, (terms = termsOf(text).filter((term) => wanted.has(term))));
    return terms;
  };
}

/**
 * Which of the question's terms the file's names, their owners and the kinds declared
 * (`class`, `interface`…) hold, so "the error class" meets `class ZodError`. Only whether a
 * term is held counts for symbols (coverage, never BM25), so counts are 1 and the length 0.
 * termsOf splits on anything not a letter or digit, so the names are read one by one.
 */
function symbolHolds(file: ScannedFile, wantedIn: (text: string) => readonly string[]): TermCounts {
  const held = new Set<string>();
  const add = (text: string) => {
    for (const term of wantedIn(text)) held.add(term);
  };
  for (const symbol of file.facts?.symbols ?? []) {
    add(symbol.name);
    if (symbol.parent !== undefined) add(symbol.parent);
    add(symbol.kind);
  }
  return held.size === 0 ? NO_WORDS : { count: (term) => (held.has(term) ? 1 : 0), length: 0 };
}

// Names that say only "the entry of this folder": the folder's name is the file's.
const ENTRY_NAMES = new Set(['index', 'main', '__init__', '__main__', 'mod', 'lib', 'init']);

/** The folders and name a file is ranked by (an entry file takes its folder's name), and its path's own two parts. */
function splitPath(path: string): { folders: string; name: string; dir: string; base: string } {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dot = base.indexOf('.', 1);
  const dir = slash < 0 ? '' : path.slice(0, slash);
  const name = dot < 0 ? base : base.slice(0, dot);
  if (!ENTRY_NAMES.has(name.toLowerCase()) || dir === '') return { folders: dir, name, dir, base };
  // The folder that names the entry is its name, not also one of its folders (counted once).
  const parent = dir.lastIndexOf('/');
  return { folders: parent < 0 ? '' : dir.slice(0, parent), name: dir.slice(parent + 1), dir, base };
}

function wordsOf(file: ScannedFile): TermCounts {
  const words = file.facts?.words;
  if (words === undefined) return NO_WORDS;
  // Each term is looked for once a file: the signals below ask the question's few terms many times.
  const found = new Map<string, number>();
  const count = (term: string): number => {
    let times = found.get(term);
    if (times === undefined) found.set(term, (times = bagCount(words, term)));
    return times;
  };
  return { count, length: bagLength(words) };
}

/** Each file's lexical match with the question's terms. */
export function lexicalMatches(files: ScannedFile[], question: string): Map<string, LexicalMatch> {
  const concepts = questionConceptsOf(question);
  const wanted = [...new Set(concepts.flat())];
  const wantedSet = new Set(wanted);
  const symbolDocs = new Map<string, TermCounts>();
  const nameDocs = new Map<string, TermCounts>();
  const pathDocs = new Map<string, TermCounts>();
  const contentDocs = new Map<string, TermCounts>();
  const wantedIn = wantedTermsMemo(wantedSet);
  // Files of one folder, or of one name, share one read-only document (BM25 needs every term's count).
  const shared = new Map<string, TermCounts>();
  const sharedCounts = (text: string) => {
    let counts = shared.get(text);
    if (counts === undefined) shared.set(text, (counts = countsOf(termsOf(text))));
    return counts;
  };
  const split = new Map(files.map((file) => [file.path, splitPath(file.path)]));
  for (const file of files) {
    const { folders, name } = split.get(file.path)!;
    symbolDocs.set(file.path, symbolHolds(file, wantedIn));
    nameDocs.set(file.path, sharedCounts(name));
    pathDocs.set(file.path, sharedCounts(folders));
    contentDocs.set(file.path, wordsOf(file));
  }
  const rarity = rarityOf([symbolDocs, nameDocs, pathDocs, contentDocs], concepts);
  const symbol = coverageOf(symbolDocs, rarity);
  // A term the file holds in its name, folders or symbols counts as held (`en.ts` holds `en`).
  const coverage = coverageOf(new Map(files.map((file) => [file.path, anyOf([symbolDocs, nameDocs, pathDocs, contentDocs], file.path)])), rarity);
  const name = bm25Of(nameDocs, wanted);
  const path = bm25Of(pathDocs, wanted);
  const content = bm25Of(contentDocs, wanted);
  const spelled = spellingsOf(question);
  const matches = new Map<string, LexicalMatch>();
  for (const file of files) {
    const id = file.path;
    const signals = { symbol: symbol.get(id) ?? 0, name: name.get(id) ?? 0, path: path.get(id) ?? 0, content: content.get(id) ?? 0, coverage: coverage.get(id) ?? 0 };
    const symbols = signals.symbol === 0 ? [] : matchedSymbols(file, wantedSet);
    // The path's terms are its folders' then its file name's: `/` is no part of a term.
    const { dir, base } = split.get(id)!;
    const inPath = new Set([...wantedIn(dir), ...wantedIn(base)]);
    const inText = [...wantedSet].filter((term) => contentDocs.get(id)!.count(term) > 0);
    matches.set(id, { signals, symbols, path: [...new Set([...inPath].map(spelled))], content: [...new Set(inText.map(spelled))] });
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
 * Each concept's weight, log(1 + N / files holding it) over files holding any of its forms
 * anywhere (name, path, symbols or text): a concept in every file weighs little; one no file
 * holds is left out. A concept counts once however many forms it has (`english`, `en`).
 */
function rarityOf(views: Array<Map<string, TermCounts>>, concepts: string[][]): Array<{ forms: string[]; weight: number }> {
  const ids = [...views[0]!.keys()];
  const weighted: Array<{ forms: string[]; weight: number }> = [];
  for (const forms of concepts) {
    const holding = ids.filter((id) => views.some((view) => holds(view.get(id)!, forms))).length;
    if (holding > 0) weighted.push({ forms, weight: Math.log(1 + ids.length / holding) });
  }
  return weighted;
}

const holds = (document: TermCounts, forms: string[]): boolean => forms.some((form) => document.count(form) > 0);

/** A file's views as one: a term counts when any view holds it (for coverage, which asks only whether). */
function anyOf(views: Array<Map<string, TermCounts>>, id: string): TermCounts {
  return { count: (term) => (views.some((view) => view.get(id)!.count(term) > 0) ? 1 : 0), length: 0 };
}

/** For each document, the weighted share of the question's concepts it holds at all, in [0, 1]. */
function coverageOf(documents: Map<string, TermCounts>, rarity: Array<{ forms: string[]; weight: number }>): Map<string, number> {
  let total = 0;
  for (const { weight } of rarity) total += weight;
  const scores = new Map<string, number>();
  for (const [id, document] of documents) {
    let held = 0;
    for (const { forms, weight } of rarity) if (holds(document, forms)) held += weight;
    scores.set(id, total > 0 ? held / total : 0);
  }
  return scores;
}
