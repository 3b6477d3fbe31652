import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '@oclif/core';
import { specOf, type CommandSpec, type RouterEnvironment } from '../../src/index.js';
import type { RouteSource } from '../../src/routes/index.js';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

const FIRST_PARTY = ['apps/cli', 'plugins/session', 'plugins/security', 'plugins/mega-query', 'plugins/auto-router', 'packages/llm'];
export const HELLO = join(REPO, 'examples/plugin-hello');

/** A package of the checkout as oclif would list it. */
export function sourceAt(root: string, firstParty: boolean): RouteSource {
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; loom?: string };
  return { name: pjson.name, version: pjson.version, root, entry: pjson.loom, firstParty };
}

export const firstPartySources = (): RouteSource[] => FIRST_PARTY.map((path) => sourceAt(join(REPO, path), true));

/** Command specs from the packages' built oclif manifests, as oclif's findCommand gives them. */
export function specsOf(sources: readonly RouteSource[]): (command: string) => CommandSpec | undefined {
  const commands = new Map<string, CommandSpec>();
  for (const source of sources) {
    let manifest: { commands: Record<string, Command.Loadable> };
    try {
      manifest = JSON.parse(readFileSync(join(source.root, 'oclif.manifest.json'), 'utf8')) as typeof manifest;
    } catch {
      continue;
    }
    for (const [id, command] of Object.entries(manifest.commands)) commands.set(id.split(':').join(' '), specOf(command));
  }
  // oclif's own plugins list and install plugins; their manifests are not in the checkout.
  commands.set('plugins', { args: [], flags: [] });
  commands.set('plugins install', { args: [{ name: 'plugin', required: true, description: 'Plugin to install.' }], flags: [] });
  commands.set('plugins uninstall', { args: [{ name: 'plugin', required: false, description: 'plugin to uninstall' }], flags: [] });
  return (command) => commands.get(command);
}

export function tempDir(prefix = 'loom-auto-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The router's environment over these sources, with fresh user dirs. */
export function environmentOf(sources: RouteSource[], dirs = { cacheDir: tempDir(), dataDir: tempDir() }): RouterEnvironment {
  return { sources, specOf: specsOf(sources), ...dirs };
}

/** A third-party plugin package written on disk: package.json, a `loom` entry, optionally a manifest. */
export function writePlugin(root: string, options: { name: string; version?: string; routes: unknown; commands?: Record<string, Command.Loadable> }): string {
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: options.name, version: options.version ?? '1.0.0', type: 'module', loom: './plugin.js' }));
  writeFileSync(
    join(root, 'plugin.js'),
    `export default { $loomPlugin: 1, name: ${JSON.stringify(options.name)}, version: ${JSON.stringify(options.version ?? '1.0.0')}, kernel: '^1.0.0', routes: ${JSON.stringify(options.routes)} };\n`,
  );
  writeFileSync(join(root, 'oclif.manifest.json'), JSON.stringify({ version: options.version ?? '1.0.0', commands: options.commands ?? {} }));
  return root;
}

export function copyOf(root: string): string {
  const copy = tempDir('loom-auto-copy-');
  cpSync(root, copy, { recursive: true, filter: (path) => !path.includes('node_modules') });
  // Its dependencies stay where pnpm put them.
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}
