import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Config } from '@oclif/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bootKernel, configFileLayers, discoverPlugins, pathsFor } from '../src/command/boot.js';
import type { BootRequest } from '../src/command/host.js';
import { CoreTokens } from '../src/core-tokens.js';
import { LoomError } from '../src/errors.js';
import type { Kernel } from '../src/kernel.js';
import {
  capture,
  CLI_ROOT,
  FIXTURES,
  isolateCli,
  linkPlugins,
  recordFixtureCalls,
  removeCliDirs,
  stopRecording,
  type Captured,
  type CliDirs,
} from './command-support.js';
import { rejection } from './support/loom-errors.js';
import { trustConfig } from '../src/trust.js';
import { stampedKeys } from '../src/early-stamp.js';

let dirs: CliDirs;
let calls: string[];
const kernels: Kernel[] = [];
let output: Captured | undefined;

beforeEach(() => {
  dirs = isolateCli();
  calls = recordFixtureCalls();
});

afterEach(async () => {
  output?.restore();
  output = undefined;
  for (const kernel of kernels.splice(0)) await kernel.dispose();
  stopRecording();
  vi.unstubAllEnvs();
  removeCliDirs(dirs);
});

/** The fixture CLI's oclif Config, with the given fixture packages linked in. */
async function loadConfig(linked: string[] = []): Promise<Config> {
  if (linked.length > 0) linkPlugins(dirs.dataDir, linked);
  return Config.load({ root: CLI_ROOT });
}

function request(config: Config, overrides: Partial<BootRequest> = {}): BootRequest {
  return {
    config,
    cwd: dirs.project,
    assignments: [],
    signal: new AbortController().signal,
    verbose: false,
    strict: true,
    setUp: true,
    ...overrides,
  };
}

async function boot(req: BootRequest): Promise<Kernel> {
  const kernel = await bootKernel(req);
  kernels.push(kernel);
  return kernel;
}


describe('discoverPlugins', () => {
  it('finds the CLI’s own package (oclif type core) as a first-party plugin, by its `loom` field', async () => {
    const config = await loadConfig();
    const candidates = discoverPlugins(config);
    expect(candidates.map(({ origin, firstParty }) => ({ origin, firstParty }))).toEqual([{ origin: 'loom-fixture-cli', firstParty: true }]);
    const module = (await candidates[0]!.load({ deadline: new AbortController().signal })) as { default: { name: string; version: string } };
    expect(module.default.name).toBe('fixture');
    expect(module.default.version).toBe('1.2.3');
  });

  it('finds linked packages as third-party plugins, skips those without a `loom` field and keeps those whose field names no entry', async () => {
    const config = await loadConfig(['third-party', 'not-loom', 'no-entry', 'broken']);
    // oclif loads linked plugins concurrently: their order is not the listed one.
    expect(config.getPluginsList().map((plugin) => `${plugin.name} ${plugin.type}`).sort()).toEqual([
      'loom-fixture-broken link',
      'loom-fixture-cli core',
      'loom-fixture-no-entry link',
      'loom-fixture-not-loom link',
      'loom-fixture-third link',
    ]);
    const candidates = discoverPlugins(config);
    expect(candidates.map(({ origin, firstParty }) => `${origin} ${firstParty}`)).toEqual(
      config
        .getPluginsList()
        .map((plugin) => plugin.name)
        .filter((name) => name !== 'loom-fixture-not-loom')
        .map((name) => `${name} ${name === 'loom-fixture-cli'}`),
    );
    expect(candidates).toHaveLength(4);
  });

  it('loads `loom.entry` relative to the package root', async () => {
    const config = await loadConfig(['third-party', 'broken']);
    const candidates = discoverPlugins(config);
    const third = candidates.find((candidate) => candidate.origin === 'loom-fixture-third');
    const broken = candidates.find((candidate) => candidate.origin === 'loom-fixture-broken');
    expect(((await third!.load({ deadline: new AbortController().signal })) as { default: { name: string } }).default.name).toBe('third');
    expect(((await broken!.load({ deadline: new AbortController().signal })) as { default: unknown }).default).toEqual({ name: 'broken' });
  });

  it('reads a plugin list of the shape oclif’s getPluginsList() returns', async () => {
    const plugins = [
      { name: 'a', type: 'user', root: join(FIXTURES, 'third-party'), pjson: { loom: { entry: 'lib/plugin.js' } } },
      { name: 'b', type: 'core', root: join(FIXTURES, 'cli'), pjson: { loom: '' } },
      { name: 'c', type: 'dev', root: join(FIXTURES, 'cli'), pjson: { loom: 'plugin.js' } },
    ];
    const candidates = discoverPlugins({ getPluginsList: () => plugins, cacheDir: dirs.cacheDir } as unknown as Config);
    expect(candidates.map(({ origin, firstParty }) => `${origin} ${firstParty}`)).toEqual(['a false', 'b true', 'c false']);
    expect(((await candidates[2]!.load({ deadline: new AbortController().signal })) as { default: { name: string } }).default.name).toBe('fixture');
  });
});

describe('discoverPlugins: a malformed `loom` field', () => {
  it('is a candidate that fails to load with PLUGIN_MANIFEST_INVALID, naming the package and the value', async () => {
    const config = await loadConfig(['malformed', 'no-entry']);
    const byOrigin = new Map(discoverPlugins(config).map((candidate) => [candidate.origin, candidate]));
    expect(() => byOrigin.get('loom-fixture-malformed')!.load({ deadline: new AbortController().signal })).toThrow(
      expect.objectContaining({ code: 'PLUGIN_MANIFEST_INVALID', plugin: 'loom-fixture-malformed', message: expect.stringContaining('got 123') }),
    );
    expect(() => byOrigin.get('loom-fixture-no-entry')!.load({ deadline: new AbortController().signal })).toThrow(
      expect.objectContaining({ code: 'PLUGIN_MANIFEST_INVALID', message: expect.stringContaining('got {}') }),
    );
  });

  it('shows in the kernel status as failed, while the other plugins set up', async () => {
    const config = await loadConfig(['malformed', 'third-party']);
    output = capture();
    const kernel = await boot(request(config));
    const malformed = kernel.status().find((status) => status.origin === 'loom-fixture-malformed');
    expect(malformed).toMatchObject({ state: 'failed', firstParty: false, error: expect.objectContaining({ code: 'PLUGIN_MANIFEST_INVALID' }) });
    expect(calls).toEqual(['setup third', 'setup fixture {}']);
  });
});

describe('bootKernel: third-party plugins cannot take the command down', () => {
  const deadline = ['kernel.phaseTimeoutMs=1500'];
  const stateOf = (kernel: Kernel, origin: string) => kernel.status().find((status) => status.origin === origin);

  it('refuses a third-party plugin named like a first-party one, by name, and keeps the first-party one', async () => {
    const config = await loadConfig(['impostor']);
    output = capture();
    const kernel = await boot(request(config));
    expect(stateOf(kernel, 'loom-fixture-cli')?.state).toBe('ready');
    expect(stateOf(kernel, 'loom-fixture-impostor')).toMatchObject({ state: 'failed', error: expect.objectContaining({ code: 'PLUGIN_NAME_TAKEN' }) });
    expect(calls).toEqual(['setup fixture {}']);
  });

  it('times out a busy loop in top-level code, off the main thread, and sets the others up', async () => {
    const config = await loadConfig(['busy-loop', 'third-party']);
    output = capture();
    const kernel = await boot(request(config, { assignments: deadline }));
    const busy = stateOf(kernel, 'loom-fixture-busy-loop');
    expect(busy).toMatchObject({ state: 'failed', error: expect.objectContaining({ code: 'PLUGIN_TIMEOUT', plugin: 'loom-fixture-busy-loop' }) });
    expect(busy?.error?.message).toBe('plugin loom-fixture-busy-loop did not finish loading within 1500 ms');
    expect(calls).toEqual(['setup third', 'setup fixture {}']);
  });

  it('reports process.exit in top-level code instead of exiting', async () => {
    const config = await loadConfig(['exit-on-import']);
    output = capture();
    const kernel = await boot(request(config));
    expect(stateOf(kernel, 'loom-fixture-exit-on-import')?.error).toMatchObject({ code: 'PLUGIN_EXIT', message: expect.stringContaining('process.exit(0) while loading') });
    expect(calls).toEqual(['setup fixture {}']);
  });

  it('reports process.exit in setup instead of exiting', async () => {
    const config = await loadConfig(['exit-in-setup']);
    output = capture();
    const kernel = await boot(request(config));
    expect(stateOf(kernel, 'loom-fixture-exit-in-setup')?.error).toMatchObject({ code: 'PLUGIN_EXIT', message: 'plugin exits called process.exit(3) during setup' });
    expect(String(process.exit)).not.toContain('PLUGIN_EXIT');
  });

  it('times out a setup that never settles', async () => {
    const config = await loadConfig(['hang-in-setup']);
    output = capture();
    const kernel = await boot(request(config, { assignments: deadline }));
    expect(stateOf(kernel, 'loom-fixture-hang-in-setup')?.error).toMatchObject({ code: 'PLUGIN_TIMEOUT', message: 'plugin hangs did not finish setup within 1500 ms' });
    expect(calls).toEqual(['setup fixture {}']);
  });

  it('remembers each verdict by the entry file\'s size and mtime: a failed module costs no second deadline', async () => {
    const config = await loadConfig(['third-party', 'busy-loop']);
    output = capture();
    await boot(request(config, { assignments: deadline }));
    const cache = JSON.parse(readFileSync(join(dirs.cacheDir, 'plugin-probes.json'), 'utf8')) as Record<string, { stamp: string; code?: string }>;
    const third = Object.entries(cache).find(([url]) => url.endsWith('third-party/lib/plugin.js'))![1];
    const busy = Object.entries(cache).find(([url]) => url.endsWith('busy-loop/plugin.js'))![1];
    expect(third).toEqual({ stamp: expect.stringMatching(/^\d+:[\d.]+$/) });
    expect(busy).toMatchObject({ code: 'PLUGIN_TIMEOUT' });

    const again = await boot(request(config, { assignments: deadline }));
    expect(stateOf(again, 'loom-fixture-busy-loop')?.error).toMatchObject({ code: 'PLUGIN_TIMEOUT', message: expect.stringContaining('remembered until the plugin changes') });
    expect(stateOf(again, 'loom-fixture-third')?.state).toBe('ready');
  });
});

describe('bootKernel: the stamp early answers read', () => {
  const placeOf = (config: Config) => ({ projectRoot: dirs.project, dirs: { config: config.configDir, data: config.dataDir, cache: config.cacheDir }, version: config.version });

  it('records the keys of config files a boot read without a word, and nothing when it warned, had --set or a LOOM_* setting', async () => {
    const config = await loadConfig();
    const project = join(dirs.project, 'loom.config.json');
    writeFileSync(project, JSON.stringify({ logLevel: 'warn' }));
    await boot(request(config, { assignments: ['logLevel=warn'] }));
    expect(stampedKeys(placeOf(config))).toBeUndefined();
    vi.stubEnv('LOOM_LOG_LEVEL', 'warn');
    await boot(request(config));
    expect(stampedKeys(placeOf(config))).toBeUndefined();
    vi.unstubAllEnvs();
    await boot(request(config));
    expect(stampedKeys(placeOf(config))).toEqual(['logLevel']);
    // An unknown key is a warning: the files are not stamped as they are now.
    output = capture();
    writeFileSync(project, JSON.stringify({ logLevel: 'warn', nonsense: 1 }));
    await boot(request(config));
    output.restore();
    expect(output.stderr()).toContain('nonsense');
    expect(stampedKeys(placeOf(config))).toBeUndefined();
  });

  it('records nothing when a plugin logged an error during the boot, though the boot went on', async () => {
    const config = await loadConfig(['logs-error']);
    writeFileSync(join(dirs.project, 'loom.config.json'), JSON.stringify({ logLevel: 'warn' }));
    output = capture();
    const kernel = await boot(request(config));
    output.restore();
    expect(output.stderr()).toContain('could not reach its index');
    expect(kernel.status().find((status) => status.name === 'logs-error')?.state).toBe('ready');
    expect(stampedKeys(placeOf(config))).toBeUndefined();
  });

  it('writes none without config files: there is nothing to vouch for', async () => {
    const config = await loadConfig();
    await boot(request(config));
    expect(existsSync(join(config.cacheDir, 'early-answers'))).toBe(false);
  });
});

describe('pathsFor', () => {
  it('takes the user dirs from oclif’s config and the project from the cwd', async () => {
    const config = await loadConfig();
    writeFileSync(join(dirs.project, 'loom.config.json'), '{}');
    const nested = join(dirs.project, 'src', 'deep');
    mkdirSync(nested, { recursive: true });
    expect(pathsFor(config, nested)).toEqual({
      projectRoot: dirs.project,
      stateDir: join(dirs.project, '.loom'),
      projectConfigFile: join(dirs.project, 'loom.config.json'),
      userConfigDir: dirs.configDir,
      userConfigFile: join(dirs.configDir, 'config.json'),
      dataDir: dirs.dataDir,
      cacheDir: dirs.cacheDir,
    });
  });
});

describe('configFileLayers', () => {
  it('is empty when neither config file exists', async () => {
    expect(configFileLayers(pathsFor(await loadConfig(), dirs.project))).toEqual([]);
  });

  it('lists the user file, then the project file, skipping a missing one', async () => {
    const paths = pathsFor(await loadConfig(), dirs.project);
    writeFileSync(paths.projectConfigFile, JSON.stringify({ logLevel: 'info' }));
    expect(configFileLayers(paths)).toEqual([{ source: paths.projectConfigFile, values: { logLevel: 'info' }, trusted: false }]);
    writeFileSync(paths.userConfigFile, JSON.stringify({ logLevel: 'debug' }));
    expect(configFileLayers(paths)).toEqual([
      { source: paths.userConfigFile, values: { logLevel: 'debug' } },
      { source: paths.projectConfigFile, values: { logLevel: 'info' }, trusted: false },
    ]);
  });

  it('marks the project file trusted once `loom trust` recorded it, and untrusted again when it changes', async () => {
    const paths = pathsFor(await loadConfig(), dirs.project);
    writeFileSync(paths.projectConfigFile, JSON.stringify({ logLevel: 'info' }));
    await trustConfig(paths.dataDir, paths.projectConfigFile);
    expect(configFileLayers(paths)[0]?.trusted).toBe(true);
    writeFileSync(paths.projectConfigFile, JSON.stringify({ logLevel: 'debug' }));
    expect(configFileLayers(paths)[0]?.trusted).toBe(false);
  });

  it('fails on a file that is not JSON', async () => {
    const paths = pathsFor(await loadConfig(), dirs.project);
    writeFileSync(paths.userConfigFile, '{ nope');
    const error = (() => {
      try {
        configFileLayers(paths);
      } catch (thrown) {
        return thrown as LoomError;
      }
      throw new Error('expected a throw');
    })();
    expect(error.code).toBe('CONFIG_PARSE_ERROR');
    expect(error.message).toContain(paths.userConfigFile);
  });
});

describe('bootKernel', () => {
  it('starts a kernel with every plugin of the CLI set up', async () => {
    const config = await loadConfig(['third-party', 'broken']);
    output = capture();
    const kernel = await boot(request(config));
    const statuses = kernel.status().sort((a, b) => a.origin.localeCompare(b.origin));
    expect(statuses.map(({ name, origin, firstParty, state, error }) => ({ name, origin, firstParty, state, code: error?.code }))).toEqual([
      { name: 'loom-fixture-broken', origin: 'loom-fixture-broken', firstParty: false, state: 'failed', code: 'PLUGIN_NOT_A_PLUGIN' },
      { name: 'fixture', origin: 'loom-fixture-cli', firstParty: true, state: 'ready', code: undefined },
      { name: 'third', origin: 'loom-fixture-third', firstParty: false, state: 'ready', code: undefined },
    ]);
    expect(calls).toEqual(['setup third', 'setup fixture {}']);
    await kernel.dispose();
    expect(calls).toEqual(['setup third', 'setup fixture {}', 'dispose fixture', 'dispose third']);
  });

  it('gives the kernel the request’s paths and signal', async () => {
    const config = await loadConfig();
    const controller = new AbortController();
    const kernel = await boot(request(config, { signal: controller.signal }));
    expect(kernel.paths).toEqual(pathsFor(config, dirs.project));
    expect(kernel.get(CoreTokens.Signal)).toBe(controller.signal);
    expect(kernel.get(CoreTokens.Paths)).toBe(kernel.paths);
  });

  it('layers user file < project file < LOOM_* env < --set assignments', async () => {
    const config = await loadConfig();
    const paths = pathsFor(config, dirs.project);
    writeFileSync(paths.userConfigFile, JSON.stringify({ logLevel: 'error', fixture: { a: 'user', b: 'user', c: 'user', d: 'user' } }));
    writeFileSync(paths.projectConfigFile, JSON.stringify({ fixture: { b: 'project', c: 'project', d: 'project' } }));
    vi.stubEnv('LOOM_FIXTURE__C', 'env');
    vi.stubEnv('LOOM_FIXTURE__D', 'env');
    const kernel = await boot(request(config, { assignments: ['fixture.d=flag', 'logLevel=info'] }));
    expect(kernel.validatedConfig()).toMatchObject({ logLevel: 'info', fixture: { a: 'user', b: 'project', c: 'env', d: 'flag' } });
    expect(['fixture.a', 'fixture.b', 'fixture.c', 'fixture.d', 'logLevel'].map((key) => kernel.configOrigin(key))).toEqual([
      paths.userConfigFile,
      paths.projectConfigFile,
      'env',
      'flags',
      'flags',
    ]);
    expect(calls).toEqual(['setup fixture {"a":"user","b":"project","c":"env","d":"flag"}']);
  });

  it('rejects an assignment that is not key=value', async () => {
    const error = await rejection(boot(request(await loadConfig(), { assignments: ['logLevel'] })));
    expect(error.code).toBe('CONFIG_BAD_ASSIGNMENT');
  });

  it('logs at warn while starting, then at the configured logLevel', async () => {
    const config = await loadConfig(['broken']);
    output = capture();
    const kernel = await boot(request(config, { assignments: ['logLevel=error'] }));
    expect(output.stderr()).toBe('warn: third-party plugin loom-fixture-broken disabled: loom-fixture-broken does not export a Loom plugin\n');
    kernel.logger.warn('a warning');
    kernel.logger.error('an error');
    expect(output.stderr().split('\n').slice(1)).toEqual(['error: an error', '']);
  });

  it('logs at the configured level, info included', async () => {
    const config = await loadConfig();
    output = capture();
    const kernel = await boot(request(config, { assignments: ['logLevel=info'] }));
    kernel.logger.debug('hidden');
    kernel.logger.info('shown');
    expect(output.stderr()).toBe('shown\n');
  });

  it('logs everything when verbose, whatever logLevel says', async () => {
    const config = await loadConfig();
    output = capture();
    const kernel = await boot(request(config, { assignments: ['logLevel=silent'], verbose: true }));
    kernel.logger.debug('details');
    expect(output.stderr()).toBe('debug: details\n');
  });

  it('throws a first-party plugin’s failure when strict, disposing the plugins already set up', async () => {
    const config = await loadConfig(['third-party']);
    const error = await rejection(boot(request(config, { assignments: ['fixture.fail=true'] })));
    expect(error.code).toBe('PLUGIN_SETUP_FAILED');
    expect(error.plugin).toBe('fixture');
    expect(error.message).toBe('fixture setup failed on purpose');
    expect(calls).toEqual(['setup third', 'setup fixture {"fail":true}', 'dispose third']);
  });

  it('records a first-party plugin’s failure when not strict', async () => {
    const config = await loadConfig(['third-party']);
    output = capture();
    const kernel = await boot(request(config, { assignments: ['fixture.fail=true'], strict: false }));
    const fixture = kernel.status().find((status) => status.name === 'fixture');
    expect(fixture?.state).toBe('failed');
    expect(fixture?.error?.code).toBe('PLUGIN_SETUP_FAILED');
    expect(kernel.status().find((status) => status.name === 'third')?.state).toBe('ready');
    expect(output.stderr()).toBe('warn: plugin fixture disabled: fixture setup failed on purpose\n');
  });

  it('sets nothing up when setUp is false', async () => {
    const config = await loadConfig(['third-party']);
    const kernel = await boot(request(config, { setUp: false, assignments: ['logLevel=debug'] }));
    expect(calls).toEqual([]);
    expect(kernel.config.logLevel).toBe('debug');
    expect(kernel.status().map((status) => status.state)).toEqual(['ready', 'ready']);
    expect(() => kernel.get(CoreTokens.Paths)).toThrow(expect.objectContaining({ code: 'KERNEL_NOT_STARTED' }));
  });
});
