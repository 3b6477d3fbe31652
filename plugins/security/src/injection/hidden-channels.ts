/**
 * Hidden channels: text a reader (or a rendered page) does not show but a model reads. Each
 * piece found is decoded into its own segment, scored like visible text, and its span points
 * at the carrier in the original text:
 * - Unicode tag characters (U+E0000–E007F) spelling ASCII, variation-selector byte smuggling and
 *   zero-width steganography (bits in U+200B/U+200C…);
 * - HTML comments, markdown comments and hidden HTML elements (display:none, hidden, font-size:0…);
 * - base64, hex and escape sequences (\x69, \u0069, &#105;, %69) that decode to text.
 * Decoded text is searched again, to a bounded depth and size.
 */
import { Buffer } from 'node:buffer';
import { normalize, type InvisibleRun, type NormalizedText } from './normalize.js';

export type Channel =
  | 'text'
  | 'html-comment'
  | 'hidden-html'
  | 'base64'
  | 'hex'
  | 'escapes'
  | 'unicode-tags'
  | 'variation-selectors'
  | 'zero-width';

export const HIDDEN_CHANNELS: readonly Exclude<Channel, 'text'>[] = [
  'html-comment',
  'hidden-html',
  'base64',
  'hex',
  'escapes',
  'unicode-tags',
  'variation-selectors',
  'zero-width',
];

/** A stretch of text to score: the visible text, or one hidden piece decoded. */
export interface Segment {
  channel: Channel;
  depth: number;
  norm: NormalizedText;
  /** Original [start, end) of the carrier when positions inside cannot be mapped one to one. */
  fixed: [number, number] | null;
  /** Otherwise: original offset = (norm.map ? norm.map[i] : i) + offset. */
  offset: number;
}

/** A smuggling run that decoded to text (or a long invisible run), reported whatever the score. */
export interface HiddenRun {
  kind: InvisibleRun['kind'];
  start: number;
  end: number;
  /** Decoded text, when the run carried some. */
  decoded: string | null;
}

export interface SegmentLimits {
  maxDepth: number;
  maxSegments: number;
  maxDecodedChars: number;
}

export const DEFAULT_LIMITS: SegmentLimits = { maxDepth: 3, maxSegments: 64, maxDecodedChars: 200_000 };

export function toOriginal(segment: Segment, index: number): number {
  if (segment.fixed !== null) return segment.fixed[0];
  const { map } = segment.norm;
  return (map === null ? index : (map[Math.min(index, map.length - 1)] as number)) + segment.offset;
}

/** Original [start, end) of the normalised range [start, end) of a segment. */
export function originalSpan(segment: Segment, start: number, end: number): [number, number] {
  if (segment.fixed !== null) return [segment.fixed[0], segment.fixed[1]];
  return [toOriginal(segment, start), Math.max(toOriginal(segment, start), toOriginal(segment, end))];
}

// ---------------------------------------------------------------- decoding helpers

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Looks like natural-language text: printable, mostly letters, several words. */
export function looksLikeText(text: string): boolean {
  if (text.length < 8) return false;
  let printable = 0;
  let letters = 0;
  let spaces = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd || (code < 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) || (code >= 0x7f && code < 0xa0)) continue;
    printable++;
    if (code === 0x20 || code === 0x0a) spaces++;
    else if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code >= 0xc0) letters++;
  }
  return printable / text.length >= 0.92 && letters / text.length >= 0.5 && spaces >= 1;
}

function bytesToText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

function decodeTags(run: InvisibleRun): string | null {
  // 🏴 followed by a short tag sequence is a subdivision flag (England, Scotland, Wales).
  if (run.before === 0x1f3f4 && run.codes.length <= 8 && run.codes[run.codes.length - 1] === 0xe007f) return null;
  let out = '';
  for (const code of run.codes) {
    const ascii = code - 0xe0000;
    if (ascii >= 0x20 && ascii <= 0x7e) out += String.fromCharCode(ascii);
    else if (ascii === 0x0a || ascii === 0x0d || ascii === 0x09) out += String.fromCharCode(ascii);
  }
  return out.length >= 4 ? out : null;
}

function decodeSelectors(run: InvisibleRun): string | null {
  if (run.codes.length < 4) return null;
  const bytes = new Uint8Array(run.codes.length);
  run.codes.forEach((code, i) => {
    bytes[i] = code <= 0xfe0f ? code - 0xfe00 : code - 0xe0100 + 16;
  });
  const text = bytesToText(bytes);
  return looksLikeText(text) ? text : null;
}

/** Zero-width steganography: the two commonest characters are bits, any other a separator. */
function decodeZeroWidth(run: InvisibleRun): string | null {
  if (run.codes.length < 16) return null;
  const counts = new Map<number, number>();
  for (const code of run.codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  const [a, b] = [...counts.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([code]) => code);
  if (a === undefined || b === undefined) return null;
  for (const [zero, one] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const width of [8, 16]) {
      const bits: number[] = [];
      for (const code of run.codes) if (code === zero) bits.push(0);
      else if (code === one) bits.push(1);
      if (bits.length < width * 2) continue;
      let text = '';
      if (width === 8) {
        const bytes = new Uint8Array(Math.floor(bits.length / 8));
        for (let i = 0; i < bytes.length; i++) {
          let value = 0;
          for (let k = 0; k < 8; k++) value = (value << 1) | (bits[i * 8 + k] as number);
          bytes[i] = value;
        }
        text = bytesToText(bytes);
      } else {
        for (let i = 0; i + 16 <= bits.length; i += 16) {
          let value = 0;
          for (let k = 0; k < 16; k++) value = (value << 1) | (bits[i + k] as number);
          text += String.fromCharCode(value);
        }
      }
      if (looksLikeText(text)) return text;
    }
  }
  return null;
}

const BASE64_CHAR = new Uint8Array(128);
const HEX_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-') BASE64_CHAR[c.charCodeAt(0)] = 1;
for (const c of '0123456789abcdefABCDEF') HEX_CHAR[c.charCodeAt(0)] = 1;
const MIN_BASE64 = 16;
/** At most this many comments or hidden elements are looked at in one text. */
const MAX_PIECES = 256;
const MIN_HEX = 20;

/** Runs of base64 characters (with `=` padding) and of hex digits, found in one pass. */
function encodedRuns(text: string): { base64: [number, number][]; hex: [number, number][] } {
  const base64: [number, number][] = [];
  const hex: [number, number][] = [];
  let b = -1;
  let h = -1;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0;
    const isBase64 = c < 128 && BASE64_CHAR[c] === 1;
    const isHex = c < 128 && HEX_CHAR[c] === 1;
    if (isHex) {
      if (h === -1) h = i;
    } else if (h !== -1) {
      if (i - h >= MIN_HEX) hex.push([h, (i - h) % 2 === 0 ? i : i - 1]);
      h = -1;
    }
    if (isBase64) {
      if (b === -1) b = i;
    } else if (b !== -1) {
      let end = i;
      while (end < n && end - i < 2 && text.charCodeAt(end) === 0x3d) end++;
      if (i - b >= MIN_BASE64) base64.push([b, end]);
      b = -1;
    }
  }
  return { base64, hex };
}
/** Runs of at least four escapes (\\x69, \\u0069, &#105;, %69) at most 12 characters apart. */
function escapeRuns(text: string): [number, number][] {
  const runs: [number, number][] = [];
  let runStart = -1;
  let runEnd = -1;
  let count = 0;
  ESCAPE_ONE.lastIndex = 0;
  for (const match of text.matchAll(ESCAPE_ONE)) {
    const at = match.index as number;
    if (runStart !== -1 && at - runEnd <= 12 && !/[<>"'`]/.test(text.slice(runEnd, at))) {
      runEnd = at + match[0].length;
      count++;
      continue;
    }
    if (count >= 4) runs.push([runStart, runEnd]);
    runStart = at;
    runEnd = at + match[0].length;
    count = 1;
  }
  if (count >= 4) runs.push([runStart, runEnd]);
  return runs;
}
const ESCAPE_ONE = /\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\u\{([0-9a-fA-F]{1,6})\}|&#[xX]([0-9a-fA-F]{1,6});|&#([0-9]{1,7});|%([0-9a-fA-F]{2})/g;
const HTML_COMMENT = /<!--([\s\S]*?)(?:-->|$)/g;
const MARKDOWN_COMMENT = /^[ \t]*\[(?:\/\/|comment|_)\]:\s*(?:#|<>)\s*[("]([^\n]*)[)"][ \t]*$/gm;
const HIDDEN_TAG =
  /<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.0+)?(?:px|em|rem|pt|%)?\s*[;"']|opacity\s*:\s*0(?:\.0+)?\s*[;"']|\shidden(?=[\s>=/])|aria-hidden\s*=\s*["']?true|color\s*:\s*(?:white|#fff\b|#ffffff\b|transparent|rgba\([^)]*,\s*0\s*\))|(?:height|width)\s*:\s*0(?:px)?\s*[;"'])[^>]*>/g;

/** A cheap look at raw bytes before decoding them: mostly printable ASCII or UTF-8, with spaces. */
function plausibleText(bytes: Uint8Array): boolean {
  let control = 0;
  let letters = 0;
  let spaces = 0;
  for (const byte of bytes) {
    if (byte === 0x20 || byte === 0x0a) spaces++;
    else if ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte >= 0x80) letters++;
    else if (byte < 0x20 && byte !== 0x09 && byte !== 0x0d) control++;
  }
  return spaces > 0 && control <= bytes.length * 0.05 && letters >= bytes.length * 0.5;
}

function decodeBase64(candidate: string): string | null {
  if (candidate.length % 4 === 1) return null;
  const bytes = Buffer.from(candidate, 'base64');
  if (bytes.length < 8 || !plausibleText(bytes)) return null;
  const text = bytesToText(bytes);
  return looksLikeText(text) ? text : null;
}

function decodeHex(candidate: string): string | null {
  const bytes = Buffer.from(candidate, 'hex');
  if (!plausibleText(bytes)) return null;
  const text = bytesToText(bytes);
  return looksLikeText(text) ? text : null;
}

/** Escapes of plain letters and digits: nobody needs them, hiding text does. */
function escapedAlphanumerics(candidate: string): number {
  let count = 0;
  for (const match of candidate.matchAll(ESCAPE_ONE)) {
    const [, x, u, ub, hx, dec, pct] = match;
    const code = parseInt(x ?? u ?? ub ?? hx ?? pct ?? dec ?? '0', x ?? u ?? ub ?? hx ?? pct ? 16 : 10);
    if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) count++;
  }
  return count;
}

function decodeEscapes(candidate: string): string | null {
  if (escapedAlphanumerics(candidate) < 4) return null;
  const text = candidate.replace(ESCAPE_ONE, (_m, x, u, ub, hx, dec, pct) => {
    const code = parseInt(x ?? u ?? ub ?? hx ?? pct ?? dec, x ?? u ?? ub ?? hx ?? pct ? 16 : 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
  // %-encoded UTF-8 comes out as Latin-1 pairs: re-decode when it is.
  let fixed = text;
  if (/%[89a-fA-F][0-9a-fA-F]/.test(candidate)) {
    try {
      fixed = decodeURIComponent(candidate);
    } catch {
      fixed = text;
    }
  }
  return looksLikeText(fixed) ? fixed : null;
}

// ---------------------------------------------------------------- segment collection

interface Piece {
  channel: Exclude<Channel, 'text'>;
  text: string;
  /** In the parent's normalised text (substring pieces) … */
  start: number;
  end: number;
  /** … or, for invisible runs, in the parent's input text. */
  inInput: boolean;
  /** A substring of the parent: keeps the parent's map instead of a fixed span. */
  substring: boolean;
}

function piecesOf(norm: NormalizedText, runs: HiddenRun[], topLevel: boolean): Piece[] {
  const pieces: Piece[] = [];
  for (const run of norm.runs) {
    let decoded: string | null = null;
    if (run.kind === 'unicode-tags') decoded = decodeTags(run);
    else if (run.kind === 'variation-selectors') decoded = decodeSelectors(run);
    else decoded = decodeZeroWidth(run);
    const longInvisible = run.kind === 'zero-width' && run.codes.length >= 8;
    if (decoded !== null || longInvisible) {
      if (topLevel) runs.push({ kind: run.kind, start: run.start, end: run.end, decoded });
      if (decoded !== null) pieces.push({ channel: run.kind, text: decoded, start: run.start, end: run.end, inInput: true, substring: false });
    }
  }
  const { text } = norm;
  if (text.includes('<')) {
    if (text.includes('<!--')) {
      let comments = 0;
      for (const match of text.matchAll(HTML_COMMENT)) {
        if (++comments > MAX_PIECES) break;
        const body = match[1] ?? '';
        const start = (match.index as number) + 4;
        if (/[\p{L}]{3}/u.test(body)) pieces.push({ channel: 'html-comment', text: body, start, end: start + body.length, inInput: false, substring: true });
      }
    }
    // Where each tag name next closes: searched again only when passed, so unclosed tags stay linear.
    const closes = new Map<string, number>();
    let hiddenCount = 0;
    for (const match of text.matchAll(HIDDEN_TAG)) {
      if (++hiddenCount > MAX_PIECES) break;
      const tag = (match[1] as string).toLowerCase();
      const bodyStart = (match.index as number) + match[0].length;
      const limit = Math.min(text.length, bodyStart + 8000);
      let close = closes.get(tag);
      if (close === undefined || (close !== -1 && close < bodyStart)) {
        close = norm.lower.indexOf(`</${tag}`, bodyStart);
        closes.set(tag, close);
      }
      const bodyEnd = close === -1 || close > limit ? limit : close;
      const body = text.slice(bodyStart, bodyEnd);
      if (/[\p{L}]{3}/u.test(body)) pieces.push({ channel: 'hidden-html', text: body, start: bodyStart, end: bodyEnd, inInput: false, substring: true });
    }
  }
  if (text.includes(']: #') || text.includes(']:#') || text.includes(']: <>') || text.includes(']: (')) {
    for (const match of text.matchAll(MARKDOWN_COMMENT)) {
      const body = match[1] ?? '';
      const start = (match.index as number) + match[0].indexOf(body);
      if (/[\p{L}]{3}/u.test(body)) pieces.push({ channel: 'html-comment', text: body, start, end: start + body.length, inInput: false, substring: true });
    }
  }
  const encoded = encodedRuns(text);
  for (const [start, end] of encoded.base64) {
    const candidate = text.slice(start, end);
    if (!/[0-9+/]/.test(candidate) && !/[A-Z].*[a-z].*[A-Z]/.test(candidate)) continue;
    const decoded = decodeBase64(candidate);
    if (decoded !== null) pieces.push({ channel: 'base64', text: decoded, start, end, inInput: false, substring: false });
  }
  for (const [start, end] of encoded.hex) {
    const decoded = decodeHex(text.slice(start, end));
    if (decoded !== null) pieces.push({ channel: 'hex', text: decoded, start, end, inInput: false, substring: false });
  }
  if (text.includes('\\') || text.includes('&#') || text.includes('%')) {
    for (const [start, end] of escapeRuns(text)) {
      const decoded = decodeEscapes(text.slice(start, end));
      if (decoded !== null) pieces.push({ channel: 'escapes', text: decoded, start, end, inInput: false, substring: false });
    }
  }
  return pieces;
}

function substringNorm(parent: NormalizedText, start: number, end: number): NormalizedText {
  return {
    text: parent.text.slice(start, end),
    lower: parent.lower.slice(start, end),
    map: parent.map === null ? null : parent.map.subarray(start, end + 1),
    zeroWidthInWord: parent.zeroWidthInWord.filter((i) => i >= start && i < end).map((i) => i - start),
    bidi: parent.bidi.filter((i) => i >= start && i < end).map((i) => i - start),
    bidiOriginal: [],
    runs: [],
  };
}

export interface Segmentation {
  segments: Segment[];
  /** Smuggling runs found in the top-level text. */
  runs: HiddenRun[];
}

/** The visible text and every hidden piece in it, decoded, each with its mapping to `input`. */
export function segment(input: string, limits: SegmentLimits = DEFAULT_LIMITS): Segmentation {
  const top: Segment = { channel: 'text', depth: 0, norm: normalize(input), fixed: null, offset: 0 };
  const segments: Segment[] = [top];
  const runs: HiddenRun[] = [];
  let decodedChars = 0;
  // Breadth first, so that a flood of pieces at depth 1 cannot starve the rest.
  for (let index = 0; index < segments.length; index++) {
    const parent = segments[index] as Segment;
    // Substring pieces (comments, hidden elements) were already searched as part of their parent.
    if (parent.depth >= limits.maxDepth || parent.channel === 'html-comment' || parent.channel === 'hidden-html') continue;
    for (const piece of piecesOf(parent.norm, runs, index === 0)) {
      if (segments.length >= limits.maxSegments) break;
      if (piece.substring) {
        const child: Segment = {
          channel: piece.channel,
          depth: parent.depth + 1,
          norm: substringNorm(parent.norm, piece.start, piece.end),
          fixed: parent.fixed,
          offset: parent.fixed !== null ? 0 : parent.norm.map === null ? parent.offset + piece.start : parent.offset,
        };
        segments.push(child);
        continue;
      }
      // A piece past the budget is cut, not dropped: a huge blob must not hide what it starts with.
      const room = limits.maxDecodedChars - decodedChars;
      if (room < 256) continue;
      const decoded = piece.text.length > room ? piece.text.slice(0, room) : piece.text;
      decodedChars += decoded.length;
      let fixed: [number, number];
      if (parent.fixed !== null) fixed = parent.fixed;
      else if (piece.inInput) fixed = [piece.start + parent.offset, piece.end + parent.offset];
      else fixed = originalSpan(parent, piece.start, piece.end);
      segments.push({ channel: piece.channel, depth: parent.depth + 1, norm: normalize(decoded), fixed, offset: 0 });
    }
  }
  return { segments, runs };
}
