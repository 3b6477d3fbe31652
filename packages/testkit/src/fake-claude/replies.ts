import { FakeApiError } from './errors.js';
import { sampleFromSchema } from './json-schema.js';
import { CHARS_PER_TOKEN, countOutputTokens } from './usage.js';
import type {
  FakeMessagesRequest,
  FakeReply,
  FakeReplyContext,
  FakeReplyScript,
  FakeReplySpec,
  FakeStopReason,
  FakeToolCall,
  JsonObject,
} from './types.js';

export interface TextContent {
  type: 'text';
  text: string;
  citations: null;
}

export interface ToolUseContent {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
  caller: { type: 'direct' };
}

export type ReplyContent = TextContent | ToolUseContent;

export interface Completion {
  content: ReplyContent[];
  stop_reason: FakeStopReason;
  stop_sequence: string | null;
  output_tokens: number;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The text of the last user turn, for the default echo reply. */
function lastUserText(request: FakeMessagesRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i]!;
    if (message.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    if (Array.isArray(message.content)) {
      const texts = message.content.flatMap((block) => (isObject(block) && block.type === 'text' && typeof block.text === 'string' ? [block.text] : []));
      if (texts.length) return texts.join('\n');
      if (message.content.some((block) => isObject(block) && block.type === 'tool_result')) return 'the tool result';
    }
  }
  return '';
}

function toolSchema(request: FakeMessagesRequest, name: string): unknown {
  return request.tools?.find((tool) => tool.name === name)?.input_schema ?? { type: 'object' };
}

/**
 * The reply when the script gives none: a forced tool (`tool_choice` `tool`, or `any`: the
 * first tool) is called with a minimal input valid against its schema; a JSON output format
 * (`output_config.format` `json_schema`) gets a minimal valid JSON text; anything else the
 * deterministic text `Echo: <last user text>`.
 */
export function defaultReply(request: FakeMessagesRequest): FakeReplySpec {
  const choice = request.tool_choice;
  if (choice?.type === 'tool' && typeof choice.name === 'string') return { toolUse: { name: choice.name } };
  if (choice?.type === 'any' && request.tools?.[0]?.name) return { toolUse: { name: request.tools[0].name } };
  const format = isObject(request.output_config) ? request.output_config.format : undefined;
  if (isObject(format) && format.type === 'json_schema') return { text: JSON.stringify(sampleFromSchema(format.schema)) };
  return { text: `Echo: ${lastUserText(request)}` };
}

/** Asks the script (function, single reply or list) for the reply to one request. */
export async function scriptedReply(
  script: FakeReplyScript | undefined,
  request: FakeMessagesRequest,
  context: FakeReplyContext,
): Promise<FakeReply | undefined> {
  if (script === undefined) return undefined;
  if (typeof script === 'function') return script(request, context);
  if (Array.isArray(script)) return script[context.index];
  return script;
}

/**
 * Turns a reply into the message content the API would send: text first, then tool calls
 * (inputs generated from the tool's schema when left out), `stop_sequences` and
 * `max_tokens` applied to the text as the model would meet them.
 */
export function complete(reply: FakeReply | undefined, request: FakeMessagesRequest, newId: () => string): Completion {
  const spec: FakeReplySpec = reply === undefined ? defaultReply(request) : typeof reply === 'string' ? { text: reply } : reply;
  if (spec.error) throw FakeApiError.from(spec.error);
  let stopReason: FakeStopReason | undefined;
  let stopSequence: string | null = null;
  let text = spec.text;
  if (text !== undefined && request.stop_sequences?.length) {
    let cut = -1;
    for (const sequence of request.stop_sequences) {
      const at = sequence === '' ? -1 : text.indexOf(sequence);
      if (at >= 0 && (cut < 0 || at < cut)) {
        cut = at;
        stopSequence = sequence;
      }
    }
    if (cut >= 0) {
      text = text.slice(0, cut);
      stopReason = 'stop_sequence';
    }
  }
  if (text !== undefined && Math.ceil(text.length / CHARS_PER_TOKEN) > request.max_tokens) {
    text = text.slice(0, request.max_tokens * CHARS_PER_TOKEN);
    stopReason = 'max_tokens';
    stopSequence = null;
  }
  const content: ReplyContent[] = [];
  if (text !== undefined && (text !== '' || spec.toolUse === undefined)) content.push({ type: 'text', text, citations: null });
  const calls: FakeToolCall[] = stopReason ? [] : spec.toolUse === undefined ? [] : Array.isArray(spec.toolUse) ? spec.toolUse : [spec.toolUse];
  for (const call of calls) {
    if (typeof call.name !== 'string' || call.name === '') throw new Error('fake-claude: a scripted tool call needs a name');
    const input = 'input' in call && call.input !== undefined ? call.input : sampleFromSchema(toolSchema(request, call.name));
    content.push({ type: 'tool_use', id: call.id ?? newId(), name: call.name, input, caller: { type: 'direct' } });
  }
  return {
    content,
    stop_reason: spec.stopReason ?? stopReason ?? (calls.length ? 'tool_use' : 'end_turn'),
    stop_sequence: stopSequence,
    output_tokens: countOutputTokens(content as unknown as JsonObject[]),
  };
}
