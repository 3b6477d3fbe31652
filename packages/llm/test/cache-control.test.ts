import { describe, expect, it } from 'vitest';
import { cacheStablePrefix } from '../src/cache-control.js';

describe('cacheStablePrefix', () => {
  it('marks the end of a string system prompt, without touching the input', () => {
    const request = { system: 'You review code.', messages: [{ role: 'user' as const, content: 'hi' }] };
    const marked = cacheStablePrefix(request);
    expect(marked.system).toEqual([{ type: 'text', text: 'You review code.', cache_control: { type: 'ephemeral' } }]);
    expect(request.system).toBe('You review code.');
    expect(marked.messages).toEqual(request.messages);
  });

  it('marks only the last block of a block system prompt', () => {
    const marked = cacheStablePrefix({ system: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], messages: [{ role: 'user', content: 'q' }] });
    expect(marked.system).toEqual([{ type: 'text', text: 'a' }, { type: 'text', text: 'b', cache_control: { type: 'ephemeral' } }]);
  });

  it('marks the end of the first N messages: the shared context', () => {
    const marked = cacheStablePrefix(
      { messages: [{ role: 'user', content: 'shared repo map' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'question' }] },
      { system: false, messages: 2 },
    );
    expect(marked.messages[0]!.content).toBe('shared repo map');
    expect(marked.messages[1]!.content).toEqual([{ type: 'text', text: 'ok', cache_control: { type: 'ephemeral' } }]);
    expect(marked.messages[2]!.content).toBe('question');
    expect('system' in marked).toBe(false);
  });

  it('leaves the system prompt alone when asked to, and copes with none or an empty one', () => {
    const request = { system: 'You review code.', messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(cacheStablePrefix(request, { system: false })).toEqual(request);
    expect(cacheStablePrefix({ messages: [{ role: 'user', content: 'hi' }] })).toEqual({ messages: [{ role: 'user', content: 'hi' }] });
    expect(cacheStablePrefix({ system: [], messages: [{ role: 'user', content: 'hi' }] }).system).toEqual([]);
  });

  it('marks the last message when N is past the end, and nothing when there is no message', () => {
    const marked = cacheStablePrefix({ messages: [{ role: 'user', content: 'only one' }] }, { system: false, messages: 5 });
    expect(marked.messages[0]!.content).toEqual([{ type: 'text', text: 'only one', cache_control: { type: 'ephemeral' } }]);
    expect(cacheStablePrefix({ messages: [] }, { system: false, messages: 2 })).toEqual({ messages: [] });
  });

  it('marks the last block of a message given as blocks', () => {
    const marked = cacheStablePrefix(
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'map' }, { type: 'text', text: 'files' }] }] },
      { system: false, messages: 1 },
    );
    expect(marked.messages[0]!.content).toEqual([{ type: 'text', text: 'map' }, { type: 'text', text: 'files', cache_control: { type: 'ephemeral' } }]);
  });

  it('never marks a thinking block, which cannot carry cache_control', () => {
    for (const last of [{ type: 'thinking' as const, thinking: 'hmm', signature: 'sig' }, { type: 'redacted_thinking' as const, data: 'opaque' }]) {
      const request = { messages: [{ role: 'assistant' as const, content: [{ type: 'text' as const, text: 'a' }, last] }] };
      expect(cacheStablePrefix(request, { system: false, messages: 1 })).toEqual(request);
    }
  });
});
