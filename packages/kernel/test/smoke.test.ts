import { describe, expect, it } from 'vitest';
import { definePlugin, createToken } from '../src/index.js';
import { createTestKernel } from '../src/testing.js';

describe('kernel', () => {
  it('sets a plugin up and resolves its service', async () => {
    const Greeter = createToken<{ greet(): string }>('test.greeter');
    const kernel = await createTestKernel({
      plugins: [definePlugin({ name: 'hello', version: '1.0.0', kernel: '^1', provides: [Greeter], setup(ctx) { ctx.provide(Greeter, { value: { greet: () => 'hi' } }); } })],
    });
    expect(kernel.get(Greeter).greet()).toBe('hi');
  });
});
