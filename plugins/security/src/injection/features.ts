/**
 * Features for the injection classifier. Text is cut into segments (the visible text and each
 * decoded hidden piece, see hidden-channels.ts), each segment into overlapping windows of
 * tokens, and every window gets:
 * - dense engineered features: phrase-pattern counts (patterns.ts), lexicon counts (second
 *   person, imperative verbs at the start of a sentence, model nouns, secrets, …), shape
 *   (upper-case ratio, code symbols, questions, quotes), invisible characters inside it, the
 *   channel it came from, and a few products (imperative × second person, code insertion ×
 *   suspicious payload, …);
 * - hashed sparse features: word unigrams and bigrams and character 4-grams of each token
 *   (2^18 buckets), binary within a window and L2-normalised (see HASH_NORM_FLOOR).
 * The classifier scores every window; the text scores as its highest window.
 *
 * The layout (names, hash size, window size) is part of the model file: model.ts refuses a
 * file whose layout differs from this one.
 */
import { HIDDEN_CHANNELS, segment as segmentText, type Channel, type HiddenRun, type Segment, type SegmentLimits, DEFAULT_LIMITS } from './hidden-channels.js';
import { fnv, matchAt, PATTERN_GROUPS, PREFIX_KEY, type PatternMatch } from './patterns.js';

export const FEATURE_LAYOUT_VERSION = 2;
export const HASH_BITS = 18;
export const HASH_SIZE = 1 << HASH_BITS;
const HASH_MASK = HASH_SIZE - 1;
export const WINDOW_TOKENS = 48;
export const WINDOW_STRIDE = 24;
export const CHAR_NGRAMS: readonly number[] = [4];
const MAX_CHARGRAM_TOKEN = 24;

// ---------------------------------------------------------------- lexicons

const LEX = {
  you: 1,
  imperative: 2,
  model: 4,
  instruction: 8,
  prior: 16,
  secret: 32,
  exfil: 64,
  output: 128,
  now: 256,
  code: 512,
} as const;

/** Lexicon classes by fnv of the word; collisions are checked against the word. */
const LEXICON = new Map<number, { word: string; bits: number }[]>();
function lexicon(bit: number, list: string): void {
  for (const word of list.trim().split(/\s+/)) {
    const key = fnv(word);
    const entries = LEXICON.get(key) ?? [];
    const entry = entries.find((e) => e.word === word);
    if (entry === undefined) entries.push({ word, bits: bit });
    else entry.bits |= bit;
    LEXICON.set(key, entries);
  }
}
function lexiconBits(lower: string, start: number, end: number, key: number): number {
  const entries = LEXICON.get(key);
  if (entries === undefined) return 0;
  outer: for (const { word, bits } of entries) {
    if (word.length !== end - start) continue;
    for (let k = 0; k < word.length; k++) if (lower.charCodeAt(start + k) !== word.charCodeAt(k)) continue outer;
    return bits;
  }
  return 0;
}
lexicon(LEX.you, 'you your yours yourself yourselves du dich dir dein deine deinen deinem deiner deines euch euer eure');
lexicon(
  LEX.imperative,
  `ignore disregard forget skip override bypass write print output say respond reply answer tell show reveal repeat list translate pretend act imagine
   roleplay become include insert add append integrate incorporate embed merge use utilize leverage employ execute run send post upload email ensure make
   stop start begin generate create provide give describe explain summarize remember do don dont never always only instead please focus concentrate state
   return fetch open visit click call deploy adopt infuse weave fuse blend meld enlist engage absorb introduce render harmonize
   ignoriere ignorieren vergiss vergesst schreibe schreib zeige zeig gib sage sag antworte beantworte übersetze erkläre verfasse formuliere konzentriere
   stell tu mach mache füge integriere sende schicke nutze verwende führe liste nenne wiederhole bitte achtung stopp hör vergessen`,
);
lexicon(LEX.model, 'assistant ai gpt chatgpt llm llms claude model models bot chatbot ki sprachmodell copilot agent gemini bard openai anthropic');
lexicon(
  LEX.instruction,
  'instruction instructions prompt prompts rules guidelines directives directions orders commands constraints restrictions programming guardrails anweisung anweisungen instruktionen instruktion befehle regeln vorgaben richtlinien aufgaben aufträge systemprompt',
);
lexicon(LEX.prior, 'previous prior above preceding earlier former initial original everything vorherigen bisherigen obigen vorangegangenen vorherige alle alles oben zuvor davor vorher');
lexicon(LEX.secret, 'password passwords secret secrets token tokens key keys apikey api_key credential credentials cookie cookies ssh env environ wallet passwort passwörter schlüssel zugangsdaten private');
lexicon(LEX.exfil, 'send post upload transmit forward exfiltrate email mail leak share submit curl wget fetch webhook sende schicke übermittle');
lexicon(LEX.output, 'response answer reply output responses answers replies antwort ausgabe solution implementation codebase');
lexicon(LEX.now, 'now instead henceforth jetzt nun stattdessen');
lexicon(LEX.code, 'def return import const let var function class self this null none true false int str elif lambda async await public static void if else for while try except catch new');

// ---------------------------------------------------------------- dense layout

const GROUP_NAMES = PATTERN_GROUPS.map((group) => group.name);
export const DENSE_FEATURES: readonly string[] = [
  ...GROUP_NAMES.map((name) => `re:${name}`),
  'lex:you',
  'lex:imperative-start',
  'lex:model',
  'lex:instruction-noun',
  'lex:prior',
  'lex:secret',
  'lex:exfil-verb',
  'lex:output-noun',
  'lex:now',
  'lex:code',
  'ratio:you',
  'ratio:imperative',
  'ratio:upper',
  'ratio:code-symbols',
  'shape:quote',
  'shape:short',
  'shape:length',
  'shape:newlines',
  'hid:zero-width-in-word',
  'hid:bidi',
  ...HIDDEN_CHANNELS.map((channel) => `ch:${channel}`),
  'ch:depth',
  'x:imperative-you',
  'x:override-hidden',
  'x:insertion-payload',
  'x:following-code-your-solution',
  'x:exfil-secret',
  'x:model-you',
  'x:instruction-prior',
];
export const DENSE_SIZE = DENSE_FEATURES.length;
const G = Object.fromEntries(GROUP_NAMES.map((name, index) => [name, index])) as Record<string, number>;
const group = (name: string): number => {
  const index = G[name];
  if (index === undefined) throw new Error(`unknown pattern group ${name}`);
  return index;
};
const F_LEX_YOU = DENSE_FEATURES.indexOf('lex:you');
const F_RE0 = 0;
const F_CH = Object.fromEntries(HIDDEN_CHANNELS.map((channel) => [channel, DENSE_FEATURES.indexOf(`ch:${channel}`)])) as Record<string, number>;
const INSTRUCTION_GROUPS = ['override-instructions', 'new-instructions', 'role-hijack', 'jailbreak', 'prompt-leak', 'output-manipulation', 'exfiltration', 'addressed-to-model', 'system-prompt-marker'].map(group);
const PAYLOAD_GROUPS = ['payload-network', 'payload-secrets', 'payload-destructive', 'payload-exec'].map(group);
const G_CODE_INSERTION = group('code-insertion');
const G_FOLLOWING = group('following-code');
const G_YOUR_SOLUTION = group('your-solution');

/** A compact, stable description of the layout, stored in the model file and checked on load. */
export function featureLayout(): { version: number; hashBits: number; hashNormFloor: number; windowTokens: number; windowStride: number; charNgrams: number[]; dense: string[] } {
  return { version: FEATURE_LAYOUT_VERSION, hashBits: HASH_BITS, hashNormFloor: HASH_NORM_FLOOR, windowTokens: WINDOW_TOKENS, windowStride: WINDOW_STRIDE, charNgrams: [...CHAR_NGRAMS], dense: [...DENSE_FEATURES] };
}

// ---------------------------------------------------------------- hashing

const fmix = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};
const SEED_BIGRAM = 0x1b873593;
const SEED_CHAR = [0, 0, 0, 0x27d4eb2f, 0x165667b1];
/** Digits hash alike, so version numbers and ids do not spread over the table. */
const fold = (code: number): number => (code >= 0x30 && code <= 0x39 ? 0x30 : code);

// ---------------------------------------------------------------- tokenizer

const TOKEN_CHAR = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) TOKEN_CHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN_CHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN_CHAR[c] = 1;
TOKEN_CHAR[0x5f] = 1;
const WIDE_LETTER = /[\p{L}\p{N}\p{M}]/u;
const wideCache = new Map<number, boolean>();
/** Whether a character from U+0080 on is part of a token (below, TOKEN_CHAR says). */
function isWideTokenChar(code: number): boolean {
  if (code >= 0xd800 && code <= 0xdfff) return false;
  let known = wideCache.get(code);
  if (known === undefined) {
    known = WIDE_LETTER.test(String.fromCharCode(code));
    if (wideCache.size < 4096) wideCache.set(code, known);
  }
  return known;
}

const GAP_QUESTION = 1;
const GAP_QUOTE = 2;
const GAP_EXCLAIM = 4;
const GAP_NEWLINE = 8;
const GAP_SENTENCE = 16;

// ---------------------------------------------------------------- analysis

export interface Window {
  /** [first, last) token of the window in its segment. */
  first: number;
  last: number;
  /** Normalised [start, end) of the window in its segment. */
  start: number;
  end: number;
  dense: Float32Array;
}

export interface SegmentFeatures {
  segment: Segment;
  tokens: number;
  tokenStart: Int32Array;
  tokenEnd: Int32Array;
  /** Hashed feature indices of token t: hashIndex[hashOffset[t] … hashOffset[t+1]). */
  hashIndex: Int32Array;
  hashOffset: Int32Array;
  matches: PatternMatch[];
  windows: Window[];
}

export interface Analysis {
  segments: SegmentFeatures[];
  runs: HiddenRun[];
}

const countValue = (count: number): number => Math.log2(1 + Math.min(count, 7)) / 3;

// Scratch buffers, grown as needed and reused between calls.
let hashBuffer = new Int32Array(1 << 14);
let tokenBuffers = allocateTokenBuffers(1 << 12);
const codes = new Int32Array(MAX_CHARGRAM_TOKEN + 2);

type TokenBuffers = ReturnType<typeof allocateTokenBuffers>;

function allocateTokenBuffers(size: number) {
  return {
    size,
    start: new Int32Array(size),
    end: new Int32Array(size),
    classes: new Int32Array(size),
    upper: new Int32Array(size),
    gap: new Int32Array(size),
    symbols: new Int32Array(size),
    offsets: new Int32Array(size + 1),
  };
}

const F = Object.fromEntries(DENSE_FEATURES.map((name, index) => [name.replace(/[^a-z0-9]+/gi, '_'), index])) as Record<string, number>;
const f = (name: string): number => {
  const index = F[name];
  if (index === undefined) throw new Error(`unknown feature ${name}`);
  return index;
};
const F_IMP_START = f('lex_imperative_start');
const F_MODEL = f('lex_model');
const F_INSTRUCTION = f('lex_instruction_noun');
const F_PRIOR = f('lex_prior');
const F_SECRET = f('lex_secret');
const F_EXFIL = f('lex_exfil_verb');
const F_OUTPUT = f('lex_output_noun');
const F_NOW = f('lex_now');
const F_CODE = f('lex_code');
const F_RATIO_YOU = f('ratio_you');
const F_RATIO_IMP = f('ratio_imperative');
const F_RATIO_UPPER = f('ratio_upper');
const F_RATIO_SYMBOLS = f('ratio_code_symbols');
const F_QUOTE = f('shape_quote');
const F_SHORT = f('shape_short');
const F_LENGTH = f('shape_length');
const F_NEWLINES = f('shape_newlines');
const F_ZW = f('hid_zero_width_in_word');
const F_BIDI = f('hid_bidi');
const F_DEPTH = f('ch_depth');
const F_X_IMP_YOU = f('x_imperative_you');
const F_X_OVERRIDE_HIDDEN = f('x_override_hidden');
const F_X_INSERTION_PAYLOAD = f('x_insertion_payload');
const F_X_FOLLOWING_YOUR = f('x_following_code_your_solution');
const F_X_EXFIL_SECRET = f('x_exfil_secret');
const F_X_MODEL_YOU = f('x_model_you');
const F_X_INSTRUCTION_PRIOR = f('x_instruction_prior');
const GROUP_COUNT = GROUP_NAMES.length;
const groupCounts = new Int32Array(GROUP_COUNT);
const IS_INSTRUCTION_GROUP = new Uint8Array(GROUP_COUNT);
for (const g of INSTRUCTION_GROUPS) IS_INSTRUCTION_GROUP[g] = 1;
const IS_PAYLOAD_GROUP = new Uint8Array(GROUP_COUNT);
for (const g of PAYLOAD_GROUPS) IS_PAYLOAD_GROUP[g] = 1;

/** The gap before the token at `from`: its punctuation marks, code symbols, and where the token starts. */
function gapBefore(lower: string, from: number, n: number): { gap: number; codeSymbols: number; next: number } {
  let gap = 0;
  let codeSymbols = 0;
  let i = from;
  while (i < n) {
    const c = lower.charCodeAt(i);
    if (c < 128 ? TOKEN_CHAR[c] === 1 : isWideTokenChar(c)) break;
    if (c === 0x3f) gap |= GAP_QUESTION | GAP_SENTENCE;
    else if (c === 0x22 || c === 0x27 || c === 0x60 || c === 0x201c || c === 0x201d || c === 0x201e || c === 0xab || c === 0xbb) gap |= GAP_QUOTE;
    else if (c === 0x21) {
      const next = lower.charCodeAt(i + 1);
      if (next !== 0x5b && next !== 0x3d) gap |= GAP_EXCLAIM | GAP_SENTENCE;
    } else if (c === 0x0a) gap |= GAP_NEWLINE | GAP_SENTENCE;
    else if (c === 0x2e || c === 0x3a || c === 0x3b || c === 0x2a || c === 0x3e || c === 0x2d || c === 0x23 || c === 0x2f || c === 0x28 || c === 0x5b || c === 0x7c) gap |= GAP_SENTENCE;
    if (c === 0x3b || c === 0x7b || c === 0x7d || c === 0x28 || c === 0x29 || c === 0x3d || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d) codeSymbols++;
    i++;
  }
  return { gap, codeSymbols, next: i };
}

/** Room in the token buffers for token `token`, grown (and kept for later calls) when full. */
function tokenRoom(token: number): TokenBuffers {
  if (token < tokenBuffers.size) return tokenBuffers;
  const grown = allocateTokenBuffers(tokenBuffers.size * 2);
  grown.start.set(tokenBuffers.start);
  grown.end.set(tokenBuffers.end);
  grown.classes.set(tokenBuffers.classes);
  grown.upper.set(tokenBuffers.upper);
  grown.gap.set(tokenBuffers.gap);
  grown.symbols.set(tokenBuffers.symbols);
  grown.offsets.set(tokenBuffers.offsets);
  tokenBuffers = grown;
  return grown;
}

/**
 * Appends the hashed features of the token [start, end) at `hashCount`: its word, its bigram
 * with the previous token, its character n-grams. Returns the new count.
 */
function hashToken(lower: string, start: number, end: number, h: number, previousHash: number, first: boolean, hashCount: number): number {
  const length = end - start;
  if (hashBuffer.length < hashCount + 8 + 2 * length) {
    const grown = new Int32Array(Math.max(hashBuffer.length * 2, hashCount + 4096));
    grown.set(hashBuffer.subarray(0, hashCount));
    hashBuffer = grown;
  }
  hashBuffer[hashCount++] = fmix(h ^ 0x5bd1e995) & HASH_MASK;
  if (!first) hashBuffer[hashCount++] = fmix((Math.imul(previousHash, 0x9e3779b1) + h) ^ SEED_BIGRAM) & HASH_MASK;
  if (length <= MAX_CHARGRAM_TOKEN) {
    // Characters with boundary marks: ^ token $.
    const padded = length + 2;
    codes[0] = 0x02;
    for (let k = 0; k < length; k++) codes[k + 1] = fold(lower.charCodeAt(start + k));
    codes[padded - 1] = 0x03;
    for (const size of CHAR_NGRAMS) {
      const seed = SEED_CHAR[size] as number;
      for (let p = 0; p + size <= padded; p++) {
        let g = seed;
        for (let q = p; q < p + size; q++) g = Math.imul(g ^ (codes[q] as number), 0x01000193);
        hashBuffer[hashCount++] = fmix(g >>> 0) & HASH_MASK;
      }
    }
  }
  return hashCount;
}

/** The tokens of a segment into the token buffers, their hashed features into hashBuffer, and the phrase patterns they start. */
function tokenize(norm: Segment['norm'], matches: PatternMatch[]): { tokens: number; hashCount: number } {
  const { text, lower } = norm;
  const n = lower.length;
  let hashCount = 0;
  let previousHash = 0;
  let tokens = 0;
  let i = 0;
  while (i < n) {
    // Gap before the token: punctuation tells sentence starts, questions, quotes, code.
    const before = gapBefore(lower, i, n);
    i = before.next;
    if (i >= n) break;
    const start = i;
    // One pass over the token: its raw hash (lookups), folded hash (features), prefix hash.
    let raw = 0x811c9dc5;
    let folded = 0x811c9dc5;
    let prefix = 0;
    let upper = 0;
    while (i < n) {
      const c = lower.charCodeAt(i);
      if (!(c < 128 ? TOKEN_CHAR[c] === 1 : isWideTokenChar(c))) break;
      raw = Math.imul(raw ^ c, 0x01000193);
      folded = Math.imul(folded ^ (c >= 0x30 && c <= 0x39 ? 0x30 : c), 0x01000193);
      if (text.charCodeAt(i) !== c) upper++;
      i++;
      if (i - start === PREFIX_KEY) prefix = raw >>> 0;
    }
    const end = i;
    raw >>>= 0;
    const token = tokens++;
    const buffers = tokenRoom(token);
    buffers.start[token] = start;
    buffers.end[token] = end;
    buffers.classes[token] = lexiconBits(lower, start, end, raw);
    buffers.upper[token] = upper;
    buffers.gap[token] = token === 0 ? before.gap | GAP_SENTENCE : before.gap;
    buffers.symbols[token] = before.codeSymbols;
    // Phrase patterns that can start here.
    matchAt(lower, start, end, raw, prefix, token, matches);
    buffers.offsets[token] = hashCount;
    const h = folded >>> 0;
    hashCount = hashToken(lower, start, end, h, previousHash, token === 0, hashCount);
    previousHash = h;
  }
  // offsets holds size + 1 entries, so the end of the last token always fits.
  tokenBuffers.offsets[tokens] = hashCount;
  return { tokens, hashCount };
}

/** First tokens of the windows over `tokens` tokens: every stride, and one ending at the last token. */
function windowStartsOf(tokens: number): number[] {
  if (tokens <= WINDOW_TOKENS) return [0];
  const starts: number[] = [];
  for (let first = 0; first + WINDOW_TOKENS < tokens; first += WINDOW_STRIDE) starts.push(first);
  starts.push(tokens - WINDOW_TOKENS);
  return starts;
}

/** How many of `positions` fall in [start, end], or [start, end) when `endInside` is false. */
function countWithin(positions: readonly number[], start: number, end: number, endInside: boolean): number {
  let count = 0;
  for (const p of positions) if (p >= start && (endInside ? p <= end : p < end)) count++;
  return count;
}

/** The dense features of the window [first, last) of a tokenized segment, whose pattern groups matched `counts` times. */
function windowDense(segment: Segment, buffers: TokenBuffers, counts: Int32Array, first: number, last: number, start: number, end: number): Float32Array {
  const dense = new Float32Array(DENSE_SIZE);
  let instructionLike = false;
  let payload = false;
  for (let g = 0; g < GROUP_COUNT; g++) {
    const count = counts[g] as number;
    if (count === 0) continue;
    dense[F_RE0 + g] = countValue(count);
    if (IS_INSTRUCTION_GROUP[g] === 1) instructionLike = true;
    if (IS_PAYLOAD_GROUP[g] === 1) payload = true;
  }
  const { start: starts, end: ends, classes, upper: uppers, gap: gaps, symbols } = buffers;
  let you = 0;
  let impStart = 0;
  let model = 0;
  let instruction = 0;
  let prior = 0;
  let secret = 0;
  let exfil = 0;
  let output = 0;
  let now = 0;
  let code = 0;
  let upper = 0;
  let letters = 0;
  let codeSymbols = 0;
  let quote = 0;
  let newlines = 0;
  for (let t = first; t < last; t++) {
    const c = classes[t] as number;
    const gap = gaps[t] as number;
    if (c !== 0) {
      if (c & LEX.you) you++;
      if (c & LEX.imperative && gap & GAP_SENTENCE) impStart++;
      if (c & LEX.model) model++;
      if (c & LEX.instruction) instruction++;
      if (c & LEX.prior) prior++;
      if (c & LEX.secret) secret++;
      if (c & LEX.exfil) exfil++;
      if (c & LEX.output) output++;
      if (c & LEX.now) now++;
      if (c & LEX.code) code++;
    }
    upper += uppers[t] as number;
    letters += (ends[t] as number) - (starts[t] as number);
    codeSymbols += symbols[t] as number;
    if (gap & GAP_QUOTE) quote = 1;
    if (gap & GAP_NEWLINE) newlines++;
  }
  const count = last - first;
  dense[F_LEX_YOU] = countValue(you);
  dense[F_IMP_START] = countValue(impStart);
  dense[F_MODEL] = countValue(model);
  dense[F_INSTRUCTION] = countValue(instruction);
  dense[F_PRIOR] = countValue(prior);
  dense[F_SECRET] = countValue(secret);
  dense[F_EXFIL] = countValue(exfil);
  dense[F_OUTPUT] = countValue(output);
  dense[F_NOW] = countValue(now);
  dense[F_CODE] = countValue(code);
  dense[F_RATIO_YOU] = count === 0 ? 0 : you / count;
  dense[F_RATIO_IMP] = count === 0 ? 0 : impStart / count;
  dense[F_RATIO_UPPER] = letters >= 12 ? upper / letters : 0;
  dense[F_RATIO_SYMBOLS] = Math.min(3, codeSymbols / (count + 1)) / 3;
  dense[F_QUOTE] = quote;
  dense[F_SHORT] = count <= 5 ? 1 : 0;
  dense[F_LENGTH] = Math.log2(1 + count) / Math.log2(1 + WINDOW_TOKENS);
  dense[F_NEWLINES] = count === 0 ? 0 : Math.min(1, newlines / count);
  const { zeroWidthInWord, bidi } = segment.norm;
  if (zeroWidthInWord.length > 0) dense[F_ZW] = countValue(countWithin(zeroWidthInWord, start, end, false));
  if (bidi.length > 0) dense[F_BIDI] = countValue(countWithin(bidi, start, end, true));
  const hidden = segment.channel !== 'text';
  if (hidden) {
    dense[F_CH[segment.channel] as number] = 1;
    dense[F_DEPTH] = Math.min(segment.depth, 3) / 3;
  }
  const following = (counts[G_FOLLOWING] as number) > 0 && (counts[G_YOUR_SOLUTION] as number) > 0;
  dense[F_X_IMP_YOU] = impStart > 0 && you > 0 ? 1 : 0;
  dense[F_X_OVERRIDE_HIDDEN] = hidden && instructionLike ? 1 : 0;
  dense[F_X_INSERTION_PAYLOAD] = ((counts[G_CODE_INSERTION] as number) > 0 || following) && payload ? 1 : 0;
  dense[F_X_FOLLOWING_YOUR] = following ? 1 : 0;
  dense[F_X_EXFIL_SECRET] = exfil > 0 && secret > 0 ? 1 : 0;
  dense[F_X_MODEL_YOU] = model > 0 && you > 0 ? 1 : 0;
  dense[F_X_INSTRUCTION_PRIOR] = instruction > 0 && prior > 0 ? 1 : 0;
  return dense;
}

// Kept as small functions rather than one loop nest: V8 optimises and, after a deopt, re-optimises
// each on its own, and in every scan worker; one large function cost more to compile than to run.
function analyzeSegment(segment: Segment): SegmentFeatures {
  const n = segment.norm.lower.length;
  const matches: PatternMatch[] = [];
  const { tokens, hashCount } = tokenize(segment.norm, matches);
  const buffers = tokenBuffers;
  const ends = buffers.end;
  const windows: Window[] = [];
  let firstMatch = 0;
  for (const first of windowStartsOf(tokens)) {
    const last = Math.min(tokens, first + WINDOW_TOKENS);
    const start = first === 0 ? 0 : (ends[first - 1] as number);
    const end = last >= tokens ? n : (ends[last - 1] as number);
    groupCounts.fill(0);
    while (firstMatch < matches.length && (matches[firstMatch] as PatternMatch).token < first) firstMatch++;
    for (let m = firstMatch; m < matches.length; m++) {
      const match = matches[m] as PatternMatch;
      if (match.token >= last) break;
      groupCounts[match.group] = (groupCounts[match.group] as number) + 1;
    }
    windows.push({ first, last, start, end, dense: windowDense(segment, buffers, groupCounts, first, last, start, end) });
  }
  return {
    segment,
    tokens,
    tokenStart: buffers.start.slice(0, tokens),
    tokenEnd: ends.slice(0, tokens),
    hashIndex: hashBuffer.slice(0, hashCount),
    hashOffset: buffers.offsets.slice(0, tokens + 1),
    matches,
    windows,
  };
}

/** Segments `text` and computes every window's features. */
export function analyze(text: string, limits: SegmentLimits = DEFAULT_LIMITS): Analysis {
  const { segments, runs } = segmentText(text, limits);
  return { segments: segments.map((segment) => analyzeSegment(segment)), runs };
}

/**
 * Hashed features are binary (present in the window or not) and the vector is L2-normalised
 * over at least HASH_NORM_FLOOR features, so no repeated token and no window length dominates.
 */
export const HASH_NORM_FLOOR = 16;
export const hashScale = (distinct: number): number => 1 / Math.sqrt(Math.max(distinct, HASH_NORM_FLOOR));

/** The sparse hashed vector of a window: sorted unique indices, each with the same value. */
export function windowSparse(features: SegmentFeatures, window: Window): { index: Int32Array; value: number } {
  const from = features.hashOffset[window.first] as number;
  const to = features.hashOffset[window.last] as number;
  const slice = features.hashIndex.slice(from, to).sort();
  let distinct = 0;
  for (let k = 0; k < slice.length; k++) if (k === 0 || slice[k] !== slice[k - 1]) slice[distinct++] = slice[k] as number;
  return { index: slice.slice(0, distinct), value: hashScale(distinct) };
}

export type { Channel };
