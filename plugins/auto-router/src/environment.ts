import type { Command, Config } from '@oclif/core';
import type { RouterEnvironment } from './service.js';
import type { CommandSpec } from './types.js';

type LoomField = string | { entry?: string } | undefined;

/** What the router needs from the running oclif CLI: its packages and its commands' manifests. */
export function oclifEnvironment(config: Config): RouterEnvironment {
  return {
    sources: config.getPluginsList().map((plugin) => {
      const field = (plugin.pjson as { loom?: LoomField }).loom;
      return { name: plugin.name, version: plugin.version, root: plugin.root, entry: typeof field === 'string' ? field : field?.entry, firstParty: plugin.type === 'core' };
    }),
    specOf: (command) => {
      const found = config.findCommand(command.split(' ').join(':'));
      return found ? specOf(found) : undefined;
    },
    cacheDir: config.cacheDir,
    dataDir: config.dataDir,
  };
}

/** oclif's manifest entry (read from oclif.manifest.json, no command module imported) as a spec. */
export function specOf(command: Command.Loadable): CommandSpec {
  return {
    strict: command.strict !== false,
    args: Object.entries(command.args ?? {}).map(([name, arg]) => ({ name, required: Boolean(arg.required), description: arg.description ?? '' })),
    flags: Object.entries(command.flags ?? {}).map(([name, flag]) => ({
      name,
      boolean: flag.type === 'boolean',
      required: Boolean(flag.required),
      options: flag.type === 'option' && flag.options ? [...flag.options] : undefined,
      description: flag.description ?? flag.summary ?? '',
    })),
  };
}
