import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Clock } from '../src/clock.js';
import type { PluginContext } from '../src/context.js';
import { CoreTokens } from '../src/core-tokens.js';
import { LoomError } from '../src/errors.js';
import { Kernel, startKernel, type KernelOptions, type PluginCandidate } from '../src/kernel.js';
import { createLogger } from '../src/logger.js';
import { definePlugin, type PluginDefinition } from '../src/manifest.js';
import { resolvePaths } from '../src/paths.js';
import { KERNEL_API_VERSION } from '../src/version.js';
import type { StandardSchemaV1 } from '../src/standard-schema.js';
import { createTestKernel } from '../src/testing.js';
import { createToken } from '../src/tokens.js';
import { rejection, thrown } from './support/loom-errors.js';

type Definition = Omit<PluginDefinition, 'version' | 'kernel'> & { version?: string; kernel?: string };

const plugin = (definition: Definition) => definePlugin({ version: '1.0.0', kernel: '^1', ...definition });
const thirdParty = (value: unknown, origin?: string) => ({ plugin: value, firstParty: false, origin });



/** A kernel that has not started, for tests that subscribe first or pass options createTestKernel lacks. */
function bareKernel(options: Partial<KernelOptions> & { plugins?: PluginCandidate[] } = {}) {
  const paths = resolvePaths({ cwd: process.cwd(), userConfigDir: '/nonexistent/config', dataDir: '/nonexistent/data', cacheDir: '/nonexistent/cache' });
  const logs: string[] = [];
  const kernel = new Kernel({ paths, logger: createLogger('debug', (level, line) => logs.push(`${level}: ${line}`)), ...options });
  return { kernel, logs };
}

const candidate = (value: unknown, origin = 'pkg', firstParty = true): PluginCandidate => ({ origin, firstParty, load: () => value });

const stateOf = (kernel: Kernel, name: string) => kernel.status().find((s) => s.name === name);

describe('Kernel lifecycle', () => {
  it('sets plugins up in dependency order and disposes them in reverse', async () => {
    const calls: string[] = [];
    const traced = (name: string, dependsOn: Record<string, string> = {}) =>
      plugin({ name, dependsOn, setup: () => void calls.push(`setup ${name}`), dispose: () => void calls.push(`dispose ${name}`) });
    const kernel = await createTestKernel({
      plugins: [traced('app', { session: '^1', store: '^1' }), traced('session', { store: '^1' }), traced('store'), traced('lone')],
    });
    expect(calls).toEqual(['setup store', 'setup session', 'setup app', 'setup lone']);
    calls.length = 0;
    await kernel.dispose();
    expect(calls).toEqual(['dispose lone', 'dispose app', 'dispose session', 'dispose store']);
  });

  it('announces each plugin when ready and when disposed', async () => {
    const { kernel } = bareKernel({
      plugins: [candidate(plugin({ name: 'b', version: '2.0.0', dependsOn: { a: '^1' } }), 'pkg-b'), candidate(plugin({ name: 'a', version: '1.5.0' }), 'pkg-a')],
    });
    const events: string[] = [];
    kernel.events.on('plugin:ready', (p) => void events.push(`ready ${p.plugin}@${p.version}`));
    kernel.events.on('plugin:disposed', (p) => void events.push(`disposed ${p.plugin}`));
    await kernel.start();
    await kernel.dispose();
    expect(events).toEqual(['ready a@1.5.0', 'ready b@2.0.0', 'disposed b', 'disposed a']);
  });

  it('releases the provided services on dispose', async () => {
    const Value = createToken<string>('test.kernel.released');
    const kernel = await createTestKernel({ plugins: [plugin({ name: 'a', provides: [Value], setup: (ctx) => ctx.provide(Value, { value: 'v' }) })] });
    expect(kernel.get(Value)).toBe('v');
    await kernel.dispose();
    expect(kernel.getOptional(Value)).toBeUndefined();
  });

  it('runs no plugin twice on a second dispose', async () => {
    const dispose = vi.fn();
    const kernel = await createTestKernel({ plugins: [plugin({ name: 'a', dispose })] });
    await kernel.dispose();
    await kernel.dispose();
    expect(dispose).toHaveBeenCalledTimes(1);
  });

  it('refuses to start twice', async () => {
    const kernel = await createTestKernel();
    const error = await rejection(kernel.start());
    expect(error.code).toBe('KERNEL_STARTED');
  });

  it('refuses config and services before start', () => {
    const { kernel } = bareKernel();
    expect(thrown(() => kernel.config).code).toBe('KERNEL_NOT_STARTED');
    expect(thrown(() => kernel.config).hint).toBe('await kernel.start() first');
    expect(thrown(() => kernel.get(CoreTokens.Clock)).code).toBe('KERNEL_NOT_STARTED');
    expect(thrown(() => kernel.getOptional(CoreTokens.Clock)).code).toBe('KERNEL_NOT_STARTED');
  });

  it('is what startKernel returns, started', async () => {
    const setup = vi.fn();
    const kernel = await startKernel({
      paths: resolvePaths({ cwd: process.cwd(), userConfigDir: '/x', dataDir: '/y', cacheDir: '/z' }),
      plugins: [candidate(plugin({ name: 'a', setup }))],
    });
    expect(kernel).toBeInstanceOf(Kernel);
    expect(setup).toHaveBeenCalledTimes(1);
    expect(kernel.config.logLevel).toBe('warn');
  });

  it('stops the hooks and subscriptions of disposed plugins', async () => {
    const hook = vi.fn();
    const subscribed = vi.fn();
    const kernel = await createTestKernel({
      plugins: [plugin({ name: 'a', hooks: { 'command:start': hook }, setup: (ctx) => void ctx.events.on('command:end', subscribed) })],
    });
    await kernel.events.emit('command:start', { command: 'x', argv: [] });
    await kernel.events.emit('command:end', { command: 'x', durationMs: 1 });
    await kernel.dispose();
    await kernel.events.emit('command:start', { command: 'x', argv: [] });
    await kernel.events.emit('command:end', { command: 'x', durationMs: 1 });
    expect(hook).toHaveBeenCalledTimes(1);
    expect(subscribed).toHaveBeenCalledTimes(1);
  });

  it('warns about a plugin that fails to dispose and disposes the others', async () => {
    const calls: string[] = [];
    const kernel = await createTestKernel({
      plugins: [
        plugin({ name: 'first', dispose: () => void calls.push('first') }),
        thirdParty(plugin({ name: 'broken', dispose: () => { throw new Error('cannot close'); } })),
        plugin({ name: 'last', dispose: async () => void calls.push('last') }),
      ],
    });
    await kernel.dispose();
    expect(calls).toEqual(['last', 'first']);
    expect(kernel.logs).toContain('warn: plugin broken failed to dispose: cannot close');
  });
});

describe('Kernel phase timeout', () => {
  const never = () => new Promise<never>(() => undefined);

  it('fails a first-party plugin whose setup outlasts kernel.phaseTimeoutMs', async () => {
    const error = await rejection(createTestKernel({ config: { kernel: { phaseTimeoutMs: 30 } }, plugins: [plugin({ name: 'slow', setup: never })] }));
    expect(error.code).toBe('PLUGIN_TIMEOUT');
    expect(error.plugin).toBe('slow');
    expect(error.message).toBe('plugin slow did not finish setup within 30 ms');
    expect(error.hint).toContain('kernel.phaseTimeoutMs');
  });

  it('bounds loading by kernel.phaseTimeoutMs only when that is a positive whole number, read before validation', async () => {
    const slowLoad = (): PluginCandidate => ({ origin: 'slow-load', firstParty: false, load: () => new Promise((resolve) => setTimeout(() => resolve(plugin({ name: 'slow-load' })), 80)) });
    const withTimeoutOf = (phaseTimeoutMs: unknown) => bareKernel({ plugins: [slowLoad()], configLayers: [{ source: 'test', values: { kernel: { phaseTimeoutMs } } }] }).kernel;
    const bounded = withTimeoutOf(20);
    await bounded.start();
    expect(stateOf(bounded, 'slow-load')?.error).toMatchObject({ code: 'PLUGIN_TIMEOUT', message: expect.stringContaining('loading within 20 ms') });
    for (const bad of [0, -5, 0.5, '20']) {
      const kernel = withTimeoutOf(bad);
      // Validation refuses the value once the plugins are loaded; loading itself had the default.
      await expect(kernel.start(), String(bad)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      expect(stateOf(kernel, 'slow-load'), String(bad)).toMatchObject({ state: 'ready', version: '1.0.0' });
    }
  });

  it('disables a slow third-party plugin and sets up the rest', async () => {
    const after = vi.fn();
    const kernel = await createTestKernel({
      config: { kernel: { phaseTimeoutMs: 30 } },
      plugins: [thirdParty(plugin({ name: 'slow', setup: never })), plugin({ name: 'after', setup: after })],
    });
    expect(stateOf(kernel, 'slow')?.state).toBe('failed');
    expect(stateOf(kernel, 'slow')?.error?.code).toBe('PLUGIN_TIMEOUT');
    expect(after).toHaveBeenCalledTimes(1);
    expect(stateOf(kernel, 'after')?.state).toBe('ready');
  });

  it('gives up on a dispose that outlasts the timeout and disposes the rest', async () => {
    const disposed = vi.fn();
    const kernel = await createTestKernel({
      config: { kernel: { phaseTimeoutMs: 30 } },
      plugins: [plugin({ name: 'first', dispose: disposed }), plugin({ name: 'stuck', dispose: never })],
    });
    await kernel.dispose();
    expect(kernel.logs).toContain('warn: plugin stuck failed to dispose: plugin stuck did not finish dispose within 30 ms');
    expect(disposed).toHaveBeenCalledTimes(1);
  });
});

describe('Kernel failures', () => {
  it('disables a third-party plugin that throws in setup, with a warning, and keeps the others working', async () => {
    const Greeter = createToken<{ greet(): string }>('test.kernel.greeter');
    const kernel = await createTestKernel({
      plugins: [
        thirdParty(plugin({ name: 'flaky', routes: [{ command: 'flaky go', summary: 'Go', examples: ['go'] }], setup: () => { throw new Error('boom'); } }), 'loom-plugin-flaky'),
        plugin({ name: 'hello', provides: [Greeter], setup: (ctx) => ctx.provide(Greeter, { value: { greet: () => 'hi' } }) }),
      ],
    });
    const flaky = stateOf(kernel, 'flaky')!;
    expect(flaky.state).toBe('failed');
    expect(flaky.error?.code).toBe('PLUGIN_SETUP_FAILED');
    expect(flaky.error?.plugin).toBe('flaky');
    expect(flaky.error?.message).toBe('boom');
    expect(flaky.error?.hint).toBe('report it to the authors of loom-plugin-flaky');
    expect(kernel.logs).toContain('warn: third-party plugin flaky disabled: boom');
    expect(stateOf(kernel, 'hello')?.state).toBe('ready');
    expect(kernel.get(Greeter).greet()).toBe('hi');
    expect(kernel.routes()).toEqual([]);
  });

  it('drops what a failing plugin subscribed and provided before it threw', async () => {
    const Store = createToken<string>('test.kernel.half-done');
    const heard = vi.fn();
    const kernel = await createTestKernel({
      plugins: [
        thirdParty(
          plugin({
            name: 'half',
            provides: [Store],
            setup: (ctx) => {
              ctx.provide(Store, { value: 'half' });
              ctx.events.on('command:start', heard);
              throw new Error('gave up');
            },
          }),
        ),
      ],
    });
    await kernel.events.emit('command:start', { command: 'x', argv: [] });
    expect(heard).not.toHaveBeenCalled();
    expect(kernel.getOptional(Store)).toBeUndefined();
  });

  it('fails the dependents of a plugin that failed in setup', async () => {
    const kernel = await createTestKernel({
      plugins: [
        thirdParty(plugin({ name: 'app', dependsOn: { base: '^1' } })),
        thirdParty(plugin({ name: 'base', setup: () => { throw new Error('no base'); } })),
      ],
    });
    const app = stateOf(kernel, 'app')!;
    expect(app.state).toBe('failed');
    expect(app.error?.code).toBe('PLUGIN_DEPENDENCY_FAILED');
    expect(app.error?.plugin).toBe('app');
    expect(app.error?.message).toBe('plugin app needs base, which failed to set up');
    expect(app.error?.hint).toBe('run `loom doctor` to see why base failed');
  });

  it('aborts when a first-party plugin needs a third-party one that failed in setup', async () => {
    const error = await rejection(
      createTestKernel({ plugins: [thirdParty(plugin({ name: 'base', setup: () => { throw new Error('no'); } })), plugin({ name: 'app', dependsOn: { base: '^1' } })] }),
    );
    expect(error.code).toBe('PLUGIN_DEPENDENCY_FAILED');
    expect(error.plugin).toBe('app');
  });

  it('rejects start() with the error of a first-party plugin that throws in setup', async () => {
    const original = new Error('first-party boom');
    const after = vi.fn();
    const error = await rejection(createTestKernel({ plugins: [plugin({ name: 'core', setup: () => { throw original; } }), plugin({ name: 'after', setup: after })] }));
    expect(error.code).toBe('PLUGIN_SETUP_FAILED');
    expect(error.plugin).toBe('core');
    expect(error.message).toBe('first-party boom');
    expect((error.cause as LoomError).cause).toBe(original);
    expect(after).not.toHaveBeenCalled();
  });

  it('passes on a LoomError thrown in setup, adding the plugin name but keeping code, hint and exit code', async () => {
    const own = new LoomError('SESSION_LOCKED', 'the session is locked', { hint: 'unlock it', exitCode: 3 });
    const error = await rejection(createTestKernel({ plugins: [plugin({ name: 'session', setup: () => { throw own; } })] }));
    expect(error.code).toBe('SESSION_LOCKED');
    expect(error.message).toBe('the session is locked');
    expect(error.hint).toBe('unlock it');
    expect(error.plugin).toBe('session');
    expect(error.exitCode).toBe(3);
    expect(error.cause).toBe(own);

    const named = new LoomError('X', 'y', { plugin: 'session' });
    expect(await rejection(createTestKernel({ plugins: [plugin({ name: 'session', setup: async () => { throw named; } })] }))).toBe(named);
  });

  it('records a first-party failure instead of throwing when strict is false', async () => {
    const after = vi.fn();
    const kernel = await createTestKernel({
      strict: false,
      plugins: [plugin({ name: 'core', setup: () => { throw new Error('broken'); } }), plugin({ name: 'after', setup: after })],
    });
    expect(stateOf(kernel, 'core')).toMatchObject({ state: 'failed', firstParty: true });
    expect(stateOf(kernel, 'core')?.error?.code).toBe('PLUGIN_SETUP_FAILED');
    expect(stateOf(kernel, 'core')?.error?.message).toBe('broken');
    expect(kernel.logs).toContain('warn: plugin core disabled: broken');
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('records resolver failures of first-party plugins when strict is false', async () => {
    const kernel = await createTestKernel({ strict: false, plugins: [plugin({ name: 'app', dependsOn: { nowhere: '^1' } })] });
    expect(stateOf(kernel, 'app')?.error?.code).toBe('PLUGIN_DEPENDENCY_MISSING');
    expect(stateOf(kernel, 'app')?.error?.message).toBe('plugin app needs plugin nowhere ^1, which is not installed');
  });

  it('aborts on a first-party resolver failure, with the resolver’s error', async () => {
    const error = await rejection(createTestKernel({ kernelVersion: '2.1.0', plugins: [plugin({ name: 'old', kernel: '^1' })] }));
    expect(error.code).toBe('PLUGIN_KERNEL_INCOMPATIBLE');
    expect(error.plugin).toBe('old');
    expect(error.message).toBe('plugin old@1.0.0 needs kernel ^1, but this Loom has kernel 2.1.0');
  });

  it('checks kernel compatibility against KERNEL_API_VERSION by default', async () => {
    const kernel = await createTestKernel({ plugins: [thirdParty(plugin({ name: 'future', kernel: '^2' })), plugin({ name: 'now', kernel: '^1.0.0' })] });
    expect(stateOf(kernel, 'future')?.error?.message).toBe(`plugin future@1.0.0 needs kernel ^2, but this Loom has kernel ${KERNEL_API_VERSION}`);
    expect(stateOf(kernel, 'now')?.state).toBe('ready');
  });

  it('disables a third-party plugin that fails to load, naming it by its package', async () => {
    const kernel = await createTestKernel({
      plugins: [{ plugin: undefined, firstParty: false, origin: 'loom-plugin-missing' }, plugin({ name: 'fine' })],
    });
    const missing = stateOf(kernel, 'loom-plugin-missing')!;
    expect(missing).toMatchObject({ origin: 'loom-plugin-missing', state: 'failed', version: undefined });
    expect(missing.error?.code).toBe('PLUGIN_NOT_A_PLUGIN');
    expect(missing.error?.plugin).toBe('loom-plugin-missing');
    expect(stateOf(kernel, 'fine')?.state).toBe('ready');
  });

  it('wraps an exception thrown while loading as PLUGIN_LOAD_FAILED', async () => {
    const { kernel, logs } = bareKernel({
      plugins: [
        { origin: 'loom-plugin-throws', firstParty: false, load: () => { throw new Error('Cannot find module'); } },
        { origin: 'loom-plugin-rejects', firstParty: false, load: () => Promise.reject(new Error('bad import')) },
      ],
    });
    await kernel.start();
    const [throws, rejects] = kernel.status();
    expect(throws!.error?.code).toBe('PLUGIN_LOAD_FAILED');
    expect(throws!.error?.message).toBe('Cannot find module');
    expect(throws!.error?.plugin).toBe('loom-plugin-throws');
    expect(throws!.error?.hint).toBe('reinstall it: `loom plugins install loom-plugin-throws`');
    expect(rejects!.error?.message).toBe('bad import');
    expect(logs).toContain('warn: third-party plugin loom-plugin-throws disabled: Cannot find module');
  });

  it('takes a module that is null, or a function with a default, as exporting no plugin', async () => {
    const { kernel } = bareKernel({
      plugins: [
        { origin: 'loom-plugin-null', firstParty: false, load: () => null },
        { origin: 'loom-plugin-callable', firstParty: false, load: () => Object.assign(() => undefined, { default: plugin({ name: 'hidden' }) }) },
      ],
    });
    await kernel.start();
    expect(kernel.status().map((status) => [status.origin, status.error?.code])).toEqual([
      ['loom-plugin-null', 'PLUGIN_NOT_A_PLUGIN'],
      ['loom-plugin-callable', 'PLUGIN_NOT_A_PLUGIN'],
    ]);
  });

  it('aborts when a first-party package does not export a plugin', async () => {
    const error = await rejection(bareKernel({ plugins: [candidate({ notAPlugin: true }, '@loomkit/broken')] }).kernel.start());
    expect(error.code).toBe('PLUGIN_NOT_A_PLUGIN');
    expect(error.plugin).toBe('@loomkit/broken');
  });

  it('loads a plugin from a module’s default export, asynchronously', async () => {
    const setup = vi.fn();
    const { kernel } = bareKernel({ plugins: [{ origin: 'pkg', firstParty: true, load: async () => ({ default: plugin({ name: 'wrapped', version: '3.1.4', setup }) }) }] });
    await kernel.start();
    expect(setup).toHaveBeenCalledTimes(1);
    expect(kernel.status()).toEqual([
      { name: 'wrapped', origin: 'pkg', version: '3.1.4', firstParty: true, state: 'ready', error: undefined, permissions: { network: [], filesystem: [], shell: false } },
    ]);
  });

  it('loads a plugin object built without definePlugin, as another kernel copy would make it', async () => {
    const setup = vi.fn();
    const foreign = { $loomPlugin: 1, name: 'foreign', version: '0.9.0', kernel: '>=1.0.0 <2', setup };
    const { kernel } = bareKernel({ plugins: [candidate({ default: foreign }, 'loom-plugin-foreign', false)] });
    await kernel.start();
    expect(setup).toHaveBeenCalledTimes(1);
    expect(stateOf(kernel, 'foreign')).toMatchObject({ state: 'ready', version: '0.9.0', origin: 'loom-plugin-foreign' });
  });

  it('does not unwrap `default` from a plugin object itself', async () => {
    const branded = { ...plugin({ name: 'outer' }), default: plugin({ name: 'inner' }) };
    const error = await rejection(bareKernel({ plugins: [candidate(branded, 'pkg-outer')] }).kernel.start());
    expect(error.code).toBe('PLUGIN_MANIFEST_INVALID');
    expect(error.message).toBe('pkg-outer: manifest (root): Unrecognized key: "default"');
  });

  it('fails a plugin that takes a kernel section’s name', async () => {
    const kernel = await createTestKernel({ plugins: [thirdParty(plugin({ name: 'kernel' }), 'evil')] });
    expect(stateOf(kernel, 'kernel')?.error?.code).toBe('PLUGIN_NAME_RESERVED');
  });

  it('does not let a plugin provide a core token', async () => {
    const fakeClock: Clock = { now: () => 0 };
    const kernel = await createTestKernel({
      plugins: [thirdParty(plugin({ name: 'usurper', provides: [CoreTokens.Clock], setup: (ctx) => ctx.provide(CoreTokens.Clock, { value: fakeClock }) }))],
    });
    const usurper = stateOf(kernel, 'usurper')!;
    expect(usurper.error?.code).toBe('PLUGIN_TOKEN_CONFLICT');
    expect(usurper.error?.message).toBe('plugin usurper provides loom.clock, already provided by the kernel');
    expect(kernel.get(CoreTokens.Clock)).not.toBe(fakeClock);
  });

  it('skips plugins listed in kernel.disabledPlugins', async () => {
    const setup = vi.fn();
    const kernel = await createTestKernel({
      config: { kernel: { disabledPlugins: ['extra'] } },
      plugins: [plugin({ name: 'extra', setup, routes: [{ command: 'extra', summary: 'Extra', examples: ['extra'] }] }), plugin({ name: 'kept' })],
    });
    expect(setup).not.toHaveBeenCalled();
    const extra = stateOf(kernel, 'extra')!;
    expect(extra.state).toBe('disabled');
    expect(extra.error?.code).toBe('PLUGIN_DISABLED');
    expect(extra.error?.plugin).toBe('extra');
    expect(extra.error?.message).toBe('plugin extra is disabled by kernel.disabledPlugins');
    expect(stateOf(kernel, 'kept')?.state).toBe('ready');
    expect(kernel.routes()).toEqual([]);
    expect(kernel.config.kernel.disabledPlugins).toEqual(['extra']);
  });

  it('returns a copy of the statuses', async () => {
    const kernel = await createTestKernel({ plugins: [plugin({ name: 'a' })] });
    kernel.status().pop();
    expect(kernel.status()).toHaveLength(1);
  });
});

describe('Kernel services', () => {
  const Store = createToken<{ load(): string }>('test.kernel.store');
  const Lazy = createToken<{ id: number }>('test.kernel.lazy');

  it('gives a dependent the service its dependency provided', async () => {
    let loaded: string | undefined;
    await createTestKernel({
      plugins: [
        plugin({ name: 'user', dependsOn: { store: '^1' }, setup: (ctx) => void (loaded = ctx.get(Store).load()) }),
        plugin({ name: 'store', provides: [Store], setup: (ctx) => ctx.provide(Store, { value: { load: () => 'data' } }) }),
      ],
    });
    expect(loaded).toBe('data');
  });

  it('runs a factory once, on first get', async () => {
    let made = 0;
    const kernel = await createTestKernel({
      plugins: [plugin({ name: 'lazy', provides: [Lazy], setup: (ctx) => ctx.provide(Lazy, { factory: () => ({ id: ++made }) }) })],
    });
    expect(made).toBe(0);
    const first = kernel.get(Lazy);
    expect(made).toBe(1);
    expect(first).toEqual({ id: 1 });
    expect(kernel.get(Lazy)).toBe(first);
    expect(made).toBe(1);
  });

  it('fails a plugin that provides a token it did not declare', async () => {
    const Undeclared = createToken<number>('test.kernel.undeclared');
    const error = await rejection(createTestKernel({ plugins: [plugin({ name: 'sly', setup: (ctx) => ctx.provide(Undeclared, { value: 1 }) })] }));
    expect(error.code).toBe('PLUGIN_UNDECLARED_TOKEN');
    expect(error.plugin).toBe('sly');
    expect(error.message).toBe('plugin sly provides test.kernel.undeclared without declaring it');
    expect(error.hint).toBe('add it to provides in definePlugin({...}) of sly');
  });

  it('fails a plugin that declares a token but does not provide it', async () => {
    const error = await rejection(createTestKernel({ plugins: [plugin({ name: 'lazybones', provides: [Store, Lazy], setup: (ctx) => ctx.provide(Store, { value: { load: () => '' } }) })] }));
    expect(error.code).toBe('PLUGIN_SETUP_FAILED');
    expect(error.plugin).toBe('lazybones');
    expect(error.message).toBe('plugin lazybones declares test.kernel.lazy in provides but did not provide it in setup');
  });

  it('sets up a plugin that provides every token it declares, however many', async () => {
    const kernel = await createTestKernel({
      plugins: [plugin({ name: 'both', provides: [Store, Lazy], setup: (ctx) => (ctx.provide(Store, { value: { load: () => 's' } }), ctx.provide(Lazy, { factory: () => ({ id: 1 }) })) })],
    });
    expect(stateOf(kernel, 'both')?.state).toBe('ready');
    expect(kernel.get(Store).load()).toBe('s');
    expect(kernel.get(Lazy)).toEqual({ id: 1 });
  });

  it('does not register the services of a third-party plugin that broke its declaration', async () => {
    const kernel = await createTestKernel({
      plugins: [thirdParty(plugin({ name: 'partial', provides: [Store, Lazy], setup: (ctx) => ctx.provide(Store, { value: { load: () => 'x' } }) }))],
    });
    expect(stateOf(kernel, 'partial')?.error?.code).toBe('PLUGIN_SETUP_FAILED');
    expect(kernel.getOptional(Store)).toBeUndefined();
  });

  it('reports SERVICE_MISSING for a token nobody provides', async () => {
    const Nobody = createToken<string>('test.kernel.nobody');
    let inSetup: LoomError | undefined;
    const kernel = await createTestKernel({
      plugins: [plugin({ name: 'asker', setup: (ctx) => { inSetup = thrown(() => ctx.get(Nobody)); expect(ctx.getOptional(Nobody)).toBeUndefined(); } })],
    });
    const error = thrown(() => kernel.get(Nobody));
    expect(error.code).toBe('SERVICE_MISSING');
    expect(error.message).toBe('no plugin provides test.kernel.nobody');
    expect(error.hint).toBe('run `loom doctor` to see which plugins loaded');
    expect(inSetup?.code).toBe('SERVICE_MISSING');
    expect(kernel.getOptional(Nobody)).toBeUndefined();
  });

  it('registers the services it is given', async () => {
    const double = { load: () => 'test double' };
    const kernel = await createTestKernel({ services: [[Store, double]] });
    expect(kernel.get(Store)).toBe(double);
    expect(kernel.getOptional(Store)).toBe(double);
  });

  it('resolves the core tokens', async () => {
    const clock: Clock = { now: () => 1_700_000_000_000 };
    const controller = new AbortController();
    const { kernel } = bareKernel({ clock, signal: controller.signal, configLayers: [{ source: '/p/loom.config.json', values: { logLevel: 'info' } }] });
    await kernel.start();
    expect(kernel.get(CoreTokens.Clock)).toBe(clock);
    expect(kernel.get(CoreTokens.Clock).now()).toBe(1_700_000_000_000);
    expect(kernel.get(CoreTokens.Signal)).toBe(controller.signal);
    expect(kernel.get(CoreTokens.Events)).toBe(kernel.events);
    expect(kernel.get(CoreTokens.Logger)).toBe(kernel.logger);
    expect(kernel.get(CoreTokens.Paths)).toEqual(resolvePaths({ cwd: process.cwd(), userConfigDir: '/nonexistent/config', dataDir: '/nonexistent/data', cacheDir: '/nonexistent/cache' }));
    const config = kernel.get(CoreTokens.Config);
    expect(config.get('logLevel')).toBe('info');
    expect(config.origin('logLevel')).toBe('/p/loom.config.json');
    expect(config.get('kernel.phaseTimeoutMs')).toBe(10_000);
    expect(config.origin('kernel.phaseTimeoutMs')).toBe('default');
    expect(config.get('nothing.here')).toBeUndefined();
    expect(config.values).toEqual({ logLevel: 'info', kernel: { disabledPlugins: [], phaseTimeoutMs: 10_000 } });
    expect(thrown(() => config.get('bad..key')).code).toBe('CONFIG_BAD_KEY');
  });

  it('defaults to the system clock and a signal that is not aborted', async () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(42);
    try {
      const kernel = await createTestKernel();
      expect(kernel.get(CoreTokens.Clock).now()).toBe(42);
      expect(kernel.get(CoreTokens.Signal).aborted).toBe(false);
    } finally {
      now.mockRestore();
    }
  });

  it('creates the git client on first use, bound to the project root', async () => {
    const kernel = await createTestKernel();
    const git = kernel.get(CoreTokens.Git);
    expect(kernel.get(CoreTokens.Git)).toBe(git);
    await expect(git.checkIsRepo()).resolves.toBe(false);
  });

  it('gives plugins their identity, paths, a scoped logger and the event bus', async () => {
    let ctx: PluginContext | undefined;
    const kernel = await createTestKernel({
      plugins: [thirdParty(plugin({ name: 'probe', version: '0.4.2', setup: (c) => { ctx = c; c.logger.info('hello'); } }))],
    });
    expect(ctx!.plugin).toEqual({ name: 'probe', version: '0.4.2', firstParty: false });
    expect(ctx!.paths).toEqual(kernel.paths);
    expect(kernel.logs).toContain('info: [probe] hello');
    const heard = vi.fn();
    kernel.events.on('command:end', heard);
    await ctx!.events.emit('command:end', { command: 'c', durationMs: 2 });
    expect(heard).toHaveBeenCalledWith({ command: 'c', durationMs: 2 });
  });
});

describe('Kernel hooks', () => {
  const start = { command: 'session start', argv: [] };

  it('runs hooks in setup order with the payload and the plugin’s context', async () => {
    const calls: string[] = [];
    const kernel = await createTestKernel({
      plugins: [
        plugin({ name: 'second', dependsOn: { first: '^1' }, hooks: { 'command:start': (p, ctx) => void calls.push(`second ${p.command} ${ctx.plugin.name}`) } }),
        plugin({ name: 'first', hooks: { 'command:start': (p, ctx) => void calls.push(`first ${p.command} ${ctx.plugin.name}`) } }),
      ],
    });
    await kernel.events.emit('command:start', start);
    expect(calls).toEqual(['first session start first', 'second session start second']);
  });

  it('disables a third-party plugin whose hook throws, and still runs the other handlers', async () => {
    const calls: string[] = [];
    const dispose = vi.fn();
    const kernel = await createTestKernel({
      plugins: [
        plugin({ name: 'before', hooks: { 'command:start': () => void calls.push('before') } }),
        thirdParty(
          plugin({
            name: 'flaky',
            routes: [{ command: 'flaky', summary: 'Flaky', examples: ['flake'] }],
            hooks: { 'command:start': () => { calls.push('flaky'); throw new Error('hook broke'); } },
            dispose,
          }),
          'loom-plugin-flaky',
        ),
        plugin({ name: 'after', hooks: { 'command:start': () => void calls.push('after') } }),
      ],
    });
    expect(kernel.routes().map((r) => r.plugin)).toEqual(['flaky']);
    await expect(kernel.events.emit('command:start', start)).resolves.toBeUndefined();
    await kernel.events.emit('command:start', start);
    expect(calls).toEqual(['before', 'flaky', 'after', 'before', 'after']);
    const flaky = stateOf(kernel, 'flaky')!;
    expect(flaky.state).toBe('failed');
    expect(flaky.error?.code).toBe('HOOK_FAILED');
    expect(flaky.error?.plugin).toBe('flaky');
    expect(flaky.error?.message).toBe('plugin flaky failed in command:start: hook broke');
    expect(flaky.error?.hint).toBe('report it to the authors of loom-plugin-flaky');
    expect(kernel.logs).toContain('warn: third-party plugin flaky disabled: plugin flaky failed in command:start: hook broke');
    expect(kernel.routes()).toEqual([]);
    await kernel.dispose();
    expect(dispose).not.toHaveBeenCalled();
  });

  it('disables a third-party plugin whose own subscription throws', async () => {
    const kernel = await createTestKernel({
      plugins: [thirdParty(plugin({ name: 'sub', setup: (ctx) => void ctx.events.on('command:end', () => { throw new Error('sub broke'); }) }))],
    });
    await kernel.events.emit('command:end', { command: 'x', durationMs: 0 });
    expect(stateOf(kernel, 'sub')?.error?.message).toBe('plugin sub failed in command:end: sub broke');
  });

  it('disables only the failing plugin when two of its handlers throw in one emit', async () => {
    const dispose = vi.fn();
    const kernel = await createTestKernel({
      plugins: [
        plugin({ name: 'innocent', routes: [{ command: 'innocent', summary: 'I', examples: ['i'] }], dispose }),
        thirdParty(
          plugin({
            name: 'twice',
            hooks: { 'command:start': () => { throw new Error('one'); } },
            setup: (ctx) => void ctx.events.on('command:start', () => { throw new Error('two'); }),
          }),
        ),
      ],
    });
    await kernel.events.emit('command:start', start);
    expect(stateOf(kernel, 'twice')?.state).toBe('failed');
    // Its setup subscribed before the kernel registered its hooks, so "two" ran (and failed) first.
    expect(stateOf(kernel, 'twice')?.error?.message).toBe('plugin twice failed in command:start: two');
    expect(kernel.logs.filter((line) => line.includes('plugin twice disabled'))).toHaveLength(1);
    expect(stateOf(kernel, 'innocent')?.state).toBe('ready');
    expect(kernel.routes().map((r) => r.plugin)).toEqual(['innocent']);
    await kernel.dispose();
    expect(dispose).toHaveBeenCalledTimes(1);
  });

  it('does not make ready a plugin whose handler failed during its own setup', async () => {
    const kernel = await createTestKernel({
      plugins: [
        plugin({ name: 'innocent', routes: [{ command: 'innocent', summary: 'I', examples: ['i'] }] }),
        thirdParty(
          plugin({
            name: 'selfish',
            routes: [{ command: 'selfish', summary: 'S', examples: ['s'] }],
            setup: async (ctx) => {
              ctx.events.on('command:end', () => { throw new Error('early'); });
              await ctx.events.emit('command:end', { command: 'setup', durationMs: 0 });
            },
          }),
        ),
      ],
    });
    expect(stateOf(kernel, 'selfish')?.state).toBe('failed');
    expect(stateOf(kernel, 'innocent')?.state).toBe('ready');
    expect(kernel.routes().map((r) => r.plugin)).toEqual(['innocent']);
  });

  it('propagates a first-party hook failure from emit', async () => {
    const later = vi.fn();
    const kernel = await createTestKernel({
      plugins: [plugin({ name: 'core', hooks: { 'command:start': () => { throw new Error('core broke'); } } }), plugin({ name: 'later', hooks: { 'command:start': later } })],
    });
    const error = await rejection(kernel.events.emit('command:start', start));
    expect(error.code).toBe('HOOK_FAILED');
    expect(error.plugin).toBe('core');
    expect(error.message).toBe('plugin core failed in command:start: core broke');
    expect(error.hint).toBe('this is a bug in Loom; run with --verbose and report it');
    expect((error.cause as LoomError).message).toBe('core broke');
    expect(later).not.toHaveBeenCalled();
    // A first-party plugin is never disabled: the failure aborts the command instead.
    expect(stateOf(kernel, 'core')?.state).toBe('ready');
    expect(stateOf(kernel, 'core')?.error).toBeUndefined();
  });

  it('logs a failing handler that no plugin owns and carries on', async () => {
    const kernel = await createTestKernel();
    const after = vi.fn();
    kernel.events.on('command:start', () => { throw new Error('anonymous broke'); });
    kernel.events.on('command:start', () => { throw new Error('owned broke'); }, { owner: 'cli' });
    kernel.events.on('command:start', after);
    await kernel.events.emit('command:start', start);
    expect(after).toHaveBeenCalledTimes(1);
    expect(kernel.logs).toContain('warn: a handler of command:start failed: anonymous broke');
    expect(kernel.logs).toContain('warn: a handler of command:start (cli) failed: owned broke');
  });
});

describe('Kernel routes', () => {
  it('lists the routes of ready plugins only, with their plugin and default args', async () => {
    const kernel = await createTestKernel({
      plugins: [
        plugin({
          name: 'session',
          routes: [
            { command: 'session start', summary: 'Start a session', examples: ['start a session'], args: { name: 'session name' } },
            { command: 'session stop', summary: 'Stop it', examples: ['stop'] },
          ],
        }),
        thirdParty(plugin({ name: 'broken', routes: [{ command: 'broken', summary: 'B', examples: ['b'] }], setup: () => { throw new Error('x'); } })),
        thirdParty(plugin({ name: 'orphan', dependsOn: { absent: '^1' }, routes: [{ command: 'orphan', summary: 'O', examples: ['o'] }] })),
        plugin({ name: 'plain' }),
      ],
    });
    expect(kernel.routes()).toEqual([
      { command: 'session start', summary: 'Start a session', examples: ['start a session'], args: { name: 'session name' }, plugin: 'session' },
      { command: 'session stop', summary: 'Stop it', examples: ['stop'], args: {}, plugin: 'session' },
    ]);
  });
});

describe('Kernel config views', () => {
  it('exposes the validated config and its origins, with plugin defaults', async () => {
    const kernel = await createTestKernel({
      config: { session: { name: 'x' }, unread: { kept: true } },
      plugins: [definePlugin({ name: 'session', version: '1.0.0', kernel: '^1', config: z.object({ name: z.string(), ttl: z.number().default(5) }) })],
    });
    expect(kernel.validatedConfig()).toEqual({
      logLevel: 'warn',
      kernel: { disabledPlugins: [], phaseTimeoutMs: 10_000 },
      session: { name: 'x', ttl: 5 },
      unread: { kept: true },
    });
    expect(kernel.configOrigin('session.name')).toBe(kernel.paths.projectConfigFile);
    expect(kernel.configOrigin('session.ttl')).toBe('default');
  });

  it('checks plugins and config but sets nothing up when setUp is false', async () => {
    const setup = vi.fn();
    const { kernel } = bareKernel({
      setUp: false,
      plugins: [candidate(definePlugin({ name: 'quiet', version: '1.0.0', kernel: '^1', setup, config: z.object({ level: z.number().default(3) }) }), 'pkg-quiet')],
    });
    await kernel.start();
    expect(setup).not.toHaveBeenCalled();
    expect(kernel.validatedConfig().quiet).toEqual({ level: 3 });
    expect(thrown(() => kernel.get(CoreTokens.Config)).code).toBe('KERNEL_NOT_STARTED');
  });

  it('can be disposed before it started', async () => {
    const { kernel } = bareKernel();
    await expect(kernel.dispose()).resolves.toBeUndefined();
  });
});

describe('createTestKernel', () => {
  it('uses the given folder as project root and keeps user folders inside it', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'loom-kernel-')));
    const kernel = await createTestKernel({ cwd: root });
    expect(kernel.paths.projectRoot).toBe(root);
    expect(kernel.paths.userConfigDir).toBe(join(root, '.user-config'));
    expect(kernel.paths.dataDir).toBe(join(root, '.user-data'));
    expect(kernel.paths.cacheDir).toBe(join(root, '.user-cache'));
  });

  it('ignores the real environment unless given one', async () => {
    vi.stubEnv('LOOM_LOG_LEVEL', 'debug');
    try {
      const kernel = await createTestKernel();
      expect(kernel.config.logLevel).toBe('warn');
      expect((await createTestKernel({ env: { LOOM_LOG_LEVEL: 'error' } })).config.logLevel).toBe('error');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('names a wrapped plugin by its origin, or by its position when it has no name', async () => {
    const kernel = await createTestKernel({ strict: false, plugins: [{ plugin: 42, firstParty: true }, { plugin: null, firstParty: false, origin: 'given' }] });
    expect(kernel.status().map((s) => s.origin)).toEqual(['test-plugin-0', 'given']);
  });

  it('accepts a plugin with a Standard Schema config', async () => {
    const schema: StandardSchemaV1<unknown, { n: number }> = { '~standard': { version: 1, vendor: 'x', validate: () => ({ value: { n: 1 } }) } };
    let seen: unknown;
    await createTestKernel({ plugins: [definePlugin({ name: 'std', version: '1.0.0', kernel: '^1', config: schema, setup: (ctx) => void (seen = ctx.config.n) })] });
    expect(seen).toBe(1);
  });
});
