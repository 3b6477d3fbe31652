import { createHash } from 'node:crypto';
import { invalidRequest } from './errors.js';
import type { JsonObject } from './types.js';

/**
 * Token estimates. The fake has no tokenizer; it counts every piece of text as
 * ceil(characters / 4) tokens (the usual rule of thumb for English), deterministically:
 *
 * - the request is cut into blocks in the order the API reads them (tools, system, then
 *   each message's content blocks); a string `content` or `system` is one block;
 * - a block's text is: `text` for text blocks; the tool's JSON (name, description,
 *   input_schema) for tools; name + JSON input for tool_use; the text of its content for
 *   tool_result; the JSON of `source` for documents; images count a flat 1600 tokens;
 *   any other block its JSON without `cache_control`;
 * - output tokens: ceil(characters / 4) of the reply text, plus, per tool call, of its name
 *   and JSON input; at least 1, as the real API never reports 0.
 */
export const CHARS_PER_TOKEN = 4;
export const IMAGE_TOKENS = 1600;

export const estimateTokens = (text: string): number => Math.ceil(text.length / CHARS_PER_TOKEN);

export interface PromptBlock {
  /** The block as sent, without its cache_control, canonicalised for the cache key. */
  canonical: string;
  tokens: number;
  /** TTL of the cache breakpoint on this block, if it has one. */
  breakpoint?: '5m' | '1h';
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function withoutCacheControl(block: unknown): unknown {
  if (!isObject(block)) return block;
  const { cache_control: _cacheControl, ...rest } = block;
  return rest;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('');
  if (!isObject(value)) return '';
  if (typeof value.text === 'string') return value.text;
  if (value.content !== undefined) return textOf(value.content);
  return '';
}

function blockTokens(block: unknown, kind: 'tool' | 'content'): number {
  if (typeof block === 'string') return estimateTokens(block);
  if (!isObject(block)) return 0;
  if (kind === 'tool') {
    return estimateTokens(JSON.stringify({ name: block.name, description: block.description, input_schema: block.input_schema }));
  }
  switch (block.type) {
    case 'text':
      return estimateTokens(typeof block.text === 'string' ? block.text : '');
    case 'tool_use':
      return estimateTokens(String(block.name ?? '') + JSON.stringify(block.input ?? {}));
    case 'tool_result':
      return estimateTokens(textOf(block.content));
    case 'image':
      return IMAGE_TOKENS;
    case 'document':
      return estimateTokens(JSON.stringify(block.source ?? ''));
    default:
      return estimateTokens(JSON.stringify(withoutCacheControl(block)));
  }
}

function ttlOf(block: unknown): '5m' | '1h' | undefined {
  if (!isObject(block) || !isObject(block.cache_control)) return undefined;
  return block.cache_control.ttl === '1h' ? '1h' : '5m';
}

/** The request's prompt as blocks, in the order the API reads (and caches) them. */
export function promptBlocks(request: JsonObject): PromptBlock[] {
  const blocks: PromptBlock[] = [];
  const push = (block: unknown, kind: 'tool' | 'content', where: string) =>
    blocks.push({ canonical: `${where}:${JSON.stringify(withoutCacheControl(block))}`, tokens: blockTokens(block, kind), breakpoint: ttlOf(block) });
  if (Array.isArray(request.tools)) for (const tool of request.tools) push(tool, 'tool', 'tool');
  if (typeof request.system === 'string') push(request.system, 'content', 'system');
  else if (Array.isArray(request.system)) for (const block of request.system) push(block, 'content', 'system');
  if (Array.isArray(request.messages)) {
    for (const message of request.messages) {
      if (!isObject(message)) continue;
      const role = String(message.role);
      if (typeof message.content === 'string') push(message.content, 'content', role);
      else if (Array.isArray(message.content)) for (const block of message.content) push(block, 'content', role);
    }
  }
  // Top-level cache_control puts a breakpoint on the last block.
  const last = blocks.at(-1);
  if (last && isObject(request.cache_control) && !last.breakpoint) last.breakpoint = request.cache_control.ttl === '1h' ? '1h' : '5m';
  return blocks;
}

export function countInputTokens(request: JsonObject): number {
  return promptBlocks(request).reduce((sum, block) => sum + block.tokens, 0);
}

export interface InputUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

const TTL_MS = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const;
export const MAX_BREAKPOINTS = 4;

/**
 * The prompt cache of one fake server. Like the real API's: a breakpoint caches the exact
 * prefix up to and including its block (per model); a later request whose prefix up to one
 * of its breakpoints is cached reads it (`cache_read_input_tokens`, refreshing its TTL), and
 * writes the rest up to its last breakpoint (`cache_creation_input_tokens`); `input_tokens`
 * is what is left after the last breakpoint.
 */
export class PromptCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly minTokens = 0) {}

  clear(): void {
    this.entries.clear();
  }

  /** Usage for the request's input; with `write`, also records the prefixes it caches. */
  usage(model: string, request: JsonObject, write = true, now = Date.now()): InputUsage {
    const blocks = promptBlocks(request);
    const breakpoints = blocks.flatMap((block, index) => (block.breakpoint ? [index] : []));
    if (breakpoints.length > MAX_BREAKPOINTS) {
      throw invalidRequest(`A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints.length}.`);
    }
    const prefixTokens: number[] = [];
    const keys: string[] = [];
    const hash = createHash('sha256').update(model);
    let tokens = 0;
    for (const block of blocks) {
      tokens += block.tokens;
      hash.update('\u0000' + block.canonical);
      prefixTokens.push(tokens);
      keys.push(hash.copy().digest('hex'));
    }
    const total = tokens;
    const cacheable = breakpoints.filter((index) => prefixTokens[index]! >= this.minTokens && prefixTokens[index]! > 0);
    let readEnd = -1;
    for (const index of cacheable) {
      const expires = this.entries.get(keys[index]!);
      if (expires !== undefined && expires > now) readEnd = index;
    }
    const read = readEnd >= 0 ? prefixTokens[readEnd]! : 0;
    const created = { '5m': 0, '1h': 0 };
    let covered = read;
    for (const index of cacheable) {
      const ttl = blocks[index]!.breakpoint!;
      if (index <= readEnd) {
        if (write) this.entries.set(keys[index]!, now + TTL_MS[ttl]);
        continue;
      }
      created[ttl] += prefixTokens[index]! - covered;
      covered = prefixTokens[index]!;
      if (write) this.entries.set(keys[index]!, now + TTL_MS[ttl]);
    }
    const creation = created['5m'] + created['1h'];
    return {
      input_tokens: total - read - creation,
      cache_creation_input_tokens: creation,
      cache_read_input_tokens: read,
      cache_creation: { ephemeral_5m_input_tokens: created['5m'], ephemeral_1h_input_tokens: created['1h'] },
    };
  }
}

/** Output tokens of a reply's content blocks. */
export function countOutputTokens(content: Array<JsonObject>): number {
  let tokens = 0;
  for (const block of content) {
    if (block.type === 'text') tokens += estimateTokens(String(block.text));
    else if (block.type === 'tool_use') tokens += estimateTokens(String(block.name) + JSON.stringify(block.input ?? {}));
  }
  return Math.max(1, tokens);
}
