import { afterEach, describe, expect, it, vi } from 'vitest';
import * as command from '../src/command/index.js';
import { currentHost, KERNEL_API_VERSION, registerHost, type LoomHost } from '../src/command/host.js';
import { LoomCommand } from '../src/command/loom-command.js';

const HOST_KEY = Symbol.for('loom.host');
type HostGlobal = typeof globalThis & { [HOST_KEY]?: LoomHost };

afterEach(() => {
  delete (globalThis as HostGlobal)[HOST_KEY];
});

describe('the host bridge', () => {
  it('has no host until one registers', () => {
    expect(currentHost()).toBeUndefined();
  });

  it('publishes the host on globalThis under Symbol.for("loom.host"), where another copy of the module finds it', () => {
    const host: LoomHost = { kernelVersion: KERNEL_API_VERSION, boot: vi.fn<LoomHost['boot']>() };
    registerHost(host);
    expect((globalThis as HostGlobal)[HOST_KEY]).toBe(host);
    expect(currentHost()).toBe(host);
  });

  it('reads whatever is stored under the key, so a host registered by another copy counts', () => {
    const host: LoomHost = { kernelVersion: '1.0.0', boot: vi.fn<LoomHost['boot']>() };
    (globalThis as HostGlobal)[HOST_KEY] = host;
    expect(currentHost()).toBe(host);
  });

  it('replaces an earlier host', () => {
    const first: LoomHost = { kernelVersion: '1.0.0', boot: vi.fn<LoomHost['boot']>() };
    const second: LoomHost = { kernelVersion: '1.0.0', boot: vi.fn<LoomHost['boot']>() };
    registerHost(first);
    registerHost(second);
    expect(currentHost()).toBe(second);
  });

  it('re-exports the kernel contract version for hosts', () => {
    expect(KERNEL_API_VERSION).toBe('1.0.0');
  });
});

describe('the command entry', () => {
  it('exports the command API', () => {
    expect(Object.keys(command).sort()).toEqual(
      [
        'LoomCommand',
        'USAGE_EXIT',
        'bootKernel',
        'configFileLayers',
        'createInProcessRunner',
        'currentHost',
        'discoverPlugins',
        'errorJson',
        'normalizeError',
        'pathsFor',
        'registerHost',
        'renderError',
        'renderTable',
      ].sort(),
    );
    expect(command.LoomCommand).toBe(LoomCommand);
    expect(command.registerHost).toBe(registerHost);
  });

  it('lets a LoomCommand module hand out the kernel contract version', async () => {
    const module = await import('../src/command/loom-command.js');
    expect(module.KERNEL_API_VERSION).toBe('1.0.0');
  });
});
