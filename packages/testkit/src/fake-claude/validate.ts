import { invalidRequest } from './errors.js';
import type { ModelCatalog } from './models.js';
import type { FakeMessagesRequest, JsonObject } from './types.js';

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const ROLES = new Set(['user', 'assistant', 'system']);

/** Top-level fields the API accepts (SDK 1.13's body params; sampling ones tolerated). Others: "Extra inputs are not permitted". */
const CREATE_FIELDS = new Set([
  'model', 'max_tokens', 'messages', 'cache_control', 'container', 'diagnostics', 'inference_geo', 'metadata', 'output_config',
  'service_tier', 'speed', 'stop_sequences', 'stream', 'system', 'thinking', 'tool_choice', 'tools', 'temperature', 'top_k', 'top_p',
]);
const COUNT_FIELDS = new Set(['model', 'messages', 'cache_control', 'output_config', 'speed', 'system', 'thinking', 'tool_choice', 'tools']);

/**
 * Checks a Messages (or count_tokens) body the way the real API does, in its order: the
 * shape first (400 `invalid_request_error`, worded like the API's validation messages),
 * then the model (404 `not_found_error`), then limits that depend on the model.
 */
export function validateMessagesRequest(body: unknown, catalog: ModelCatalog, kind: 'create' | 'count_tokens', beta = false): FakeMessagesRequest {
  if (!isObject(body)) throw invalidRequest('Request body must be a JSON object');
  if (!beta) {
    // Beta requests may carry fields this fake does not know of; the GA endpoints refuse unknown ones.
    const allowed = kind === 'create' ? CREATE_FIELDS : COUNT_FIELDS;
    const extra = Object.keys(body).find((field) => !allowed.has(field));
    if (extra !== undefined) throw invalidRequest(`${extra}: Extra inputs are not permitted`);
  }
  if (body.model === undefined) throw invalidRequest('model: Field required');
  if (typeof body.model !== 'string' || body.model === '') throw invalidRequest('model: Input should be a valid string');
  if (kind === 'create') {
    if (body.max_tokens === undefined) throw invalidRequest('max_tokens: Field required');
    if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens)) throw invalidRequest('max_tokens: Input should be a valid integer');
    if (body.max_tokens < 1) throw invalidRequest('max_tokens: Input should be greater than or equal to 1');
  }
  if (body.messages === undefined) throw invalidRequest('messages: Field required');
  if (!Array.isArray(body.messages)) throw invalidRequest('messages: Input should be a valid list');
  if (body.messages.length === 0) throw invalidRequest('messages: at least one message is required');
  const messages: unknown[] = body.messages;
  messages.forEach((message, index) => {
    if (!isObject(message)) throw invalidRequest(`messages.${index}: Input should be a valid dictionary`);
    if (message.role === undefined) throw invalidRequest(`messages.${index}.role: Field required`);
    if (!ROLES.has(String(message.role))) throw invalidRequest(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    if (message.content === undefined) throw invalidRequest(`messages.${index}.content: Field required`);
    if (typeof message.content !== 'string' && !Array.isArray(message.content)) throw invalidRequest(`messages.${index}.content: Input should be a valid string or list`);
    if (Array.isArray(message.content)) {
      message.content.forEach((block, b) => {
        if (!isObject(block) || typeof block.type !== 'string') throw invalidRequest(`messages.${index}.content.${b}.type: Field required`);
        if (block.type === 'text' && (typeof block.text !== 'string' || block.text === '')) {
          throw invalidRequest(`messages: text content blocks must be non-empty`);
        }
      });
      if (message.content.length === 0 && !(index === messages.length - 1 && message.role === 'assistant')) {
        throw invalidRequest(`messages.${index}: all messages must have non-empty content except for the optional final assistant message`);
      }
    } else if (message.content === '' && !(index === messages.length - 1 && message.role === 'assistant')) {
      throw invalidRequest(`messages.${index}: all messages must have non-empty content except for the optional final assistant message`);
    }
  });
  if (body.system !== undefined && typeof body.system !== 'string' && !Array.isArray(body.system)) throw invalidRequest('system: Input should be a valid string or list');
  if (body.temperature !== undefined && (typeof body.temperature !== 'number' || body.temperature < 0 || body.temperature > 1)) {
    throw invalidRequest('temperature: Input should be less than or equal to 1');
  }
  if (body.stop_sequences !== undefined && (!Array.isArray(body.stop_sequences) || body.stop_sequences.some((s) => typeof s !== 'string'))) {
    throw invalidRequest('stop_sequences: Input should be a valid list of strings');
  }
  const tools = body.tools;
  if (tools !== undefined) {
    if (!Array.isArray(tools)) throw invalidRequest('tools: Input should be a valid list');
    const names = new Set<string>();
    tools.forEach((tool, index) => {
      if (!isObject(tool) || typeof tool.name !== 'string') throw invalidRequest(`tools.${index}.name: Field required`);
      if (!/^[a-zA-Z0-9_-]{1,128}$/.test(tool.name)) throw invalidRequest(`tools.${index}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
      if (names.has(tool.name)) throw invalidRequest('tools: Tool names must be unique.');
      names.add(tool.name);
      const custom = tool.type === undefined || tool.type === null || tool.type === 'custom';
      if (custom && !isObject(tool.input_schema)) throw invalidRequest(`tools.${index}.custom.input_schema: Field required`);
    });
  }
  const choice = body.tool_choice;
  if (choice !== undefined) {
    if (!isObject(choice) || !['auto', 'any', 'tool', 'none'].includes(String(choice.type))) {
      throw invalidRequest("tool_choice: Input tag should be 'auto', 'any', 'tool' or 'none'");
    }
    if ((choice.type === 'any' || choice.type === 'tool') && (!Array.isArray(tools) || tools.length === 0)) {
      throw invalidRequest('tool_choice: tool_choice may only be specified while providing tools.');
    }
    if (choice.type === 'tool') {
      if (typeof choice.name !== 'string') throw invalidRequest('tool_choice.tool.name: Field required');
      if (!(tools as JsonObject[]).some((tool) => tool.name === choice.name)) {
        throw invalidRequest(`tool_choice: Tool '${choice.name}' not found in the provided tools`);
      }
    }
  }
  const model = catalog.resolve(body.model);
  if (kind === 'create' && (body.max_tokens as number) > model.max_tokens) {
    throw invalidRequest(`max_tokens: ${body.max_tokens} > ${model.max_tokens}, which is the maximum allowed number of output tokens for ${model.id}`);
  }
  return body as FakeMessagesRequest;
}
