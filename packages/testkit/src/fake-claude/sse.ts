import type { Completion } from './replies.js';
import type { InputUsage } from './usage.js';

export interface MessageParts {
  id: string;
  model: string;
  completion: Completion;
  input: InputUsage;
  serviceTier: 'standard' | 'batch';
}

function usage(parts: MessageParts, outputTokens: number) {
  return {
    input_tokens: parts.input.input_tokens,
    cache_creation_input_tokens: parts.input.cache_creation_input_tokens,
    cache_read_input_tokens: parts.input.cache_read_input_tokens,
    cache_creation: parts.input.cache_creation,
    output_tokens: outputTokens,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: parts.serviceTier,
    inference_geo: 'global',
    speed: 'standard',
  };
}

/** A complete Message object, as a non-streaming `POST /v1/messages` answers. */
export function messageObject(parts: MessageParts) {
  return {
    id: parts.id,
    type: 'message' as const,
    role: 'assistant' as const,
    model: parts.model,
    content: parts.completion.content,
    stop_reason: parts.completion.stop_reason,
    stop_sequence: parts.completion.stop_sequence,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: usage(parts, parts.completion.output_tokens),
  };
}

export interface SseEvent {
  event: string;
  data: unknown;
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  // Split on code points, so a delta never ends inside a surrogate pair.
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

/**
 * The event sequence of a streaming response, as the real API sends it: `message_start`
 * (empty content, `stop_reason` null, input usage), then per content block
 * `content_block_start` / `content_block_delta`… / `content_block_stop` (a `ping` after the
 * first start; tool input as `input_json_delta` fragments, the first one empty), then
 * `message_delta` (stop reason and cumulative usage) and `message_stop`.
 */
export function streamEvents(parts: MessageParts, chunkChars: number): SseEvent[] {
  const message = messageObject(parts);
  const events: SseEvent[] = [
    {
      event: 'message_start',
      data: { type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: usage(parts, 1) } },
    },
  ];
  if (parts.completion.content.length === 0) events.push({ event: 'ping', data: { type: 'ping' } });
  parts.completion.content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } } });
      if (index === 0) events.push({ event: 'ping', data: { type: 'ping' } });
      for (const text of chunks(block.text, chunkChars)) {
        events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text } } });
      }
    } else {
      events.push({
        event: 'content_block_start',
        data: { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {}, caller: block.caller } },
      });
      if (index === 0) events.push({ event: 'ping', data: { type: 'ping' } });
      const json = JSON.stringify(block.input) ?? 'null';
      for (const partial_json of ['', ...chunks(json, chunkChars)]) {
        events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } } });
      }
    }
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  });
  const total = usage(parts, parts.completion.output_tokens);
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence, stop_details: null, container: null },
      usage: {
        input_tokens: total.input_tokens,
        cache_creation_input_tokens: total.cache_creation_input_tokens,
        cache_read_input_tokens: total.cache_read_input_tokens,
        output_tokens: total.output_tokens,
        output_tokens_details: null,
        server_tool_use: null,
      },
    },
  });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return events;
}

export const encodeEvent = (event: SseEvent): string => `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
