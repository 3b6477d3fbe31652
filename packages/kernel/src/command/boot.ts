import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '@oclif/core';
import { assignmentsLayer, readConfigFile, type ConfigLayer } from '../config.js';
import { Kernel, type PluginCandidate } from '../kernel.js';
import { configFingerprint, hasLoomSettings, keyPaths, writeEarlyStamp } from '../early-stamp.js';
import { createLogger, stderrSink, type LogLevel, type LogSink } from '../logger.js';
import { resolvePaths, type Paths } from '../paths.js';
import { isTrusted } from '../trust.js';
import { LoomError } from '../errors.js';
import type { BootRequest } from './host.js';
import { isolatedImport } from './isolated-import.js';

/** Where `isolatedImport` remembers third-party entry modules that loaded in time. */
const PROBE_CACHE = 'plugin-probes.json';

/**
 * Every oclif plugin whose package.json has a `loom` field is a kernel plugin. Plugins
 * bundled with the CLI (oclif type "core") are first-party and imported directly;
 * installed or linked ones are not, and their entry is imported under a deadline that a
 * busy loop cannot defeat. A `loom` field that names no entry is a failing candidate, so
 * doctor shows it instead of the plugin vanishing.
 */
export function discoverPlugins(config: Config): PluginCandidate[] {
  return config.getPluginsList().flatMap((plugin): PluginCandidate[] => {
    const field: unknown = (plugin.pjson as { loom?: unknown }).loom;
    if (field === undefined) return [];
    const firstParty = plugin.type === 'core';
    const entry = loomEntry(field);
    if (entry === undefined) {
      return [{ origin: plugin.name, firstParty, load: () => { throw malformedField(plugin.name, field); } }];
    }
    const url = pathToFileURL(join(plugin.root, entry)).href;
    const cacheFile = join(config.cacheDir, PROBE_CACHE);
    return [
      {
        origin: plugin.name,
        firstParty,
        load: ({ deadline }) => (firstParty ? import(url) : isolatedImport(url, { plugin: plugin.name, deadline, cacheFile })),
      },
    ];
  });
}

/** `"loom": "./dist/index.js"` or `"loom": { "entry": "./dist/index.js" }`. */
function loomEntry(field: unknown): string | undefined {
  const entry = typeof field === 'object' && field !== null && !Array.isArray(field) ? (field as { entry?: unknown }).entry : field;
  return typeof entry === 'string' && entry.trim() !== '' ? entry : undefined;
}

function malformedField(plugin: string, field: unknown): LoomError {
  return new LoomError('PLUGIN_MANIFEST_INVALID', `${plugin}: package.json "loom" must name the entry module, got ${JSON.stringify(field)}`, {
    hint: 'write "loom": "./dist/index.js" (or { "entry": "./dist/index.js" }) in its package.json, or report it to its authors',
    plugin,
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
  let warned = false;
  const sink: LogSink = (at, line) => {
    if (at === 'warn' || at === 'error') warned = true;
    stderrSink(at, line);
  };
  const place = { projectRoot: paths.projectRoot, dirs: { config: config.configDir, data: config.dataDir, cache: config.cacheDir }, version: config.version };
  // Taken (before the files are read) only when this boot could stamp them: config files alone, no --set, no LOOM_* setting.
  const stampable = !request.ignoreConfig && request.assignments.length === 0 && !hasLoomSettings(process.env) && (existsSync(paths.userConfigFile) || existsSync(paths.projectConfigFile));
  const fingerprint = stampable ? configFingerprint(place) : undefined;
  const files = request.ignoreConfig ? [] : configFileLayers(paths);
  const kernel = new Kernel({
    plugins: discoverPlugins(config),
    paths,
    configLayers: files,
    env: request.ignoreConfig ? undefined : process.env,
    flags: request.ignoreConfig ? undefined : assignmentsLayer(request.assignments),
    logger: createLogger(() => (request.verbose ? 'debug' : level), sink),
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
  // The config files alone made this boot, and it said nothing: early answers may trust them as they are.
  if (fingerprint !== undefined && files.length > 0 && !warned) writeEarlyStamp(place, fingerprint, files.flatMap((layer) => keyPaths(layer.values)));
  return kernel;
}
