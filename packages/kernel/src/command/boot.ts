import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '@oclif/core';
import { assignmentsLayer, readConfigFile, type ConfigLayer } from '../config.js';
import { Kernel, type PluginCandidate } from '../kernel.js';
import { createLogger, type LogLevel } from '../logger.js';
import { resolvePaths, type Paths } from '../paths.js';
import { isTrusted } from '../trust.js';
import type { BootRequest } from './host.js';

type LoomField = string | { entry?: string } | undefined;

/**
 * Every oclif plugin whose package.json has a `loom` field is a kernel plugin. Plugins
 * bundled with the CLI (oclif type "core") are first-party; installed or linked ones are not.
 */
export function discoverPlugins(config: Config): PluginCandidate[] {
  return config.getPluginsList().flatMap((plugin) => {
    const field = (plugin.pjson as { loom?: LoomField }).loom;
    const entry = typeof field === 'string' ? field : field?.entry;
    if (!entry) return [];
    return [
      {
        origin: plugin.name,
        firstParty: plugin.type === 'core',
        load: () => import(pathToFileURL(join(plugin.root, entry)).href),
      },
    ];
  });
}

export function pathsFor(config: Config, cwd: string): Paths {
  return resolvePaths({ cwd, userConfigDir: config.configDir, dataDir: config.dataDir, cacheDir: config.cacheDir });
}

/** The user's file, then the project's, marked untrusted unless `loom trust` recorded it as it is now. */
export function configFileLayers(paths: Paths): ConfigLayer[] {
  const project = readConfigFile(paths.projectConfigFile);
  return [
    readConfigFile(paths.userConfigFile),
    project && { ...project, trusted: isTrusted(paths.dataDir, paths.projectConfigFile) },
  ].filter((layer): layer is ConfigLayer => layer !== undefined);
}

/** Boots the kernel of the running CLI: its plugins, its config layers, its paths. */
export async function bootKernel(request: BootRequest): Promise<Kernel> {
  const config = request.config as Config;
  const paths = pathsFor(config, request.cwd);
  let level: LogLevel = 'warn';
  const kernel = new Kernel({
    plugins: discoverPlugins(config),
    paths,
    configLayers: request.ignoreConfig ? [] : configFileLayers(paths),
    env: request.ignoreConfig ? undefined : process.env,
    flags: request.ignoreConfig ? undefined : assignmentsLayer(request.assignments),
    logger: createLogger(() => (request.verbose ? 'debug' : level)),
    signal: request.signal,
    strict: request.strict,
    setUp: request.setUp,
  });
  try {
    await kernel.start();
  } catch (error) {
    // A first-party failure aborts start after earlier plugins set up: they must not leak.
    await kernel.dispose();
    throw error;
  }
  level = kernel.config.logLevel;
  return kernel;
}
