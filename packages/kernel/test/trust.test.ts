import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Kernel } from '../src/kernel.js';
import { createLogger } from '../src/logger.js';
import { definePlugin } from '../src/manifest.js';
import { resolvePaths } from '../src/paths.js';
import { TRUST_FILE, applyTrust, isTrusted, listTrusted, revokeTrust, trustConfig, weakeningKeys, withoutWeakeningKeys } from '../src/trust.js';

let dir: string;
let dataDir: string;
let configFile: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loom-trust-'));
  dataDir = join(dir, 'data');
  mkdirSync(join(dir, 'repo'));
  configFile = join(dir, 'repo', 'loom.config.json');
  writeFileSync(configFile, JSON.stringify({ guard: { allowAll: true } }));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the trust store', () => {
  it('trusts nothing until asked, then the config exactly as it was', async () => {
    expect(isTrusted(dataDir, configFile)).toBe(false);
    const record = await trustConfig(dataDir, configFile, new Date('2026-01-02T03:04:05Z'));
    expect(record).toMatchObject({ trustedAt: '2026-01-02T03:04:05.000Z' });
    expect(record?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(isTrusted(dataDir, configFile)).toBe(true);
    // One byte changed revokes it: a pull that edits the config is reviewed again.
    writeFileSync(configFile, JSON.stringify({ guard: { allowAll: false } }));
    expect(isTrusted(dataDir, configFile)).toBe(false);
    expect(listTrusted(dataDir)).toEqual([expect.objectContaining({ current: false })]);
  });

  it('records the real path, so a link to a trusted config is the same project', async () => {
    await trustConfig(dataDir, configFile);
    const link = join(dir, 'link');
    symlinkSync(join(dir, 'repo'), link);
    expect(isTrusted(dataDir, join(link, 'loom.config.json'))).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(join(dataDir, TRUST_FILE), 'utf8')) as object)).toEqual([configFile]);
  });

  it('has nothing to trust without a file, and revokes only what it recorded', async () => {
    expect(await trustConfig(dataDir, join(dir, 'missing.json'))).toBeUndefined();
    expect(await revokeTrust(dataDir, configFile)).toBe(false);
    await trustConfig(dataDir, configFile);
    expect(await revokeTrust(dataDir, configFile)).toBe(true);
    expect(isTrusted(dataDir, configFile)).toBe(false);
    expect(listTrusted(dataDir)).toEqual([]);
  });

  it('reads a damaged store as trusting nothing', async () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, TRUST_FILE), '[1,2');
    expect(isTrusted(dataDir, configFile)).toBe(false);
    writeFileSync(join(dataDir, TRUST_FILE), JSON.stringify([configFile]));
    expect(isTrusted(dataDir, configFile)).toBe(false);
  });

  it('trusts anew over a store that is valid JSON but not a store (an array, null, a string)', async () => {
    mkdirSync(dataDir, { recursive: true });
    for (const damaged of ['[]', 'null', '"trusted"']) {
      writeFileSync(join(dataDir, TRUST_FILE), damaged);
      expect(isTrusted(dataDir, configFile), damaged).toBe(false);
      expect(listTrusted(dataDir), damaged).toEqual([]);
      await trustConfig(dataDir, configFile);
      expect(isTrusted(dataDir, configFile), damaged).toBe(true);
    }
  });

  it('never trusts an entry without a digest, even for a file that is gone (whose digest is none)', async () => {
    mkdirSync(dataDir, { recursive: true });
    const gone = join(dir, 'repo', 'gone.json');
    writeFileSync(join(dataDir, TRUST_FILE), JSON.stringify({ [gone]: { trustedAt: '2026-01-01T00:00:00.000Z' } }));
    expect(isTrusted(dataDir, gone)).toBe(false);
  });

  it('lists a config trusted as it still is as current', async () => {
    const record = await trustConfig(dataDir, configFile);
    expect(listTrusted(dataDir)).toEqual([{ file: record!.file, sha256: record!.sha256, trustedAt: record!.trustedAt, current: true }]);
  });
});

describe('dropping weakening keys', () => {
  it('removes whole subtrees and names what it removed', () => {
    const layer = { source: 'p.json', values: { security: { policy: { allowPaths: ['~/**'], denyPaths: ['x'] }, onSecret: 'block' } } };
    const { layer: kept, dropped } = withoutWeakeningKeys(layer, ['security.policy.allowPaths', 'security.disabledRules']);
    expect(dropped).toEqual(['security.policy.allowPaths']);
    expect(kept.values).toEqual({ security: { policy: { denyPaths: ['x'] }, onSecret: 'block' } });
    expect(layer.values.security.policy.allowPaths).toEqual(['~/**']);
  });

  it('touches only untrusted layers, with one warning line per layer naming each key', () => {
    const warnings: string[] = [];
    const values = { kernel: { disabledPlugins: ['security'] }, llm: { baseUrl: 'http://evil' } };
    const { layers, ignored } = applyTrust(
      [
        { source: 'user.json', values },
        { source: 'project.json', values, trusted: false },
        { source: 'trusted.json', values, trusted: true },
      ],
      weakeningKeys([{ name: 'llm', weakensSecurity: ['baseUrl'] }]),
      (line) => warnings.push(line),
    );
    expect(layers.map((layer) => layer.values)).toEqual([values, { kernel: {}, llm: {} }, values]);
    expect(ignored).toEqual(['kernel.disabledPlugins', 'llm.baseUrl']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^project\.json is not trusted.*kernel\.disabledPlugins, llm\.baseUrl.*loom trust/);
  });
});

describe('the kernel with an untrusted project', () => {
  const guard = definePlugin({
    name: 'guard',
    version: '1.0.0',
    kernel: '^1.0.0',
    config: z.strictObject({ allowAll: z.boolean().default(false), label: z.string().default('none') }),
    weakensSecurity: ['allowAll'],
  });

  async function start(trusted: boolean | undefined, extra: Partial<ConstructorParameters<typeof Kernel>[0]> = {}) {
    const logs: string[] = [];
    const paths = resolvePaths({ cwd: join(dir, 'repo'), userConfigDir: join(dir, 'config'), dataDir, cacheDir: join(dir, 'cache') });
    const kernel = await new Kernel({
      paths,
      plugins: [{ origin: 'guard', firstParty: true, load: () => guard }],
      configLayers: [{ source: configFile, values: { guard: { allowAll: true, label: 'repo' }, kernel: { disabledPlugins: ['other'] } }, trusted }],
      logger: createLogger('warn', (level, line) => logs.push(`${level}: ${line}`)),
      ...extra,
    }).start();
    return { kernel, logs, config: kernel.validatedConfig() as { guard: { allowAll: boolean; label: string }; kernel: { disabledPlugins: string[] } } };
  }

  it('ignores the keys a plugin marks, keeps the rest, and says so once', async () => {
    const { kernel, logs, config } = await start(false);
    expect(config.guard).toEqual({ allowAll: false, label: 'repo' });
    expect(config.kernel.disabledPlugins).toEqual([]);
    expect(kernel.ignoredKeys).toEqual(['kernel.disabledPlugins', 'guard.allowAll']);
    expect(logs).toEqual([expect.stringMatching(/^warn: .*loom\.config\.json is not trusted.*kernel\.disabledPlugins, guard\.allowAll/)]);
    await kernel.dispose();
  });

  it('honours them from a trusted project, and from env or flags whatever the project', async () => {
    const trusted = await start(true);
    expect(trusted.config.guard.allowAll).toBe(true);
    expect(trusted.logs).toEqual([]);
    await trusted.kernel.dispose();
    const flagged = await start(false, { env: { LOOM_GUARD__ALLOW_ALL: 'true' } });
    expect(flagged.config.guard.allowAll).toBe(true);
    await flagged.kernel.dispose();
  });
});
