import { KERNEL_API_VERSION } from '@loomkit/kernel';
import { createTestKernel } from '@loomkit/kernel/testing';
import { describe, expect, it } from 'vitest';
import future, { FutureClock } from '../src/index.js';

describe('loom-plugin-future', () => {
  it('is refused by this kernel, naming both versions, without taking the kernel down', async () => {
    const kernel = await createTestKernel({ plugins: [{ plugin: future, firstParty: false, origin: 'loom-plugin-future' }] });
    const [status] = kernel.status();
    expect(status?.state).toBe('failed');
    expect(status?.error?.code).toBe('PLUGIN_KERNEL_INCOMPATIBLE');
    expect(status?.error?.message).toContain('>=99.0.0');
    expect(status?.error?.message).toContain(KERNEL_API_VERSION);
    expect(kernel.getOptional(FutureClock)).toBeUndefined();
    await kernel.dispose();
  });

  it('would load on the kernel it was built for', async () => {
    const kernel = await createTestKernel({ plugins: [{ plugin: future, firstParty: true }], kernelVersion: '99.0.0' });
    expect(kernel.get(FutureClock).now()).toBe('the future');
    await kernel.dispose();
  });
});
