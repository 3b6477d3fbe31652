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
});
