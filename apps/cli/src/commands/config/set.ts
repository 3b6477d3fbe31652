import { Args, Flags } from '@oclif/core';
import { LoomCommand, discoverPlugins, pathsFor } from '@loomkit/kernel/command';
import { changeConfig, type ChangeResult } from '../../config/config-store.js';

export default class ConfigSet extends LoomCommand {
  static override summary = 'Set a config key in the project file (or the user file with --user).';
  static override description = `The value is read as JSON when it is JSON (numbers, true/false, arrays, objects), else as a string. The whole config is checked with the change applied before anything is written; a bad value names the key and what was expected.`;
  static override examples = [
    '<%= config.bin %> config set logLevel info',
    '<%= config.bin %> config set kernel.phaseTimeoutMs 20000 --user',
    `<%= config.bin %> config set kernel.disabledPlugins '["hello"]'`,
  ];
  static override enableJsonFlag = true;
  static override args = {
    key: Args.string({ description: 'Dotted key, e.g. logLevel', required: true }),
    value: Args.string({ description: 'New value (JSON or a plain string)', required: true }),
  };
  static override flags = {
    user: Flags.boolean({ description: 'Write the user file instead of the project loom.config.json.' }),
  };

  async run(): Promise<ChangeResult> {
    const { args, flags } = await this.parse(ConfigSet);
    // No kernel boot: the config being repaired may be the reason a boot would fail.
    const result = await changeConfig({ paths: pathsFor(this.config, process.cwd()), plugins: discoverPlugins(this.config), scope: flags.user ? 'user' : 'project', key: args.key, raw: args.value });
    this.log(`${result.key} = ${JSON.stringify(result.value)} (${result.file})`);
    return result;
  }
}
