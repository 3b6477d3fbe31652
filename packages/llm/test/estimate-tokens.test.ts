import { describe, expect, it } from 'vitest';
import { estimateCharTokens, estimateInputTokens, estimateTextTokens } from '../src/estimate-tokens.js';

describe('estimateTextTokens', () => {
  it('rounds 3.5 characters per token up', () => {
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens('abc')).toBe(1);
    expect(estimateTextTokens('a'.repeat(35))).toBe(10);
    expect(estimateTextTokens('a'.repeat(36))).toBe(11);
  });

  it('gives a length what it gives a text of that length', () => {
    expect(estimateCharTokens(0)).toBe(0);
    expect(estimateCharTokens(7)).toBe(2);
    expect(estimateCharTokens(8)).toBe(3);
    for (let length = 0; length < 40; length++) expect(estimateCharTokens(length)).toBe(estimateTextTokens('é'.repeat(length)));
  });
});

describe('estimateInputTokens', () => {
  it('counts system, tools and every message with a per-message frame', () => {
    const text = 'x'.repeat(70); // 20 tokens
    const bare = estimateInputTokens({ messages: [{ role: 'user', content: text }] });
    expect(bare).toBe(20 + 4);
    const withSystem = estimateInputTokens({ system: text, messages: [{ role: 'user', content: text }] });
    expect(withSystem).toBe(bare + 20);
    const two = estimateInputTokens({ messages: [{ role: 'user', content: text }, { role: 'assistant', content: text }] });
    expect(two).toBe(2 * bare);
    const tools = [{ name: 't', input_schema: { type: 'object' as const } }];
    expect(estimateInputTokens({ tools, messages: [{ role: 'user', content: text }] })).toBe(bare + Math.ceil(JSON.stringify(tools).length / 3.5));
  });

  it('reads text blocks, tool uses and tool results alike', () => {
    const blocks = estimateInputTokens({
      system: [{ type: 'text', text: 'x'.repeat(35) }],
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'n', input: { k: 'v' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: [{ type: 'text', text: 'y'.repeat(35) }] }] },
      ],
    });
    expect(blocks).toBe(10 + (4 + Math.ceil('{"k":"v"}'.length / 3.5)) + (4 + 10));
  });

  it('counts the blocks of a message as their texts joined by a line break', () => {
    // 35 + 1 + 35 characters: 71 / 3.5 rounds up to 21, where the texts alone would be 20.
    const two = estimateInputTokens({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(35) }, { type: 'text', text: 'y'.repeat(35) }] }] });
    expect(two).toBe(4 + 21);
  });

  it('counts an image by its encoded source, never as free', () => {
    const source = { type: 'base64' as const, media_type: 'image/png' as const, data: 'A'.repeat(700) };
    const image = estimateInputTokens({ messages: [{ role: 'user', content: [{ type: 'image', source }] }] });
    expect(image).toBe(4 + Math.ceil(JSON.stringify(source).length / 3.5));
  });
});
