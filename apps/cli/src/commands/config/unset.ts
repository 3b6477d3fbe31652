import { Args, Flags } from '@oclif/core';
import { LoomCommand, discoverPlugins, pathsFor } from '@loomkit/kernel/command';
import { changeConfig, type ChangeResult } from '../../config/config-store.js';

export default class ConfigUnset extends LoomCommand {
  static override summary = 'Remove a key from the project file (or the user file with --user).';
  static override description = 'The key falls back to the next layer down: the user file, then the default.';
  static override examples = ['<%= config.bin %> config unset logLevel', '<%= config.bin %> config unset logLevel --user'];
  static override enableJsonFlag = true;
  static override args = { key: Args.string({ description: 'Dotted key to remove', required: true }) };
  static override flags = { user: Flags.boolean({ description: 'Edit the user file instead of the project loom.config.json.' }) };

  async run(): Promise<ChangeResult> {
    const { args, flags } = await this.parse(ConfigUnset);
    // No kernel boot: the config being repaired may be the reason a boot would fail.
    const result = await changeConfig({ paths: pathsFor(this.config, process.cwd()), plugins: discoverPlugins(this.config), scope: flags.user ? 'user' : 'project', key: args.key, raw: undefined });
    this.log(`removed ${result.key} from ${result.file}`);
    return result;
  }
}
