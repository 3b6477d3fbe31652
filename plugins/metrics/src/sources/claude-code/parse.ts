/**
 * Claude Code transcript lines → usage entries, reading as few bytes as possible.
 *
 * Only lines holding `"usage":{` can count, so whole blocks of lines are skipped with
 * Buffer#indexOf (memchr speed). On a candidate line the large part — the message's
 * `content` (thinking, tool calls and results of many KB) — is never decoded: the fields
 * before `"content":` and from the last `"usage":{` to the end are parsed as small JSON
 * pieces. A piece that does not fit that shape (another key order, a torn line) falls back
 * to JSON.parse of the whole line; a line that is not JSON is skipped and counted.
 */

import { hash53 } from '../../store/hash.js';

export interface ClaudeEntry {
  /**
   * Hash of `message.id` + `requestId` (NaN without an id): Claude Code writes one response
   * as several lines that repeat it. 53 bits, so a year of responses collides with odds
   * below one in a million, and a store of 10^5 of them is 800 KB of numbers.
   */
  exact: number;
  /** Hash of `message.id` alone: a sidechain (`/btw`) replays a parent's response under a new request id. */
  message: number;
  t: number;
  model: string;
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
  sidechain: boolean;
}

/** What a transcript's lines said besides usage; kept per file between scans. */
export interface FileState {
  skipped: number;
  title: string | null;
  firstPrompt: string | null;
  /** User lines looked at for a first prompt; bounded so huge tool results are not parsed forever. */
  promptTries: number;
}

const USAGE = Buffer.from('"usage":{');
const MESSAGE = Buffer.from('"message":{');
const CONTENT = Buffer.from('"content":');
const SUMMARY = Buffer.from('"type":"summary"');
const USER = Buffer.from('"type":"user"');
const TOOL_RESULT = Buffer.from('"type":"tool_result"');
const SIDECHAIN = '"isSidechain":true';
const ASSISTANT_ROLE = Buffer.from('"role":"assistant"');
const NEWLINE = 0x0a;
const PROMPT_TRIES = 8;
const PROMPT_LENGTH = 120;

/** Visits every line of `buf[start, end)` (whole lines) that can matter. */
export function scanLines(buf: Buffer, start: number, end: number, state: FileState, emit: (entry: ClaudeEntry) => void): void {
  state.skipped += tornLines(buf, start, end);
  let position = start;
  for (;;) {
    const marker = buf.indexOf(USAGE, position);
    if (marker < 0 || marker >= end) break;
    const lineStart = Math.max(start, buf.lastIndexOf(NEWLINE, marker) + 1);
    const newline = buf.indexOf(NEWLINE, marker);
    const lineEnd = newline < 0 || newline > end ? end : newline;
    const entry = usageLine(buf, lineStart, lineEnd);
    if (entry) emit(entry);
    // A line that is not even shaped like an object was counted by tornLines already.
    else if (entry === undefined && wholeObject(buf, lineStart, lineEnd)) state.skipped++;
    position = lineEnd + 1;
  }
  if (state.title === null) findTitle(buf, start, end, state);
  if (state.firstPrompt === null && state.promptTries < PROMPT_TRIES) findFirstPrompt(buf, start, end, state);
}

const OPEN = 0x7b;
const CLOSE = 0x7d;
const RETURN = 0x0d;

/** Whether the line at least begins and ends like a JSON object; an empty line is neither bad nor an object. */
function wholeObject(buf: Buffer, start: number, end: number): boolean {
  const last = end > start && buf[end - 1] === RETURN ? end - 2 : end - 1;
  return buf[start] === OPEN && buf[last] === CLOSE;
}

/**
 * Lines cut short (a writer killed mid-line, then appended to) are found without parsing:
 * they do not end in `}`. Checking only the ends keeps a 1 GB read at memchr speed.
 */
function tornLines(buf: Buffer, start: number, end: number): number {
  let torn = 0;
  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = buf.indexOf(NEWLINE, lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    if (lineEnd > lineStart + (buf[lineEnd - 1] === RETURN ? 1 : 0) && !wholeObject(buf, lineStart, lineEnd)) torn++;
    lineStart = lineEnd + 1;
  }
  return torn;
}

/** An entry, null for a line that is valid but carries no usage, undefined for a bad line. */
function usageLine(buf: Buffer, start: number, end: number): ClaudeEntry | null | undefined {
  const fast = fastPath(buf, start, end);
  if (fast) return fast;
  // Usage only ever comes with an API response, whose role is assistant: a tool result of many KB
  // that merely reports a sub-agent's usage is not parsed whole for nothing.
  if (buf.subarray(start, end).indexOf(ASSISTANT_ROLE) < 0) return null;
  return slowPath(buf.toString('utf8', start, end));
}

/**
 * The shape Claude Code writes: scalar top-level fields, `"message":{` with its id, role
 * and model before `"content":`, the message's `usage` last, then scalar top-level fields.
 * Only the head (up to `"content":`) and the tail (from the last `"usage":{`) are decoded,
 * as short strings searched in place; anything else (a nested object where scalars belong,
 * an escape in an id) returns null and the line is parsed whole.
 */
function fastPath(buf: Buffer, start: number, end: number): ClaudeEntry | null {
  const usageAt = buf.lastIndexOf(USAGE, end - USAGE.length);
  const messageAt = buf.indexOf(MESSAGE, start);
  if (usageAt < start || messageAt < start || messageAt > usageAt) return null;
  const contentAt = buf.indexOf(CONTENT, messageAt);
  if (contentAt < 0 || contentAt > usageAt) return null;
  const head = buf.toString('latin1', start, contentAt);
  const message = messageAt - start;
  const open = message + MESSAGE.length - 1;
  // Top-level scalars only: the one `{` after the line's own is the message's.
  if (head.indexOf('{', 1) !== open || head.indexOf('{', open + 1) >= 0) return null;
  const tail = buf.toString('latin1', usageAt + USAGE.length - 1, end);
  const close = objectEnd(tail);
  if (close < 0 || tail.charCodeAt(close + 1) !== CLOSE) return null;
  const rest = tail.slice(close + 2);
  if (rest.indexOf('{') >= 0 || !(rest === '}' || (rest.startsWith(',') && rest.endsWith('}')))) return null;
  const type = stringIn(rest, 'type') ?? stringIn(head, 'type', 0, message);
  if (type !== 'assistant') return null;
  const timestamp = stringIn(rest, 'timestamp') ?? stringIn(head, 'timestamp', 0, message);
  const t = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
  if (Number.isNaN(t)) return null;
  let usage: Record<string, unknown>;
  try {
    usage = JSON.parse(tail.slice(0, close + 1)) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number') return null;
  const id = stringIn(head, 'id', open);
  const model = stringIn(head, 'model', open);
  const requestId = stringIn(rest, 'requestId') ?? stringIn(head, 'requestId', 0, message) ?? '';
  const sidechain = head.indexOf(SIDECHAIN);
  return {
    exact: id === undefined ? Number.NaN : hash53(id, requestId),
    message: id === undefined ? Number.NaN : hash53(id),
    t,
    model: model === undefined || model === '<synthetic>' ? 'unknown' : model,
    input: count(usage.input_tokens),
    output: count(usage.output_tokens),
    cacheWrite: count(usage.cache_creation_input_tokens),
    cacheRead: count(usage.cache_read_input_tokens),
    sidechain: sidechain >= 0 && sidechain < message,
  };
}

/** The string value of the first `"key":"…"` in text[from, to); undefined if absent or escaped. */
function stringIn(text: string, key: string, from = 0, to = text.length): string | undefined {
  const marker = `"${key}":"`;
  const at = text.indexOf(marker, from);
  if (at < 0 || at >= to) return undefined;
  const endAt = text.indexOf('"', at + marker.length);
  if (endAt < 0 || endAt > to) return undefined;
  const value = text.slice(at + marker.length, endAt);
  return value.includes('\\') ? undefined : value;
}

function slowPath(text: string): ClaudeEntry | null | undefined {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    return undefined;
  }
  return toEntry(line);
}

/** The end of the JSON object starting at text[0], minding strings; -1 if it does not close. */
function objectEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b) depth++;
    else if (char === 0x7d && --depth === 0) return index;
  }
  return -1;
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

type UsageRecord = { timestamp?: unknown; requestId?: unknown; isSidechain?: unknown; message?: { id?: unknown; model?: unknown; usage?: Record<string, unknown> } };

/**
 * ccusage's rule: a line counts when it has a timestamp and a message with numeric usage.
 * A sub-agent's response streamed into its parent's transcript (`"type":"progress"`, the
 * agent_progress lines) carries that record under `data.message`.
 */
function toEntry(line: unknown): ClaudeEntry | null {
  if (typeof line !== 'object' || line === null) return null;
  let record = line as UsageRecord & { data?: { message?: UsageRecord } };
  if (record.message?.usage === undefined && typeof record.data?.message?.message?.usage === 'object') record = record.data.message;
  const usage = record.message?.usage;
  if (typeof usage !== 'object' || usage === null || typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number') return null;
  const t = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : Number.NaN;
  if (Number.isNaN(t)) return null;
  const id = typeof record.message?.id === 'string' ? record.message.id : undefined;
  const requestId = typeof record.requestId === 'string' ? record.requestId : '';
  const model = typeof record.message?.model === 'string' && record.message.model !== '<synthetic>' ? record.message.model : 'unknown';
  return {
    exact: id === undefined ? Number.NaN : hash53(id, requestId),
    message: id === undefined ? Number.NaN : hash53(id),
    t,
    model,
    input: count(usage.input_tokens),
    output: count(usage.output_tokens),
    cacheWrite: count(usage.cache_creation_input_tokens),
    cacheRead: count(usage.cache_read_input_tokens),
    sidechain: record.isSidechain === true,
  };
}

function lineAround(buf: Buffer, at: number, start: number, end: number): Buffer {
  const lineStart = Math.max(start, buf.lastIndexOf(NEWLINE, at) + 1);
  const newline = buf.indexOf(NEWLINE, at);
  return buf.subarray(lineStart, newline < 0 || newline > end ? end : newline);
}

function findTitle(buf: Buffer, start: number, end: number, state: FileState): void {
  const at = buf.indexOf(SUMMARY, start);
  if (at < 0 || at >= end) return;
  try {
    const line = JSON.parse(lineAround(buf, at, start, end).toString('utf8')) as { summary?: unknown };
    if (typeof line.summary === 'string' && line.summary.trim() !== '') state.title = oneLine(line.summary);
  } catch {
    // a torn summary line is only a missing title
  }
}

function findFirstPrompt(buf: Buffer, start: number, end: number, state: FileState): void {
  let position = start;
  while (state.firstPrompt === null && state.promptTries < PROMPT_TRIES) {
    const at = buf.indexOf(USER, position);
    if (at < 0 || at >= end) return;
    position = at + USER.length;
    const bytes = lineAround(buf, at, start, end);
    // A tool's result (many KB each, most user lines of a sub-agent) is no prompt: not worth parsing.
    if (bytes.indexOf(TOOL_RESULT) >= 0) continue;
    state.promptTries++;
    try {
      const line = JSON.parse(bytes.toString('utf8')) as { type?: unknown; isMeta?: unknown; message?: { content?: unknown } };
      if (line.type !== 'user' || line.isMeta === true) continue;
      const prompt = promptText(line.message?.content);
      if (prompt && !prompt.startsWith('<')) state.firstPrompt = oneLine(prompt);
    } catch {
      // not this line
    }
  }
}

function promptText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const text = content.find((part): part is { type: 'text'; text: string } => typeof part === 'object' && part !== null && part.type === 'text' && typeof part.text === 'string');
  return text?.text ?? null;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PROMPT_LENGTH ? `${flat.slice(0, PROMPT_LENGTH - 1)}…` : flat;
}
