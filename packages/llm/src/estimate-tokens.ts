import type { MessageCountTokensParams } from '@anthropic-ai/sdk/resources/messages';

/**
 * A local, deliberately conservative estimate of a request's input tokens, for planning
 * and budgets when no key (or no time) allows the count_tokens endpoint. Claude's
 * tokenizer averages about 3.5 characters per token on code and English prose; rounding
 * up and adding a per-message frame errs towards overestimating cost, never under.
 */
const CHARS_PER_TOKEN = 3.5;
const PER_MESSAGE_FRAME = 4;

export function estimateTextTokens(text: string): number {
  return estimateCharTokens(text.length);
}

/** The estimate of a text of `characters` characters, for callers that know its length without building it. */
export function estimateCharTokens(characters: number): number {
  return Math.ceil(characters / CHARS_PER_TOKEN);
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('\n');
  if (value && typeof value === 'object') {
    const block = value as { type?: string; text?: unknown; content?: unknown; input?: unknown; source?: unknown };
    if (typeof block.text === 'string') return block.text;
    if (block.type === 'tool_use') return JSON.stringify(block.input ?? {});
    if (block.content !== undefined) return textOf(block.content);
    // Images and documents: count their encoded size rather than pretend they are free.
    if (block.source !== undefined) return JSON.stringify(block.source);
  }
  return '';
}

export function estimateInputTokens(request: Pick<MessageCountTokensParams, 'messages' | 'system' | 'tools'>): number {
  const system = request.system === undefined ? 0 : estimateTextTokens(textOf(request.system));
  const tools = request.tools === undefined ? 0 : estimateTextTokens(JSON.stringify(request.tools));
  const messages = request.messages.reduce((sum, message) => sum + PER_MESSAGE_FRAME + estimateTextTokens(textOf(message.content)), 0);
  return system + tools + messages;
}
