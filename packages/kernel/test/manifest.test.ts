import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, manifestSchema, parseManifest } from '../src/manifest.js';
import { isStandardSchema, type StandardSchemaV1 } from '../src/standard-schema.js';
import { createToken } from '../src/tokens.js';
import { PLUGIN_SPEC_VERSION } from '../src/version.js';
import { thrown } from './support/loom-errors.js';

const minimal = { name: 'session', version: '1.2.3', kernel: '^1' };


describe('definePlugin', () => {
  it('stamps the spec brand and keeps the definition', () => {
    const setup = () => undefined;
    const plugin = definePlugin({ ...minimal, setup });
    expect(plugin.$loomPlugin).toBe(1);
    expect(plugin.$loomPlugin).toBe(PLUGIN_SPEC_VERSION);
    expect(plugin.name).toBe('session');
    expect(plugin.setup).toBe(setup);
  });

  it('does not modify the object it is given', () => {
    const definition = { ...minimal };
    definePlugin(definition);
    expect(definition).toEqual(minimal);
    expect('$loomPlugin' in definition).toBe(false);
  });
});

describe('parseManifest', () => {
  it('fills in the defaults of every optional field', () => {
    const manifest = parseManifest(definePlugin(minimal), 'pkg');
    expect(manifest).toEqual({
      $loomPlugin: 1,
      ...minimal,
      dependsOn: {},
      optionalDependsOn: {},
      provides: [],
      routes: [],
      hooks: {},
      permissions: { network: [], filesystem: [], shell: false },
      weakensSecurity: [],
    });
  });

  it('keeps functions, tokens, schemas and routes as declared', () => {
    const Store = createToken('test.manifest.store');
    const setup = () => undefined;
    const dispose = () => undefined;
    const onStart = () => undefined;
    const config = z.object({ ttl: z.number() });
    const manifest = parseManifest(
      definePlugin({
        ...minimal,
        description: 'sessions',
        dependsOn: { git: '^2.0.0' },
        optionalDependsOn: { 'llm-core': '>=1' },
        provides: [Store],
        config,
        routes: [
          { command: 'session start', summary: 'Start a session', examples: ['start a session'] },
          { command: 'session wipe', summary: 'Wipe sessions', examples: ['wipe my sessions'], effect: 'destroy' },
        ],
        hooks: { 'command:start': onStart },
        permissions: { shell: true },
        setup,
        dispose,
      }),
      'pkg',
    );
    expect(manifest.setup).toBe(setup);
    expect(manifest.dispose).toBe(dispose);
    expect(manifest.hooks['command:start']).toBe(onStart);
    expect(manifest.config).toBe(config);
    expect(manifest.provides).toEqual([Store]);
    expect(manifest.dependsOn).toEqual({ git: '^2.0.0' });
    expect(manifest.optionalDependsOn).toEqual({ 'llm-core': '>=1' });
    expect(manifest.routes).toEqual([
      { command: 'session start', summary: 'Start a session', examples: ['start a session'], args: {} },
      { command: 'session wipe', summary: 'Wipe sessions', examples: ['wipe my sessions'], args: {}, effect: 'destroy' },
    ]);
    expect(manifest.permissions).toEqual({ network: [], filesystem: [], shell: true });
    expect(manifest.description).toBe('sessions');
  });

  it('recognises a plugin built without definePlugin (another copy of the kernel)', () => {
    // What definePlugin of a separately installed kernel copy produces: just the brand key.
    const foreign: unknown = JSON.parse(JSON.stringify({ $loomPlugin: 1, name: 'foreign', version: '0.1.0', kernel: '>=1 <2' }));
    const manifest = parseManifest(foreign, 'foreign-pkg');
    expect(manifest.name).toBe('foreign');
    expect(manifest.version).toBe('0.1.0');
  });

  it('accepts a config schema from any Standard Schema library', () => {
    const schema: StandardSchemaV1<unknown, { ok: true }> = {
      '~standard': { version: 1, vendor: 'hand-made', validate: () => ({ value: { ok: true } }) },
    };
    expect(parseManifest(definePlugin({ ...minimal, config: schema }), 'pkg').config).toBe(schema);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'session'],
    ['a number', 1],
    ['a function', () => undefined],
    ['a function carrying the brand', Object.defineProperty(() => undefined, '$loomPlugin', { value: PLUGIN_SPEC_VERSION, enumerable: true })],
    ['an object without the brand', { ...minimal }],
    ['a module namespace wrapping a plugin', { default: definePlugin(minimal) }],
  ])('rejects %s as not a plugin, naming the origin', (_, value) => {
    const error = thrown(() => parseManifest(value, 'some-package'));
    expect(error.code).toBe('PLUGIN_NOT_A_PLUGIN');
    expect(error.plugin).toBe('some-package');
    expect(error.message).toBe('some-package does not export a Loom plugin');
    expect(error.hint).toBe('export default definePlugin({...}) from the file named by the "loom" field of package.json');
  });

  it.each([
    [2, '2'],
    [0, '0'],
    ['1', '1'],
  ])('rejects spec version %j as unsupported', (brand, shown) => {
    const error = thrown(() => parseManifest({ ...minimal, $loomPlugin: brand }, 'future-plugin'));
    expect(error.code).toBe('PLUGIN_SPEC_UNSUPPORTED');
    expect(error.plugin).toBe('future-plugin');
    expect(error.message).toBe(`future-plugin uses plugin contract ${shown}; this kernel reads contract 1`);
    expect(error.hint).toBe('upgrade loom, or install a version of the plugin built for this one');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['name', { name: 'Session' }, 'name: lower-case letters, digits and dashes'],
    ['name starting with a digit', { name: '1session' }, 'name: lower-case letters'],
    ['name with an underscore', { name: 'my_plugin' }, 'name: lower-case letters'],
    ['name ending in a symbol', { name: 'session!' }, 'name: lower-case letters'],
    ['missing name', { name: undefined }, 'name: '],
    ['version', { version: 'one' }, 'version: a semver version such as "1.2.3"'],
    ['kernel range', { kernel: 'not a range' }, 'kernel: a semver range such as "^1.0.0"'],
    ['dependency name', { dependsOn: { Git: '^1' } }, 'dependsOn.Git: '],
    ['dependency range', { dependsOn: { git: 'latest-ish' } }, 'dependsOn.git: a semver range'],
    ['optional dependency range', { optionalDependsOn: { git: 'nope' } }, 'optionalDependsOn.git: a semver range'],
    ['provided token', { provides: ['loom.not-a-symbol'] }, 'provides.0: '],
    ['route summary', { routes: [{ command: 'go', summary: '', examples: ['go'] }] }, 'routes.0.summary: '],
    ['route command', { routes: [{ command: '', summary: 'Go', examples: ['go'] }] }, 'routes.0.command: '],
    ['route example', { routes: [{ command: 'go', summary: 'Go', examples: ['go', ''] }] }, 'routes.0.examples.1: '],
    ['route without examples', { routes: [{ command: 'go', summary: 'Go', examples: [] }] }, 'routes.0.examples: '],
    ['route effect', { routes: [{ command: 'go', summary: 'Go', examples: ['go'], effect: 'delete' }] }, 'routes.0.effect: '],
    ['unknown route key', { routes: [{ command: 'go', summary: 'Go', examples: ['go'], extra: 1 }] }, 'routes.0: Unrecognized key: "extra"'],
    ['hook event name', { hooks: { commandStart: () => undefined } }, 'hooks.commandStart: '],
    ['hook event with upper case', { hooks: { 'Command:start': () => undefined } }, 'hooks.Command:start: '],
    ['hook event with a trailing symbol', { hooks: { 'command:start!': () => undefined } }, 'hooks.command:start!: '],
    ['hook handler', { hooks: { 'command:start': 'not a function' } }, 'hooks.command:start: a function'],
    ['setup', { setup: 'not a function' }, 'setup: a function'],
    ['dispose', { dispose: {} }, 'dispose: a function'],
    ['config schema', { config: { ttl: 1 } }, 'config: a zod (Standard Schema) object'],
    ['permission', { permissions: { shell: 'yes' } }, 'permissions.shell: '],
    ['unknown permission', { permissions: { camera: true } }, 'permissions: Unrecognized key: "camera"'],
    ['unknown top-level key', { provide: [] }, '(root): Unrecognized key: "provide"'],
  ])('reports an invalid %s with its path', (_, patch, expected) => {
    const error = thrown(() => parseManifest({ ...definePlugin(minimal), ...patch }, 'bad-pkg'));
    expect(error.code).toBe('PLUGIN_MANIFEST_INVALID');
    expect(error.plugin).toBe('bad-pkg');
    expect(error.message.startsWith(`bad-pkg: manifest ${expected}`)).toBe(true);
    expect(error.hint).toBe('fix the definePlugin({...}) call of this plugin');
  });

  it('is what manifestSchema checks', () => {
    expect(manifestSchema.safeParse(definePlugin(minimal)).success).toBe(true);
    expect(manifestSchema.safeParse({ ...minimal }).success).toBe(false);
  });
});

describe('isStandardSchema', () => {
  it('accepts a zod schema and a hand-made one', () => {
    expect(isStandardSchema(z.string())).toBe(true);
    expect(isStandardSchema({ '~standard': { version: 1, vendor: 'x', validate: () => ({ value: 1 }) } })).toBe(true);
  });

  it.each([
    ['null', null],
    ['a plain object', { ttl: 1 }],
    ['another version', { '~standard': { version: 2, vendor: 'x', validate: () => ({ value: 1 }) } }],
    ['no validate function', { '~standard': { version: 1, vendor: 'x', validate: 'no' } }],
    ['a non-object ~standard', { '~standard': 1 }],
  ])('rejects %s', (_, value) => {
    expect(isStandardSchema(value)).toBe(false);
  });
});
