import { describe, expect, it } from 'vitest';
import { definePlugin, parseManifest, type PluginDefinition } from '../src/manifest.js';
import { resolvePlugins, type Resolution, type ResolverEntry } from '../src/resolver.js';
import { createToken } from '../src/tokens.js';

type Spec = Partial<PluginDefinition> & { name: string; firstParty?: boolean; origin?: string };

function entry({ firstParty = true, origin, ...definition }: Spec): ResolverEntry {
  const manifest = parseManifest(definePlugin({ version: '1.0.0', kernel: '^1', ...definition }), origin ?? `pkg-${definition.name}`);
  return { manifest, origin: origin ?? `pkg-${definition.name}`, firstParty };
}

const resolve = (specs: Spec[], kernelVersion = '1.4.0', extra: { reservedTokens?: symbol[]; reservedNames?: Set<string> } = {}) =>
  resolvePlugins(specs.map(entry), { kernelVersion, ...extra });

const orderOf = (resolution: Resolution) => resolution.order.map((e) => e.manifest.name);
const failuresOf = (resolution: Resolution) =>
  resolution.failures.map(({ entry: e, error }) => ({ entry: e.manifest.name, code: error.code, plugin: error.plugin, message: error.message }));

describe('resolvePlugins: ordering', () => {
  it('keeps independent plugins in the given order', () => {
    const resolution = resolve([{ name: 'c' }, { name: 'a' }, { name: 'b' }]);
    expect(orderOf(resolution)).toEqual(['c', 'a', 'b']);
    expect(resolution.failures).toEqual([]);
  });

  it('puts dependencies before their dependents', () => {
    const resolution = resolve([
      { name: 'app', dependsOn: { session: '^1', git: '^1' } },
      { name: 'session', dependsOn: { store: '^1' } },
      { name: 'git' },
      { name: 'store' },
    ]);
    expect(orderOf(resolution)).toEqual(['store', 'session', 'git', 'app']);
    expect(resolution.failures).toEqual([]);
  });

  it('orders a present optional dependency first too', () => {
    const resolution = resolve([{ name: 'ui', optionalDependsOn: { theme: '^1' } }, { name: 'theme' }]);
    expect(orderOf(resolution)).toEqual(['theme', 'ui']);
  });

  it('returns the entries it was given', () => {
    const entries = [entry({ name: 'a' }), entry({ name: 'b', dependsOn: { a: '1.x' } })];
    const resolution = resolvePlugins(entries, { kernelVersion: '1.0.0' });
    expect(resolution.order[0]).toBe(entries[0]);
    expect(resolution.order[1]).toBe(entries[1]);
  });
});

describe('resolvePlugins: dependencies', () => {
  it('fails a plugin whose dependency is not installed', () => {
    const resolution = resolve([{ name: 'app', dependsOn: { session: '^2.1.0' } }, { name: 'other' }]);
    expect(orderOf(resolution)).toEqual(['other']);
    expect(failuresOf(resolution)).toEqual([
      {
        entry: 'app',
        code: 'PLUGIN_DEPENDENCY_MISSING',
        plugin: 'app',
        message: 'plugin app needs plugin session ^2.1.0, which is not installed',
      },
    ]);
    expect(resolution.failures[0]!.error.hint).toBe('install a plugin that provides session, e.g. `loom plugins install <package>`');
  });

  it('fails a plugin whose dependency has a version out of range', () => {
    const resolution = resolve([
      { name: 'app', dependsOn: { session: '^2.0.0' } },
      { name: 'session', version: '1.9.0', origin: '@loomkit/plugin-session' },
    ]);
    expect(orderOf(resolution)).toEqual(['session']);
    expect(failuresOf(resolution)).toEqual([
      {
        entry: 'app',
        code: 'PLUGIN_DEPENDENCY_VERSION',
        plugin: 'app',
        message: 'plugin app needs session ^2.0.0, but session@1.9.0 is installed',
      },
    ]);
    expect(resolution.failures[0]!.error.hint).toBe('install a version of @loomkit/plugin-session that satisfies ^2.0.0');
  });

  it('accepts a dependency version at the edge of its range', () => {
    const resolution = resolve([{ name: 'app', dependsOn: { session: '>=2.0.0 <3' } }, { name: 'session', version: '2.0.0' }]);
    expect(orderOf(resolution)).toEqual(['session', 'app']);
    expect(resolution.failures).toEqual([]);
  });

  it('lets a prerelease satisfy a range', () => {
    const resolution = resolve([{ name: 'app', dependsOn: { session: '^2.0.0' } }, { name: 'session', version: '2.1.0-beta.1' }]);
    expect(resolution.failures).toEqual([]);
  });

  it('is fine when an optional dependency is absent', () => {
    const resolution = resolve([{ name: 'ui', optionalDependsOn: { theme: '^1' } }]);
    expect(orderOf(resolution)).toEqual(['ui']);
    expect(resolution.failures).toEqual([]);
  });

  it('fails a plugin whose optional dependency is present but out of range', () => {
    const resolution = resolve([{ name: 'ui', optionalDependsOn: { theme: '^2' } }, { name: 'theme', version: '1.0.0' }]);
    expect(orderOf(resolution)).toEqual(['theme']);
    expect(failuresOf(resolution)).toEqual([
      { entry: 'ui', code: 'PLUGIN_DEPENDENCY_VERSION', plugin: 'ui', message: 'plugin ui needs theme ^2, but theme@1.0.0 is installed' },
    ]);
  });

  it('lets a prerelease satisfy an optional dependency’s range', () => {
    const resolution = resolve([{ name: 'ui', optionalDependsOn: { theme: '^1.0.0' } }, { name: 'theme', version: '1.3.0-next.2' }]);
    expect(orderOf(resolution)).toEqual(['theme', 'ui']);
    expect(resolution.failures).toEqual([]);
  });

  it('is fine when an optional dependency failed itself', () => {
    const resolution = resolve([{ name: 'ui', optionalDependsOn: { theme: '^1' } }, { name: 'theme', kernel: '^2' }]);
    expect(orderOf(resolution)).toEqual(['ui']);
    expect(failuresOf(resolution).map((f) => [f.entry, f.code])).toEqual([['theme', 'PLUGIN_KERNEL_INCOMPATIBLE']]);
  });

  it('fails the dependents of a failed plugin, transitively, naming the failed one', () => {
    const resolution = resolve([
      { name: 'top', dependsOn: { mid: '^1' } },
      { name: 'mid', dependsOn: { base: '^1' } },
      { name: 'base', kernel: '^9' },
      { name: 'bystander' },
    ]);
    expect(orderOf(resolution)).toEqual(['bystander']);
    const failures = failuresOf(resolution);
    expect(failures).toHaveLength(3);
    expect(failures[0]).toMatchObject({ entry: 'base', code: 'PLUGIN_KERNEL_INCOMPATIBLE' });
    expect(failures.slice(1).map((f) => f.code)).toEqual(['PLUGIN_DEPENDENCY_FAILED', 'PLUGIN_DEPENDENCY_FAILED']);
    expect(failures.map((f) => f.plugin).sort()).toEqual(['base', 'mid', 'top']);
    const byName = new Map(failuresOf(resolution).map((f) => [f.entry, f]));
    expect(byName.get('top')?.message).toBe('plugin top needs mid, which failed to load');
    expect(byName.get('mid')?.message).toBe('plugin mid needs base, which failed to load');
    expect(resolution.failures.find((f) => f.entry.manifest.name === 'mid')!.error.hint).toBe('run `loom doctor` to see why base failed');
  });

  it('cascades from a failed dependency version check too', () => {
    const resolution = resolve([
      { name: 'b', dependsOn: { a: '^1' } },
      { name: 'a', dependsOn: { base: '^5' } },
      { name: 'base' },
    ]);
    expect(orderOf(resolution)).toEqual(['base']);
    expect(failuresOf(resolution).map((f) => [f.entry, f.code])).toEqual([
      ['a', 'PLUGIN_DEPENDENCY_VERSION'],
      ['b', 'PLUGIN_DEPENDENCY_FAILED'],
    ]);
  });
});

describe('resolvePlugins: kernel compatibility', () => {
  it('fails a plugin whose kernel range this kernel does not meet, naming both versions', () => {
    const resolution = resolve([{ name: 'old', version: '0.3.0', kernel: '^2.0.0', origin: 'loom-plugin-old' }, { name: 'ok' }], '1.4.0');
    expect(orderOf(resolution)).toEqual(['ok']);
    expect(failuresOf(resolution)).toEqual([
      {
        entry: 'old',
        code: 'PLUGIN_KERNEL_INCOMPATIBLE',
        plugin: 'old',
        message: 'plugin old@0.3.0 needs kernel ^2.0.0, but this Loom has kernel 1.4.0',
      },
    ]);
    expect(resolution.failures[0]!.error.hint).toBe('install a version of loom-plugin-old built for kernel 1.x, or upgrade loom');
  });

  it('accepts a kernel in range, including a prerelease kernel', () => {
    expect(resolve([{ name: 'a', kernel: '^1.4.0' }], '1.4.0').failures).toEqual([]);
    expect(resolve([{ name: 'a', kernel: '^1.0.0' }], '1.5.0-rc.1').failures).toEqual([]);
    expect(failuresOf(resolve([{ name: 'a', kernel: '^1.5.0' }], '1.4.0'))[0]?.code).toBe('PLUGIN_KERNEL_INCOMPATIBLE');
  });
});

describe('resolvePlugins: names', () => {
  it('fails the second of two third-party plugins of a name, naming both origins', () => {
    const resolution = resolve([
      { name: 'session', origin: 'loom-plugin-session-a', firstParty: false },
      { name: 'session', origin: 'loom-plugin-session-b', firstParty: false },
    ]);
    expect(resolution.order.map((e) => e.origin)).toEqual(['loom-plugin-session-a']);
    expect(failuresOf(resolution)).toEqual([
      {
        entry: 'session',
        code: 'PLUGIN_DUPLICATE',
        plugin: 'session',
        message: 'plugin session is installed twice: loom-plugin-session-a and loom-plugin-session-b',
      },
    ]);
    expect(resolution.failures[0]!.entry.origin).toBe('loom-plugin-session-b');
    expect(resolution.failures[0]!.error.hint).toBe('remove one with `loom plugins uninstall loom-plugin-session-b`');
  });

  it('lets the bundled plugin keep its name whatever the order, refusing the impostor by name', () => {
    const bundled: Spec = { name: 'security', origin: '@loomkit/plugin-security' };
    const impostor: Spec = { name: 'security', origin: 'evil-security', firstParty: false };
    for (const specs of [[bundled, impostor], [impostor, bundled]]) {
      const { order, failures } = resolve(specs);
      expect(order.map((e) => e.origin)).toEqual(['@loomkit/plugin-security']);
      expect(failures.map(({ entry: e, error }) => [e.origin, error.code, error.message, error.hint])).toEqual([
        [
          'evil-security',
          'PLUGIN_NAME_TAKEN',
          'plugin name "security" (from evil-security) is taken by the bundled plugin @loomkit/plugin-security',
          expect.stringContaining('loom plugins uninstall evil-security'),
        ],
      ]);
    }
  });

  it('keeps the given order among surviving plugins when a third-party one came first', () => {
    const resolution = resolve([{ name: 'x', firstParty: false }, { name: 'y' }, { name: 'z', firstParty: false }]);
    expect(orderOf(resolution)).toEqual(['x', 'y', 'z']);
  });

  it('lets dependents of a duplicated name use the first one', () => {
    const resolution = resolve([{ name: 'app', dependsOn: { session: '^1' } }, { name: 'session' }, { name: 'session', origin: 'fork' }]);
    expect(orderOf(resolution)).toEqual(['session', 'app']);
    expect(failuresOf(resolution).map((f) => f.code)).toEqual(['PLUGIN_DUPLICATE']);
  });

  it('fails a plugin that takes a name reserved by the kernel', () => {
    const resolution = resolve([{ name: 'kernel', origin: 'evil' }, { name: 'fine' }], '1.0.0', { reservedNames: new Set(['kernel']) });
    expect(orderOf(resolution)).toEqual(['fine']);
    expect(failuresOf(resolution)).toEqual([
      { entry: 'kernel', code: 'PLUGIN_NAME_RESERVED', plugin: 'kernel', message: 'plugin name "kernel" (from evil) is reserved by the kernel' },
    ]);
    expect(resolution.failures[0]!.error.hint).toBe('rename the plugin');
  });
});

describe('resolvePlugins: tokens', () => {
  const Store = createToken('test.resolver.store');
  const Cache = createToken('test.resolver.cache');

  it('lets the first of two first-party providers of a token win', () => {
    const resolution = resolve([
      { name: 'one', provides: [Store] },
      { name: 'two', provides: [Store], origin: '@loomkit/two' },
    ]);
    expect(orderOf(resolution)).toEqual(['one']);
    expect(failuresOf(resolution)).toEqual([
      {
        entry: 'two',
        code: 'PLUGIN_TOKEN_CONFLICT',
        plugin: 'two',
        message: 'plugin two provides test.resolver.store, already provided by plugin one (pkg-one)',
      },
    ]);
    expect(resolution.failures[0]!.error.hint).toBe(
      `uninstall one of the two, or disable one with \`loom config set kernel.disabledPlugins '["two"]'\``,
    );
  });

  it('lets a first-party provider win over a third-party one listed before it', () => {
    const resolution = resolve([
      { name: 'shadow', provides: [Store], firstParty: false, origin: 'loom-plugin-shadow' },
      { name: 'core-store', provides: [Store], origin: '@loomkit/store' },
    ]);
    expect(orderOf(resolution)).toEqual(['core-store']);
    expect(failuresOf(resolution)).toEqual([
      {
        entry: 'shadow',
        code: 'PLUGIN_TOKEN_CONFLICT',
        plugin: 'shadow',
        message: 'plugin shadow provides test.resolver.store, already provided by plugin core-store (@loomkit/store)',
      },
    ]);
  });

  it('reserves the kernel core tokens', () => {
    const resolution = resolve([{ name: 'sneaky', provides: [Store] }], '1.0.0', { reservedTokens: [Store] });
    expect(orderOf(resolution)).toEqual([]);
    expect(failuresOf(resolution)).toEqual([
      {
        entry: 'sneaky',
        code: 'PLUGIN_TOKEN_CONFLICT',
        plugin: 'sneaky',
        message: 'plugin sneaky provides test.resolver.store, already provided by the kernel',
      },
    ]);
  });

  it('reports one conflict per losing plugin', () => {
    const resolution = resolve([
      { name: 'one', provides: [Store, Cache] },
      { name: 'two', provides: [Store, Cache] },
    ]);
    expect(failuresOf(resolution).map((f) => [f.entry, f.code])).toEqual([['two', 'PLUGIN_TOKEN_CONFLICT']]);
  });

  it('does not let a losing plugin keep its other tokens', () => {
    // `loser` claims Cache before it loses Store to `winner`; Cache must stay free for `cache`.
    const resolution = resolve([
      { name: 'loser', provides: [Cache, Store], firstParty: false },
      { name: 'winner', provides: [Store] },
      { name: 'cache', provides: [Cache], firstParty: false },
    ]);
    expect(orderOf(resolution)).toEqual(['winner', 'cache']);
    expect(failuresOf(resolution).map((f) => [f.entry, f.code])).toEqual([['loser', 'PLUGIN_TOKEN_CONFLICT']]);
  });

  it('does not count a token listed twice by one plugin as a conflict', () => {
    const resolution = resolve([{ name: 'one', provides: [Store, Store] }]);
    expect(orderOf(resolution)).toEqual(['one']);
    expect(resolution.failures).toEqual([]);
  });

  it('fails the dependents of a conflict loser', () => {
    const resolution = resolve([
      { name: 'one', provides: [Store] },
      { name: 'two', provides: [Store] },
      { name: 'app', dependsOn: { two: '^1' } },
    ]);
    expect(orderOf(resolution)).toEqual(['one']);
    expect(failuresOf(resolution).map((f) => [f.entry, f.code])).toEqual([
      ['two', 'PLUGIN_TOKEN_CONFLICT'],
      ['app', 'PLUGIN_DEPENDENCY_FAILED'],
    ]);
  });
});

describe('resolvePlugins: cycles', () => {
  it('fails every plugin of a two-plugin cycle with its path', () => {
    const resolution = resolve([
      { name: 'a', dependsOn: { b: '^1' } },
      { name: 'b', dependsOn: { a: '^1' } },
      { name: 'c' },
    ]);
    expect(orderOf(resolution)).toEqual(['c']);
    expect(failuresOf(resolution)).toEqual([
      { entry: 'a', code: 'PLUGIN_DEPENDENCY_CYCLE', plugin: 'a', message: 'plugins depend on each other in a cycle: a -> b -> a' },
      { entry: 'b', code: 'PLUGIN_DEPENDENCY_CYCLE', plugin: 'b', message: 'plugins depend on each other in a cycle: a -> b -> a' },
    ]);
    expect(resolution.failures[0]!.error.hint).toBe('remove one of these dependencies: a cycle cannot be ordered even when an edge is optional');
  });

  it('reports a longer cycle in dependency order, from where it was entered', () => {
    const resolution = resolve([
      { name: 'entry', dependsOn: { x: '^1' } },
      { name: 'x', dependsOn: { y: '^1' } },
      { name: 'y', dependsOn: { z: '^1' } },
      { name: 'z', dependsOn: { x: '^1' } },
    ]);
    expect(orderOf(resolution)).toEqual([]);
    const failures = failuresOf(resolution);
    expect(failures.filter((f) => f.code === 'PLUGIN_DEPENDENCY_CYCLE').map((f) => [f.entry, f.message])).toEqual([
      ['x', 'plugins depend on each other in a cycle: x -> y -> z -> x'],
      ['y', 'plugins depend on each other in a cycle: x -> y -> z -> x'],
      ['z', 'plugins depend on each other in a cycle: x -> y -> z -> x'],
    ]);
    // `entry` is not on the cycle: it fails because it needs a plugin that did.
    expect(failures.find((f) => f.entry === 'entry')).toEqual({
      entry: 'entry',
      code: 'PLUGIN_DEPENDENCY_FAILED',
      plugin: 'entry',
      message: 'plugin entry needs x, which failed to load',
    });
    expect(failures).toHaveLength(4);
  });

  it('fails a plugin that depends on itself', () => {
    const resolution = resolve([{ name: 'narcissus', dependsOn: { narcissus: '^1' } }]);
    expect(failuresOf(resolution)).toEqual([
      {
        entry: 'narcissus',
        code: 'PLUGIN_DEPENDENCY_CYCLE',
        plugin: 'narcissus',
        message: 'plugins depend on each other in a cycle: narcissus -> narcissus',
      },
    ]);
  });

  it('keeps a plugin whose optional dependency is on a cycle', () => {
    const resolution = resolve([
      { name: 'a', dependsOn: { b: '^1' } },
      { name: 'b', dependsOn: { a: '^1' } },
      { name: 'ui', optionalDependsOn: { a: '^1' } },
    ]);
    expect(orderOf(resolution)).toEqual(['ui']);
    expect(failuresOf(resolution).map((f) => [f.entry, f.code])).toEqual([
      ['a', 'PLUGIN_DEPENDENCY_CYCLE'],
      ['b', 'PLUGIN_DEPENDENCY_CYCLE'],
    ]);
  });

  it('fails a later plugin that needs a plugin already known to be on a cycle', () => {
    const resolution = resolve([
      { name: 'a', dependsOn: { b: '^1' } },
      { name: 'b', dependsOn: { a: '^1' } },
      { name: 'late', dependsOn: { b: '^1' } },
      { name: 'later', dependsOn: { late: '^1' } },
    ]);
    expect(orderOf(resolution)).toEqual([]);
    expect(failuresOf(resolution).slice(2)).toEqual([
      { entry: 'late', code: 'PLUGIN_DEPENDENCY_FAILED', plugin: 'late', message: 'plugin late needs b, which failed to load' },
      { entry: 'later', code: 'PLUGIN_DEPENDENCY_FAILED', plugin: 'later', message: 'plugin later needs late, which failed to load' },
    ]);
    expect(resolution.failures[2]!.error.hint).toBe('run `loom doctor` to see why b failed');
  });
});
