import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkConfigKeys, describeUnknownKey, keyTreeOf, knownKeys, pruneUnknown } from '../src/config-keys.js';
import { Kernel } from '../src/kernel.js';
import { createLogger } from '../src/logger.js';
import { definePlugin } from '../src/manifest.js';
import { resolvePaths } from '../src/paths.js';
import type { StandardSchemaV1 } from '../src/standard-schema.js';

const strict = z.strictObject({
  onSecret: z.enum(['redact', 'block']).default('redact'),
  policy: z.strictObject({ deny: z.array(z.string()).default([]) }).default({ deny: [] }),
  models: z.record(z.string(), z.number()).default({}),
});

describe('keyTreeOf', () => {
  it('reads the known keys from the Standard JSON Schema, nested objects included', () => {
    const tree = keyTreeOf(strict)!;
    expect([...tree.keys.keys()]).toEqual(['onSecret', 'policy', 'models']);
    expect([...tree.keys.get('policy')!.keys.keys()]).toEqual(['deny']);
    // A record takes any key: not checked.
    expect(tree.keys.get('models')).toBeUndefined();
  });

  it('gives nothing for a schema it cannot read: no JSON Schema, a custom type, not an object', () => {
    const bare: StandardSchemaV1 = { '~standard': { version: 1, vendor: 'x', validate: (value) => ({ value }) } };
    expect(keyTreeOf(bare)).toBeUndefined();
    expect(keyTreeOf(undefined)).toBeUndefined();
    expect(keyTreeOf(z.object({ f: z.custom<() => void>((v) => typeof v === 'function') }))).toBeUndefined();
    expect(keyTreeOf(z.string())).toBeUndefined();
  });

  it('gives nothing for an object that lists its properties but takes others too', () => {
    expect(keyTreeOf(z.looseObject({ known: z.string() }))).toBeUndefined();
    expect(keyTreeOf(z.object({ known: z.string() }).catchall(z.number()))).toBeUndefined();
    const open = (additionalProperties: unknown): StandardSchemaV1 => ({
      '~standard': { version: 1, vendor: 'x', validate: (value) => ({ value }), jsonSchema: { input: () => ({ type: 'object', properties: { known: {} }, additionalProperties }) } } as StandardSchemaV1['~standard'],
    });
    expect(keyTreeOf(open(true))).toBeUndefined();
    expect([...keyTreeOf(open(false))!.keys.keys()]).toEqual(['known']);
  });
});

describe('pruneUnknown and checkConfigKeys', () => {
  it('leaves out unknown keys at every level, naming the nearest known one', () => {
    const tree = keyTreeOf(strict);
    const { value, unknown } = pruneUnknown({ onSecrett: 'block', policy: { deny: ['a'], denny: [] }, models: { anything: 1 } }, tree, ['security']);
    expect(value).toEqual({ policy: { deny: ['a'] }, models: { anything: 1 } });
    expect(unknown).toEqual([
      { key: 'security.onSecrett', suggestion: 'security.onSecret' },
      { key: 'security.policy.denny', suggestion: 'security.policy.deny' },
    ]);
  });

  it('suggests for longer keys from further away: a third of the key’s length', () => {
    const tree = keyTreeOf(z.strictObject({ thresholdPercent: z.number() }));
    // Three letters left out of a 13-letter key: near enough for its length, though not for a short key.
    expect(pruneUnknown({ treshldPercnt: 1 }, tree).unknown).toEqual([{ key: 'treshldPercnt', suggestion: 'thresholdPercent' }]);
    expect(pruneUnknown({ tsh: 1 }, keyTreeOf(z.strictObject({ thresh: z.number() }))).unknown).toEqual([{ key: 'tsh', suggestion: undefined }]);
  });

  it('names no suggestion when nothing is near, and leaves values that are not objects alone', () => {
    expect(pruneUnknown({ zzzzzz: 1 }, keyTreeOf(strict)).unknown).toEqual([{ key: 'zzzzzz', suggestion: undefined }]);
    expect(pruneUnknown('text', keyTreeOf(strict))).toEqual({ value: 'text', unknown: [] });
  });

  it('checks top-level sections too; a section without a tree is kept as written', () => {
    const sections = new Map([['security', keyTreeOf(strict)], ['free', undefined]]);
    const { sections: known, unknown } = checkConfigKeys({ securty: {}, free: { x: 1 }, security: { onSecret: 'block' } }, sections);
    expect(known).toEqual({ free: { x: 1 }, security: { onSecret: 'block' } });
    expect(unknown).toEqual([{ key: 'securty', suggestion: 'security' }]);
    expect(knownKeys(sections)).toEqual(['security', 'security.onSecret', 'security.policy', 'security.policy.deny', 'security.models', 'free']);
  });

  it('describes a key with its origin and suggestion', () => {
    expect(describeUnknownKey({ key: 'nokey', suggestion: undefined }, 'flags')).toBe('flags: unknown config key "nokey", ignored');
    expect(describeUnknownKey({ key: 'securty', suggestion: 'security' }, '/p/loom.config.json')).toBe(
      '/p/loom.config.json: unknown config key "securty", ignored (did you mean "security"?)',
    );
  });
});

describe('the kernel and unknown keys: one rule everywhere', () => {
  const paths = resolvePaths({ cwd: process.cwd(), userConfigDir: '/nonexistent/config', dataDir: '/nonexistent/data', cacheDir: '/nonexistent/cache' });
  const security = definePlugin({ name: 'security', version: '1.0.0', kernel: '^1', config: strict });

  async function start(layers: Array<{ source: string; values: Record<string, unknown> }>, flags?: Record<string, unknown>, firstParty = false) {
    const logs: string[] = [];
    const kernel = new Kernel({
      paths,
      plugins: [{ origin: 'pkg-security', firstParty, load: () => security }],
      configLayers: layers,
      ...(flags ? { flags: { source: 'flags', values: flags } } : {}),
      logger: createLogger('warn', (level, line) => logs.push(`${level}: ${line}`)),
    });
    await kernel.start();
    return { kernel, logs };
  }

  it('warns about an unknown top-level key from a file, naming the closest section', async () => {
    const { logs } = await start([{ source: 'loom.config.json', values: { securty: { onSecret: 'block' } } }]);
    expect(logs).toEqual(['warn: loom.config.json: unknown config key "securty", ignored (did you mean "security"?)']);
  });

  it('warns about --set nokey=1 and about an unknown key in the kernel\'s own section', async () => {
    const { kernel, logs } = await start([], { nokey: 1, kernel: { phaseTimeoutMz: 5 } });
    expect(logs).toEqual([
      'warn: flags: unknown config key "nokey", ignored',
      'warn: flags: unknown config key "kernel.phaseTimeoutMz", ignored (did you mean "kernel.phaseTimeoutMs"?)',
    ]);
    expect(kernel.config.kernel.phaseTimeoutMs).toBe(10_000);
  });

  it('keeps a plugin with a strict schema ready when its section has a typo, with its other keys applied', async () => {
    for (const firstParty of [false, true]) {
      const { kernel, logs } = await start([{ source: 'loom.config.json', values: { security: { onSecrett: 'redact', onSecret: 'block' } } }], undefined, firstParty);
      expect(kernel.status()[0]).toMatchObject({ name: 'security', state: 'ready' });
      expect(kernel.validatedConfig().security).toMatchObject({ onSecret: 'block' });
      expect(logs).toEqual(['warn: loom.config.json: unknown config key "security.onSecrett", ignored (did you mean "security.onSecret"?)']);
      expect(kernel.knownConfigKeys()).toEqual(expect.arrayContaining(['logLevel', 'kernel.phaseTimeoutMs', 'security.onSecret', 'security.policy.deny']));
    }
  });

  it('renders a section\'s key tree only when the config sets a key in it, or when every known key is asked for', async () => {
    const std = strict['~standard'] as unknown as { validate: StandardSchemaV1['~standard']['validate']; jsonSchema: { input: (options: { target: string }) => unknown } };
    let rendered = 0;
    const counted = { '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => std.validate(value), jsonSchema: { input: (options: { target: string }) => (rendered++, std.jsonSchema.input(options)) } } };
    const plugin = definePlugin({ name: 'counted', version: '1.0.0', kernel: '^1', config: counted as unknown as StandardSchemaV1 });
    const startWith = async (values: Record<string, unknown>) => {
      const logs: string[] = [];
      const kernel = new Kernel({
        paths,
        plugins: [{ origin: 'pkg-counted', firstParty: false, load: () => plugin }],
        configLayers: [{ source: 'loom.config.json', values }],
        logger: createLogger('warn', (level, line) => logs.push(`${level}: ${line}`)),
      });
      await kernel.start();
      return { kernel, logs };
    };

    const quiet = await startWith({ logLevel: 'warn' });
    expect(quiet.kernel.status()[0]).toMatchObject({ name: 'counted', state: 'ready' });
    expect(rendered).toBe(0);
    expect(quiet.kernel.knownConfigKeys()).toEqual(expect.arrayContaining(['counted.onSecret', 'counted.policy.deny']));
    expect(rendered).toBe(1);
    quiet.kernel.knownConfigKeys();
    expect(rendered).toBe(1);

    const typo = await startWith({ counted: { onSecrett: 'block' } });
    expect(rendered).toBe(2);
    expect(typo.logs).toEqual(['warn: loom.config.json: unknown config key "counted.onSecrett", ignored (did you mean "counted.onSecret"?)']);
  });
});

