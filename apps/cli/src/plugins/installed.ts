import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closest, LoomError, statSyncSafe } from '@loomkit/kernel';
import type { Config } from '@oclif/core';

/** One plugin as `loom plugins` shows it: what a user needs, none of oclif's internals. */
export interface InstalledPlugin {
  name: string;
  version: string;
  /** `core` (bundled), `user` (installed) or `link` (linked). */
  type: string;
  root: string;
  commands: string[];
}

const OCLIF_PLUGINS = '@oclif/plugin-plugins';

/** Every plugin but the CLI itself; bundled ones only when asked. */
export function installedPlugins(config: Config, { core = false } = {}): InstalledPlugin[] {
  return config
    .getPluginsList()
    .filter((plugin) => !plugin.isRoot && (core || plugin.type !== 'core'))
    .map((plugin) => ({
      name: plugin.name,
      version: plugin.version,
      type: plugin.type,
      root: plugin.root,
      commands: plugin.commands.filter((command) => !command.hidden).map((command) => command.id.replaceAll(':', ' ')).sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `name 1.0.0`, plus `(link) /path` or `(core)` as oclif's own list prints them. */
export function describePlugin(plugin: InstalledPlugin): string {
  const origin = plugin.type === 'link' ? ` (link) ${plugin.root}` : plugin.type === 'core' ? ' (core)' : '';
  return `${plugin.name} ${plugin.version}${origin}`;
}

export function findInstalled(config: Config, name: string): InstalledPlugin {
  const all = installedPlugins(config, { core: true });
  const found = all.find((plugin) => plugin.name === name);
  if (found) return found;
  throw notInstalled(name, all.map((plugin) => plugin.name), 'loom plugins --core');
}

/** No plugin answers to `name`: the nearest of `names`, and the command that lists them. */
function notInstalled(name: string, names: string[], list: string, cause?: unknown): LoomError {
  const nearest = closest(name, names);
  return new LoomError('PLUGIN_NOT_INSTALLED', `no plugin named "${name}" is installed`, {
    hint: nearest ? `did you mean ${nearest}? \`${list}\` lists them all` : `\`${list}\` lists the installed plugins`,
    cause,
  });
}

/** Whether `path` is a folder (a FIFO stat'd the plain way would break the next import: statSyncSafe). */
export const isFolder = (path: string): boolean => existsSync(path) && statSyncSafe(path).isDirectory();

/** A folder with a package.json, or one clear line saying what is missing. */
export function checkLinkTarget(path: string, cwd = process.cwd()): string {
  const root = resolve(cwd, path);
  const folder = isFolder(root);
  if (!folder || !existsSync(join(root, 'package.json'))) {
    throw new LoomError('PLUGIN_LINK_NOT_FOUND', folder ? `${root} has no package.json` : `${root} is not a folder`, {
      hint: 'give the folder of a plugin package: `loom plugins link ./my-plugin`',
    });
  }
  return root;
}

/** Runs @oclif/plugin-plugins' own command, which the CLI's command of the same id shadows. */
export async function runOclifPluginsCommand(config: Config, id: string, argv: string[]): Promise<unknown> {
  const command = await config.plugins.get(OCLIF_PLUGINS)?.findCommand(id, { must: true });
  return command!.run(argv, config);
}

/**
 * @oclif/plugin-plugins' uninstall errors as Loom says them (its own are parse-style, exit 2,
 * "see --help"): a name nothing answers to, with the nearest installed one. Anything else is
 * returned as it is.
 */
export function uninstallError(error: unknown, installed: string[]): unknown {
  const message = error instanceof Error ? error.message : '';
  const parent = /^(.+) is installed via plugin (.+), uninstall .+ instead$/.exec(message);
  if (parent) {
    return new LoomError('PLUGIN_INSTALLED_BY_ANOTHER', `${parent[1]} came with the plugin ${parent[2]}`, { hint: `uninstall that one: loom plugins uninstall ${parent[2]}`, cause: error });
  }
  const missing = /^(.+) is not installed$/.exec(message);
  if (!missing) return error;
  const name = missing[1]!;
  if (name === '.') {
    return new LoomError('PLUGIN_NOT_INSTALLED', 'no plugin is linked from this folder', {
      hint: installed.length > 0 ? `name one: loom plugins uninstall <name> (installed: ${installed.join(', ')})` : 'no plugins are installed or linked; `loom plugins --core` lists the bundled ones',
      cause: error,
    });
  }
  return notInstalled(name, installed, 'loom plugins', error);
}
