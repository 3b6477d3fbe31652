/**
 * Where in a text an instruction to a model could hide, found cheaply, so the injection guard
 * (about 8 MB/s) scores those regions instead of every byte of a 30k-file tree.
 *
 * The guard's classifier fires on text addressed to a model: second-person pronouns, model
 * and instruction nouns, override verbs (its `lex:*` and `re:*` features), and on hidden
 * channels it decodes (invisible Unicode, look-alike letters, comments, base64/hex/escapes).
 * So a region is the neighbourhood of any such cue (wider than the guard's 48-token window);
 * encoded runs count when they decode to a cue; invisible or look-alike characters anywhere
 * send the whole text. Text with no cue at all is not scored: benign.
 *
 * The trade-off, measured on 30.7k files (176 MB) of node_modules against the full guard: 22% of
 * the bytes are scored and scoring takes 7 s instead of 19 s. Of 337 files the full guard calls
 * injections, 117 stay injections, 47 become suspicious and 173 benign: the guard flagged those
 * from n-gram weights with no cue at all (licences, API docs such as "Put a horizontal line
 * below the text"); 19 files are newly flagged (a region has fewer windows, so a smaller length
 * penalty). This verdict is the report's; what Claude reads is fenced by the full guard
 * (createReadProtected), so the protection of the prompt does not rest on this filter.
 */

/** Words from the guard's lexicons that make text addressed to, or about instructing, a model. */
const CUE_WORDS = [
  // second person (English, German)
  'you', 'your', 'yours', 'yourself', 'yourselves', 'du', 'dich', 'dir', 'dein', 'deine', 'deinen', 'deinem', 'deiner', 'deines', 'euch', 'euer', 'eure',
  // the model
  'assistant', 'ai', 'gpt', 'chatgpt', 'llm', 'llms', 'claude', 'model', 'models', 'bot', 'chatbot', 'ki', 'sprachmodell', 'copilot', 'agent', 'gemini', 'bard', 'openai', 'anthropic',
  // its instructions
  'instruction', 'instructions', 'prompt', 'prompts', 'guidelines', 'directives', 'guardrails', 'anweisung', 'anweisungen', 'instruktionen', 'systemprompt', 'system',
  // overriding them
  'ignore', 'ignoriere', 'ignorieren', 'disregard', 'forget', 'vergiss', 'override', 'bypass', 'jailbreak', 'pretend', 'roleplay',
];
/** A cue word, an HTML or markdown comment, or a chat-template marker. */
const CUE_SOURCE = `\\b(?:${CUE_WORDS.join('|')})\\b|<!--|\\[(?://|comment|_)\\]:|<\\|im_start\\||\\[inst\\]`;
/**
 * For `matchAll`, which starts its copy at the regex's `lastIndex`: nothing else may use it.
 * (When `hasCue` shared it, a successful `test` left `lastIndex` past its match, and the next
 * text's cues before that point were not found: a file's verdict hung on the file before it.)
 */
const CUES = new RegExp(CUE_SOURCE, 'gi');
/** For `hasCue`: not global, so it keeps no position between calls. */
const ANY_CUE = new RegExp(CUE_SOURCE, 'i');
/** Invisible, steering or look-alike characters (what the guard's normaliser strips or folds). */
// eslint-disable-next-line no-misleading-character-class -- lone combining and invisible characters are what this finds
const HIDDEN_CHARS = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\u3164\ufe00-\ufe0f\ufeff\uffa0\u0261\u0370-\u03ff\u0400-\u052f\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/u;
// eslint-disable-next-line no-control-regex -- the range is all of ASCII
const NON_ASCII = /[^\x00-\x7f]/;
/** Four or more escapes (\x69, \u0069, &#105;, %69) close together, as the guard decodes them. */
const ESCAPES = /(?:(?:\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|&#[xX]?[0-9a-fA-F]{1,6};|%[0-9a-fA-F]{2})[^\\&%]{0,12}){4,}/g;
const ESCAPE = /\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|&#[xX]([0-9a-fA-F]{1,6});|&#([0-9]{1,7});|%([0-9a-fA-F]{2})/g;
/** The guard's shortest base64 and hex runs. */
const MIN_BASE64 = 16;
const MIN_HEX = 20;
const BASE64_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-') BASE64_CHAR[c.charCodeAt(0)] = 1;
const HEX_RUN = /^[0-9a-fA-F]+$/;

/** Bumped when the regions found in a text change: cached verdicts (protection-cache.ts) were scored on the old ones. */
export const REGIONS_VERSION = 2;

/** Characters of context kept each side of a cue: more than one 48-token window of code. */
const CONTEXT = 512;

const hasCue = (text: string): boolean => ANY_CUE.test(text);

/** Decoded bytes that read as text (most of them printable ASCII) and name a cue. */
function decodedCue(bytes: Buffer): boolean {
  if (bytes.length < 8) return false;
  let printable = 0;
  for (const byte of bytes) if ((byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x09) printable++;
  return printable / bytes.length >= 0.9 && hasCue(bytes.toString('latin1'));
}

/** Base64 and hex runs (as the guard finds them) that decode to text with a cue in it. */
function encodedCues(text: string, found: Array<[number, number]>): void {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if (c < 128 && BASE64_CHAR[c] === 1) {
      if (start === -1) start = i;
      continue;
    }
    if (start !== -1 && i - start >= MIN_BASE64) {
      const run = text.slice(start, i);
      // An identifier is a base64 run too; only what decodes to text matters.
      const bytes = run.length >= MIN_HEX && HEX_RUN.test(run) ? Buffer.from(run, 'hex') : Buffer.from(run, 'base64');
      if (decodedCue(bytes)) found.push([start, i]);
    }
    start = -1;
  }
  if (/\\[xu]|&#|%[0-9a-fA-F]/.test(text)) escapedCues(text, found);
}

/** Runs of escapes (\\x69, &#105;, %69…) whose decoded text holds a cue: apart from the base64 loop every text runs, so V8 compiles each alone. */
function escapedCues(text: string, found: Array<[number, number]>): void {
  for (const match of text.matchAll(ESCAPES)) {
    const decoded = match[0].replace(ESCAPE, (_m, x?: string, u?: string, hx?: string, dec?: string, pct?: string) =>
      String.fromCodePoint(Math.min(0x10ffff, parseInt(x ?? u ?? hx ?? pct ?? dec ?? '0', dec === undefined ? 16 : 10))),
    );
    if (hasCue(decoded)) found.push([match.index, match.index + match[0].length]);
  }
}

/**
 * The parts of `text` the guard should score, joined by blank lines: the whole text when it
 * carries hidden characters, '' when nothing in it could address a model.
 */
export function injectionRegions(text: string): string {
  if (NON_ASCII.test(text) && HIDDEN_CHARS.test(text)) return text;
  const found: Array<[number, number]> = [];
  for (const match of text.matchAll(CUES)) found.push([match.index, match.index + match[0].length]);
  encodedCues(text, found);
  if (found.length === 0) return '';
  found.sort((a, b) => a[0] - b[0]);
  const spans: Array<[number, number]> = [];
  for (const [start, end] of found) {
    const from = Math.max(0, start - CONTEXT);
    const to = Math.min(text.length, end + CONTEXT);
    const last = spans[spans.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else spans.push([from, to]);
  }
  return spans.length === 1 && spans[0]?.[0] === 0 && spans[0][1] === text.length ? text : spans.map(([start, end]) => text.slice(start, end)).join('\n\n');
}
