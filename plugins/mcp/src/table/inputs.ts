import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '@oclif/core';
import { TRUST_FILE, type Paths } from '@loomkit/kernel';
import { CORE_ROUTES_FILE } from '../catalog/index.js';

type LoomField = string | { entry?: string } | undefined;

/**
 * Every file the running CLI's tool catalog depends on: for each oclif plugin (the CLI
 * itself included) its package.json, oclif manifest, routes file and Loom entry, and for a
 * linked one (oclif reads its commands, not a manifest) every file of its commands folder;
 * the user's plugin list; the user's and the project's config; the trust records.
 */
export function tableInputs(config: Config, paths: Paths): string[] {
  const files = [join(config.dataDir, 'package.json'), paths.userConfigFile, paths.projectConfigFile, join(paths.dataDir, TRUST_FILE)];
  for (const plugin of config.getPluginsList()) {
    files.push(...['package.json', 'oclif.manifest.json', CORE_ROUTES_FILE].map((name) => join(plugin.root, name)));
    const loom = (plugin.pjson as { loom?: LoomField }).loom;
    const entry = typeof loom === 'string' ? loom : loom?.entry;
    if (entry) files.push(join(plugin.root, entry));
    const commands = (plugin.pjson.oclif as { commands?: unknown } | undefined)?.commands;
    if (plugin.type === 'link' && typeof commands === 'string') files.push(...treeOf(join(plugin.root, commands)));
  }
  return [...new Set(files)];
}

/** A folder and everything in it: a file added or removed changes its folder's mtime. */
function treeOf(dir: string): string[] {
  try {
    return [dir, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name))];
  } catch {
    return [dir];
  }
}
