import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CORE_SECTIONS,
  assignmentsLayer,
  coreConfigSchema,
  envLayer,
  getPath,
  mergeLayers,
  originOf,
  parseValue,
  readConfigFile,
  setPath,
  splitKey,
  unsetPath,
  validateSection,
  type ConfigLayer,
} from '../src/config.js';
import { CoreTokens } from '../src/core-tokens.js';
import { Kernel } from '../src/kernel.js';
import { createLogger } from '../src/logger.js';
import { definePlugin } from '../src/manifest.js';
import { resolvePaths } from '../src/paths.js';
import type { StandardSchemaV1 } from '../src/standard-schema.js';
import { createTestKernel } from '../src/testing.js';
import { rejection, thrown } from './support/loom-errors.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'loom-config-'));

function writeJson(file: string, text: string): string {
  writeFileSync(file, text);
  return file;
}



describe('readConfigFile', () => {
  it('returns nothing for a missing file', () => {
    expect(readConfigFile(join(tempDir(), 'absent.json'))).toBeUndefined();
  });

  it('reads a JSON object as a layer named by its file', () => {
    const file = writeJson(join(tempDir(), 'loom.config.json'), '{ "logLevel": "info", "session": { "ttl": 5 } }');
    expect(readConfigFile(file)).toEqual({ source: file, values: { logLevel: 'info', session: { ttl: 5 } } });
  });

  it('reports invalid JSON with the file name', () => {
    const file = writeJson(join(tempDir(), 'loom.config.json'), '{ "logLevel": ');
    const error = thrown(() => readConfigFile(file));
    expect(error.code).toBe('CONFIG_PARSE_ERROR');
    expect(error.message.startsWith(`${file}: not valid JSON (`)).toBe(true);
    expect(error.message.endsWith(')')).toBe(true);
    expect(error.hint).toBe('fix the file by hand, or delete it and run `loom init`');
  });

  it('keeps the parser\'s quote of the text on one line', () => {
    const file = writeJson(join(tempDir(), 'loom.config.json'), 'not json\n\r\n  {}');
    const error = thrown(() => readConfigFile(file));
    expect(error.code).toBe('CONFIG_PARSE_ERROR');
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain('"not json {}"');
    // A line break right after a word, with no space before it, is joined too.
    const tight = writeJson(join(tempDir(), 'loom.config.json'), 'not\njson');
    expect(thrown(() => readConfigFile(tight)).message).toContain('"not json"');
  });

  it.each(['[1, 2]', 'null', '"logLevel"', '3'])('rejects %s at the top of the file', (text) => {
    const file = writeJson(join(tempDir(), 'config.json'), text);
    const error = thrown(() => readConfigFile(file));
    expect(error.code).toBe('CONFIG_PARSE_ERROR');
    expect(error.message).toBe(`${file}: expected a JSON object at the top`);
    expect(error.hint).toBe('a Loom config file looks like { "logLevel": "info" }');
  });
});

describe('parseValue', () => {
  it.each<[string, unknown]>([
    ['42', 42],
    ['true', true],
    ['null', null],
    ['"quoted"', 'quoted'],
    ['["a","b"]', ['a', 'b']],
    ['{"x":1}', { x: 1 }],
    ['block', 'block'],
    ['', ''],
    ['{not json', '{not json'],
  ])('parses %j', (raw, expected) => {
    expect(parseValue(raw)).toEqual(expected);
  });
});

describe('envLayer', () => {
  const sections = new Set(['logLevel', 'kernel', 'security', 'retry']);

  it('maps LOOM_* variables to camel-cased dotted keys', () => {
    const layer = envLayer(
      {
        LOOM_LOG_LEVEL: 'debug',
        LOOM_SECURITY__ON_SECRET: 'block',
        LOOM_KERNEL__PHASE_TIMEOUT_MS: '500',
        LOOM_KERNEL__DISABLED_PLUGINS: '["a","b"]',
        LOOM_RETRY__MAX_2_TRIES: 'true',
      },
      sections,
    );
    expect(layer).toEqual({
      source: 'env',
      values: {
        logLevel: 'debug',
        security: { onSecret: 'block' },
        kernel: { phaseTimeoutMs: 500, disabledPlugins: ['a', 'b'] },
        retry: { max2Tries: true },
      },
    });
  });

  it('ignores unknown sections, other variables and unset values', () => {
    const layer = envLayer(
      { LOOM_DATA_DIR: '/data', LOOM_UNKNOWN__KEY: 'x', PATH: '/bin', loom_log_level: 'debug', LOG_LEVEL: 'info', LOOM_KERNEL__X: undefined },
      sections,
    );
    expect(layer).toEqual({ source: 'env', values: {} });
  });

  it('needs the whole LOOM_ prefix', () => {
    expect(envLayer({ LOOMLOG_LEVEL: 'debug', XLOOM_LOG_LEVEL: 'debug' }, new Set(['logLevel', 'gLevel'])).values).toEqual({});
  });
});

describe('assignmentsLayer', () => {
  it('turns key=value pairs into a flags layer', () => {
    expect(assignmentsLayer(['security.onSecret=block', 'kernel.phaseTimeoutMs=500', 'logLevel=info'])).toEqual({
      source: 'flags',
      values: { security: { onSecret: 'block' }, kernel: { phaseTimeoutMs: 500 }, logLevel: 'info' },
    });
  });

  it('splits at the first equals sign and keeps an empty value', () => {
    expect(assignmentsLayer(['note.text=a=b', 'note.empty='], 'cli').values).toEqual({ note: { text: 'a=b', empty: '' } });
    expect(assignmentsLayer([], 'cli').source).toBe('cli');
  });

  it.each(['logLevel', '=info', ''])('rejects %j, which is not key=value', (assignment) => {
    const error = thrown(() => assignmentsLayer([assignment]));
    expect(error.code).toBe('CONFIG_BAD_ASSIGNMENT');
    expect(error.message).toBe(`"${assignment}" is not key=value`);
    expect(error.hint).toBe('write it as --set security.onSecret=block');
  });

  it('rejects a malformed key', () => {
    expect(thrown(() => assignmentsLayer(['a..b=1'])).code).toBe('CONFIG_BAD_KEY');
  });

  it('cannot be used to pollute Object.prototype', () => {
    expect(thrown(() => assignmentsLayer(['__proto__.polluted=yes'])).code).toBe('CONFIG_BAD_KEY');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('splitKey, getPath, setPath, unsetPath', () => {
  it('splits a dotted key', () => {
    expect(splitKey('kernel.phaseTimeoutMs')).toEqual(['kernel', 'phaseTimeoutMs']);
    expect(splitKey('logLevel')).toEqual(['logLevel']);
  });

  it.each(['', '.a', 'a.', 'a..b', 'a.__proto__'])('rejects the key %j', (key) => {
    const error = thrown(() => splitKey(key));
    expect(error.code).toBe('CONFIG_BAD_KEY');
    expect(error.message).toBe(`"${key}" is not a config key`);
    expect(error.hint).toBe('keys are dotted names such as kernel.phaseTimeoutMs');
  });

  it('reads a nested value, or undefined where there is none', () => {
    const values = { a: { b: { c: 0 } }, list: [1, 2], leaf: 'x' };
    expect(getPath(values, ['a', 'b', 'c'])).toBe(0);
    expect(getPath(values, ['a', 'b'])).toEqual({ c: 0 });
    expect(getPath(values, [])).toBe(values);
    expect(getPath(values, ['a', 'missing'])).toBeUndefined();
    expect(getPath(values, ['leaf', 'length'])).toBeUndefined();
    expect(getPath(values, ['list', '0'])).toBeUndefined();
    expect(getPath(undefined, ['a'])).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    expect(getPath({}, ['toString'])).toBeUndefined();
    expect(getPath({ a: {} }, ['a', 'constructor'])).toBeUndefined();
  });

  it('sets a nested value, creating or replacing what is in the way', () => {
    const values: Record<string, unknown> = { keep: 1, leaf: 'x' };
    setPath(values, ['a', 'b', 'c'], true);
    setPath(values, ['leaf', 'inner'], 2);
    setPath(values, ['a', 'b', 'd'], 'sibling');
    expect(values).toEqual({ keep: 1, leaf: { inner: 2 }, a: { b: { c: true, d: 'sibling' } } });
  });

  it('unsets a value, telling whether there was one', () => {
    const values: Record<string, unknown> = { a: { b: 1, c: 2 } };
    expect(unsetPath(values, ['a', 'b'])).toBe(true);
    expect(values).toEqual({ a: { c: 2 } });
    expect(unsetPath(values, ['a', 'b'])).toBe(false);
    expect(unsetPath(values, ['x', 'y'])).toBe(false);
    expect(unsetPath(values, ['a', 'c', 'd'])).toBe(false);
    expect(unsetPath(values, ['toString'])).toBe(false);
    expect(values).toEqual({ a: { c: 2 } });
  });
});

describe('mergeLayers and originOf', () => {
  const layers: ConfigLayer[] = [
    { source: '/home/u/.config/loom/config.json', values: { logLevel: 'info', session: { ttl: 10, store: 'file' }, tags: ['a', 'b'] } },
    { source: '/p/loom.config.json', values: { session: { ttl: 20 }, tags: ['c'] } },
    { source: 'env', values: { session: { store: 'memory' } } },
    { source: 'flags', values: { logLevel: 'debug' } },
  ];

  it('merges objects deeply, later layers winning, arrays replaced whole', () => {
    expect(mergeLayers(layers).values).toEqual({ logLevel: 'debug', session: { ttl: 20, store: 'memory' }, tags: ['c'] });
  });

  it('records which layer set each leaf', () => {
    expect(Object.fromEntries(mergeLayers(layers).origins)).toEqual({
      logLevel: 'flags',
      'session.ttl': '/p/loom.config.json',
      'session.store': 'env',
      tags: '/p/loom.config.json',
    });
  });

  it('does not modify the layers', () => {
    const first: ConfigLayer = { source: 'one', values: { a: { b: 1 } } };
    mergeLayers([first, { source: 'two', values: { a: { c: 2 } } }]);
    expect(first.values).toEqual({ a: { b: 1 } });
  });

  it('lets an object replace a leaf and a leaf replace an object', () => {
    const { values } = mergeLayers([
      { source: 'one', values: { a: 1, b: { c: 1 } } },
      { source: 'two', values: { a: { x: 1 }, b: 2 } },
    ]);
    expect(values).toEqual({ a: { x: 1 }, b: 2 });
  });

  it('ignores a __proto__ key in a config file instead of polluting Object.prototype', () => {
    const values = JSON.parse('{ "__proto__": { "polluted": "yes" }, "logLevel": "info" }') as Record<string, unknown>;
    const merged = mergeLayers([{ source: 'evil.json', values }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(merged.values).toEqual({ logLevel: 'info' });
    expect(Object.getPrototypeOf(merged.values)).toBe(Object.prototype);
  });

  it('finds the origin of a key, of its nearest set parent, or of the first child set', () => {
    const { origins } = mergeLayers([
      { source: 'user', values: { s: { a: 1 }, leaf: 5 } },
      { source: 'project', values: { s: { b: 2 } } },
    ]);
    expect(originOf(origins, ['s', 'b'])).toBe('project');
    expect(originOf(origins, ['leaf', 'deeper', 'still'])).toBe('user');
    expect(originOf(origins, ['s'])).toBe('user');
    expect(originOf(origins, ['s', 'missing'])).toBeUndefined();
    expect(originOf(origins, ['other'])).toBeUndefined();
    // "s" must not match a key that merely starts with the same letters.
    expect(originOf(new Map([['session.ttl', 'x']]), ['s'])).toBeUndefined();
  });
});

describe('validateSection', () => {
  const file = '/p/loom.config.json';

  it('returns the parsed value with defaults', async () => {
    const merged = mergeLayers([{ source: file, values: { logLevel: 'info' } }]);
    await expect(validateSection(coreConfigSchema, merged.values, undefined, merged)).resolves.toEqual({
      logLevel: 'info',
      kernel: { disabledPlugins: [], phaseTimeoutMs: 10_000 },
    });
  });

  it('names the file, the dotted key, what was expected and what it got', async () => {
    const merged = mergeLayers([
      { source: '/home/u/config.json', values: { kernel: { phaseTimeoutMs: 50 } } },
      { source: file, values: { kernel: { phaseTimeoutMs: 'soon' } } },
    ]);
    const error = await rejection(validateSection(coreConfigSchema, merged.values, undefined, merged));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(`${file}: kernel.phaseTimeoutMs: Invalid input: expected number, received string, got "soon"`);
    expect(error.hint).toBe(`run \`loom config set kernel.phaseTimeoutMs <value>\` or edit ${file}`);
    expect(error.plugin).toBeUndefined();
  });

  it('lists the allowed values of an enum', async () => {
    const merged = mergeLayers([{ source: file, values: { logLevel: 'loud' } }]);
    const error = await rejection(validateSection(coreConfigSchema, merged.values, undefined, merged));
    expect(error.message).toBe(`${file}: logLevel: Invalid option: expected one of "silent"|"error"|"warn"|"info"|"debug", got "loud"`);
  });

  it('points at the LOOM_* variable when the value came from the environment', async () => {
    const merged = mergeLayers([envLayer({ LOOM_LOG_LEVEL: 'chatty' }, CORE_SECTIONS)]);
    const error = await rejection(validateSection(coreConfigSchema, merged.values, undefined, merged));
    expect(error.message.startsWith('env: logLevel: ')).toBe(true);
    expect(error.hint).toBe('run `loom config set logLevel <value>` or edit the LOOM_* variable');
  });

  it('echoes null and array values', async () => {
    const schema = z.object({ name: z.string(), tags: z.string() });
    const withNull = mergeLayers([{ source: file, values: { s: { name: null, tags: 'x' } } }]);
    expect((await rejection(validateSection(schema, withNull.values.s, 's', withNull))).message).toBe(
      `${file}: s.name: Invalid input: expected string, received null, got null`,
    );
    const withArray = mergeLayers([{ source: file, values: { s: { name: 'n', tags: ['a'] } } }]);
    const error = await rejection(validateSection(schema, withArray.values.s, 's', withArray));
    expect(error.message).toBe(`${file}: s.tags: Invalid input: expected string, received array, got ["a"]`);
    expect(error.hint).toBe(`run \`loom config set s.tags <value>\` or edit ${file}`);
  });

  it('prefixes a plugin’s keys with its section and names the plugin', async () => {
    const schema = z.object({ ttl: z.number().int().positive().default(60), store: z.enum(['file', 'memory']) });
    const merged = mergeLayers([{ source: file, values: { session: { ttl: 0, store: 'file' } } }]);
    const error = await rejection(validateSection(schema, merged.values.session, 'session', merged, 'session'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.plugin).toBe('session');
    expect(error.message).toBe(`${file}: session.ttl: Too small: expected number to be >0, got 0`);
  });

  it('says "config" and leaves out "got" for a missing value', async () => {
    const schema = z.object({ store: z.string() });
    const merged = mergeLayers([]);
    const error = await rejection(validateSection(schema, {}, 'session', merged));
    expect(error.message).toBe('config: session.store: Invalid input: expected string, received undefined');
  });

  it('names a wrong object by the first layer that set something under it', async () => {
    const schema = z.object({ nested: z.object({ a: z.number() }).strict() });
    const merged = mergeLayers([{ source: file, values: { s: { nested: { a: 1, b: 2 } } } }]);
    const error = await rejection(validateSection(schema, merged.values.s, 's', merged));
    // An object is not echoed back, and `config set` cannot fix its keys: the hint says to edit the file.
    expect(error.message).toBe(`${file}: s.nested: Unrecognized key: "b"`);
    expect(error.hint).toBe(`edit ${file}`);
  });

  it('calls an issue at the top of an unnamed section (root)', async () => {
    const merged = mergeLayers([]);
    const error = await rejection(validateSection(z.object({}), 'not an object', undefined, merged));
    expect(error.message).toBe('config: (root): Invalid input: expected object, received string');
  });

  it('works with any Standard Schema, sync or async, and object path segments', async () => {
    const schema: StandardSchemaV1<unknown, never> = {
      '~standard': {
        version: 1,
        vendor: 'hand-made',
        validate: async () => ({ issues: [{ message: 'first problem', path: [{ key: 'outer' }, 'inner'] }, { message: 'second problem' }] }),
      },
    };
    const merged = mergeLayers([{ source: 'flags', values: { s: { outer: { inner: 'b' } } } }]);
    const error = await rejection(validateSection(schema, merged.values.s, 's', merged));
    expect(error.message).toBe('flags: s.outer.inner: first problem, got "b"');

    const accepting: StandardSchemaV1<unknown, string> = { '~standard': { version: 1, vendor: 'x', validate: () => ({ value: 'ok' }) } };
    await expect(validateSection(accepting, 1, 's', merged)).resolves.toBe('ok');
  });
});

describe('the kernel’s layered config', () => {
  it('layers defaults < user file < project file < LOOM_* env < flags, tracking origins', async () => {
    const dir = tempDir();
    const paths = resolvePaths({ cwd: dir, userConfigDir: join(dir, 'user'), dataDir: join(dir, 'data'), cacheDir: join(dir, 'cache') });
    const userFile = writeJson(join(dir, 'user.json'), JSON.stringify({ logLevel: 'error', kernel: { phaseTimeoutMs: 111 }, session: { a: 'user', b: 'user', c: 'user', d: 'user' } }));
    const projectFile = writeJson(join(dir, 'loom.config.json'), JSON.stringify({ logLevel: 'info', session: { b: 'project', c: 'project', d: 'project' } }));
    let seen: unknown;
    const kernel = new Kernel({
      paths,
      plugins: [{ origin: 'pkg', firstParty: true, load: () => definePlugin({ name: 'session', version: '1.0.0', kernel: '^1', setup: (ctx) => void (seen = ctx.config) }) }],
      configLayers: [readConfigFile(userFile)!, readConfigFile(projectFile)!],
      env: { LOOM_SESSION__C: 'env', LOOM_SESSION__D: 'env', LOOM_LOG_LEVEL: 'debug', LOOM_DATA_DIR: '/elsewhere' },
      flags: assignmentsLayer(['session.d=flags']),
      logger: createLogger('silent'),
    });
    await kernel.start();
    expect(seen).toEqual({ a: 'user', b: 'project', c: 'env', d: 'flags' });
    expect(kernel.config).toEqual({ logLevel: 'debug', kernel: { phaseTimeoutMs: 111, disabledPlugins: [] } });
    const config = kernel.get(CoreTokens.Config);
    expect(['session.a', 'session.b', 'session.c', 'session.d'].map((key) => config.origin(key))).toEqual([userFile, projectFile, 'env', 'flags']);
    expect(config.origin('logLevel')).toBe('env');
    expect(config.origin('kernel.phaseTimeoutMs')).toBe(userFile);
    expect(config.origin('kernel.disabledPlugins')).toBe('default');
    expect(config.get('kernel.disabledPlugins')).toEqual([]);
    expect(config.get('dataDir')).toBeUndefined();
  });

  it('maps env variables onto a plugin’s section and ignores unknown sections', async () => {
    let seen: unknown;
    const kernel = await createTestKernel({
      env: { LOOM_SESSION__TTL_SECONDS: '30', LOOM_NOBODY__X: '1', LOOM_CONFIG_DIR: '/x' },
      plugins: [definePlugin({ name: 'session', version: '1.0.0', kernel: '^1', setup: (ctx) => void (seen = ctx.config) })],
    });
    expect(seen).toEqual({ ttlSeconds: 30 });
    expect(kernel.get(CoreTokens.Config).values).not.toHaveProperty('nobody');
    expect(kernel.get(CoreTokens.Config).origin('session.ttlSeconds')).toBe('env');
  });

  it('rejects start() when a core value is invalid, naming file and key', async () => {
    const dir = tempDir();
    const error = await rejection(createTestKernel({ cwd: dir, config: { kernel: { phaseTimeoutMs: -5 } } }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(`${join(dir, 'loom.config.json')}: kernel.phaseTimeoutMs: Too small: expected number to be >0, got -5`);
  });

  it('validates a plugin’s section with its schema and hands it the defaults', async () => {
    const schema = z.object({ ttl: z.number().default(60), store: z.enum(['file', 'memory']).default('file'), name: z.string() });
    let seen: unknown;
    const kernel = await createTestKernel({
      config: { session: { name: 'main', store: 'memory' } },
      plugins: [definePlugin({ name: 'session', version: '1.0.0', kernel: '^1', config: schema, setup: (ctx) => void (seen = ctx.config) })],
    });
    expect(seen).toEqual({ ttl: 60, store: 'memory', name: 'main' });
    const config = kernel.get(CoreTokens.Config);
    expect(config.get('session.ttl')).toBe(60);
    expect(config.origin('session.ttl')).toBe('default');
    expect(config.origin('session.store')).toBe(kernel.paths.projectConfigFile);
  });

  it('gives a plugin without a schema its raw section, or an empty object', async () => {
    const seen: unknown[] = [];
    await createTestKernel({
      config: { raw: { anything: [1] } },
      plugins: [
        definePlugin({ name: 'raw', version: '1.0.0', kernel: '^1', setup: (ctx) => void seen.push(ctx.config) }),
        definePlugin({ name: 'empty', version: '1.0.0', kernel: '^1', setup: (ctx) => void seen.push(ctx.config) }),
      ],
    });
    expect(seen).toEqual([{ anything: [1] }, {}]);
  });

  it('disables only a third-party plugin whose config is invalid', async () => {
    const setup = { bad: 0, good: 0 };
    const kernel = await createTestKernel({
      config: { bad: { ttl: 'forever' } },
      plugins: [
        { plugin: definePlugin({ name: 'bad', version: '1.0.0', kernel: '^1', config: z.object({ ttl: z.number() }), setup: () => void setup.bad++ }), firstParty: false },
        definePlugin({ name: 'good', version: '1.0.0', kernel: '^1', setup: () => void setup.good++ }),
      ],
    });
    expect(setup).toEqual({ bad: 0, good: 1 });
    const bad = kernel.status().find((s) => s.name === 'bad')!;
    expect(bad.state).toBe('failed');
    expect(bad.error?.code).toBe('CONFIG_INVALID');
    expect(bad.error?.plugin).toBe('bad');
    expect(bad.error?.message).toBe(`${kernel.paths.projectConfigFile}: bad.ttl: Invalid input: expected number, received string, got "forever"`);
    expect(kernel.status().find((s) => s.name === 'good')!.state).toBe('ready');
    expect(kernel.logs).toContain(`warn: third-party plugin bad disabled: ${bad.error?.message}`);
  });

  it('aborts start() when a first-party plugin’s config is invalid', async () => {
    const dir = tempDir();
    const error = await rejection(
      createTestKernel({
        cwd: dir,
        config: { session: { ttl: 'forever' } },
        plugins: [definePlugin({ name: 'session', version: '1.0.0', kernel: '^1', config: z.object({ ttl: z.number() }) })],
      }),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.plugin).toBe('session');
    expect(error.message).toBe(`${join(dir, 'loom.config.json')}: session.ttl: Invalid input: expected number, received string, got "forever"`);
  });
});

describe('envLayer with dashed plugin names', () => {
  it('reaches section my-plugin from LOOM_MY_PLUGIN__SOME_KEY', async () => {
    const { envLayer } = await import('../src/config.js');
    const layer = envLayer({ LOOM_MY_PLUGIN__SOME_KEY: '3', LOOM_MYPLUGIN__X: '1' }, new Set(['my-plugin']));
    expect(layer.values).toEqual({ 'my-plugin': { someKey: 3 } });
  });
});
