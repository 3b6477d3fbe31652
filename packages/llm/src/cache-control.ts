import type { TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { LlmRequestInput } from './pipeline.js';

const EPHEMERAL = { type: 'ephemeral' } as const;

export interface CachePrefixOptions {
  /** Mark the end of the system prompt (default true). */
  system?: boolean;
  /** Mark the end of the first N messages: the shared context every call repeats. */
  messages?: number;
}

/**
 * Marks the stable prefix of a request with `cache_control` breakpoints, so that calls
 * repeating it (a fan-out over chunks, a resumed session) read it from Anthropic's cache
 * at a tenth of the input price instead of paying for it again. Pure: returns a copy.
 */
export function cacheStablePrefix<R extends LlmRequestInput>(request: R, options: CachePrefixOptions = {}): R {
  const copy = structuredClone(request);
  if (options.system ?? true) {
    if (typeof copy.system === 'string') copy.system = [{ type: 'text', text: copy.system }];
    const last = copy.system?.at(-1);
    if (last) last.cache_control = EPHEMERAL;
  }
  const count = options.messages ?? 0;
  if (count > 0) {
    const message = copy.messages[Math.min(count, copy.messages.length) - 1];
    if (message) {
      if (typeof message.content === 'string') message.content = [{ type: 'text', text: message.content } satisfies TextBlockParam];
      const block = message.content.at(-1);
      if (block && 'type' in block && block.type !== 'thinking' && block.type !== 'redacted_thinking') {
        (block as TextBlockParam).cache_control = EPHEMERAL;
      }
    }
  }
  return copy;
}
