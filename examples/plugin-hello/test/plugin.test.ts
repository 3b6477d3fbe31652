import { parseManifest } from '@loomkit/kernel';
import { createTestKernel } from '@loomkit/kernel/testing';
import { describe, expect, it } from 'vitest';
import hello, { Greeter } from '../src/index.js';

const thirdParty = { plugin: hello, firstParty: false, origin: 'loom-plugin-hello' };

describe('loom-plugin-hello', () => {
  it('declares a manifest this kernel accepts', () => {
    const manifest = parseManifest(hello, 'loom-plugin-hello');
    expect(manifest.name).toBe('hello');
    expect(manifest.provides).toEqual([Symbol.for('hello.greeter')]);
    expect(manifest.routes.map((route) => route.command)).toEqual(['hello']);
    expect(manifest.kernel).toBe('^1.0.0');
  });

  it('provides a greeter that uses the default greeting', async () => {
    const kernel = await createTestKernel({ plugins: [thirdParty] });
    expect(kernel.status()).toMatchObject([{ name: 'hello', state: 'ready', firstParty: false }]);
    expect(kernel.get(Greeter).greet('Ada')).toBe('Hello, Ada!');
    await kernel.dispose();
  });

  it('reads its greeting from the hello config section', async () => {
    const kernel = await createTestKernel({ plugins: [thirdParty], config: { hello: { greeting: 'Hi' } } });
    expect(kernel.get(Greeter).greet('Ada')).toBe('Hi, Ada!');
    await kernel.dispose();
  });

  it('is disabled, not fatal, when its config is invalid', async () => {
    const kernel = await createTestKernel({ plugins: [thirdParty], config: { hello: { greeting: '' } } });
    const [status] = kernel.status();
    expect(status?.state).toBe('failed');
    expect(status?.error?.code).toBe('CONFIG_INVALID');
    expect(kernel.getOptional(Greeter)).toBeUndefined();
    await kernel.dispose();
  });
});
