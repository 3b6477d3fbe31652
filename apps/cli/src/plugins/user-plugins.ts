import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface PluginsFile {
  oclif?: { plugins?: unknown };
}

const fileOf = (dataDir: string): string => join(dataDir, 'package.json');

function read(dataDir: string): PluginsFile | undefined {
  try {
    return JSON.parse(readFileSync(fileOf(dataDir), 'utf8')) as PluginsFile;
  } catch {
    return undefined;
  }
}

/** An entry of oclif's list that is an installed plugin: `{ name, tag, type: 'user' }`. */
function installed(entry: unknown): entry is { name: string; tag?: unknown; type: 'user' } {
  const { name, type } = (typeof entry === 'object' && entry !== null ? entry : {}) as { name?: unknown; type?: unknown };
  return type === 'user' && typeof name === 'string';
}

/** An installed plugin as recorded: the tag it follows (`latest`, a range) and the version on disk. */
export interface UserPlugin {
  tag: string | undefined;
  version: string | undefined;
}

/**
 * The installed (not linked, not bundled) plugins as @oclif/plugin-plugins records them in the
 * data folder's package.json, read from disk: what is there now, not what the running CLI
 * loaded at its start.
 */
export function userPlugins(dataDir: string): Map<string, UserPlugin> {
  const list = read(dataDir)?.oclif?.plugins;
  if (!Array.isArray(list)) return new Map();
  return new Map(
    list.filter(installed).map((entry) => [entry.name, { tag: typeof entry.tag === 'string' ? entry.tag : undefined, version: versionOf(dataDir, entry.name) }]),
  );
}

function versionOf(dataDir: string, name: string): string | undefined {
  try {
    const { version } = JSON.parse(readFileSync(join(dataDir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

/** Sets the tag oclif records for an installed plugin (what `plugins update` follows). */
export function setUserPluginTag(dataDir: string, name: string, tag: string): void {
  const file = read(dataDir);
  const list = file?.oclif?.plugins;
  const entry = Array.isArray(list) ? list.filter(installed).find((plugin) => plugin.name === name) : undefined;
  if (entry === undefined || entry.tag === tag) return;
  entry.tag = tag;
  writeFileSync(fileOf(dataDir), `${JSON.stringify(file, null, 2)}\n`);
}
