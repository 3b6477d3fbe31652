import { Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { describePlugin, installedPlugins, type InstalledPlugin } from '../../plugins/installed.js';

export default class Plugins extends LoomCommand {
  static override summary = 'List the installed and linked plugins.';
  static override description = 'Bundled plugins are listed with --core. `loom doctor` shows whether each one loaded, and why not.';
  static override examples = ['<%= config.bin %> plugins', '<%= config.bin %> plugins --core --json'];
  static override enableJsonFlag = true;
  static override flags = { core: Flags.boolean({ description: 'Also list the plugins bundled with Loom.' }) };

  async run(): Promise<InstalledPlugin[]> {
    const { flags } = await this.parse(Plugins);
    const plugins = installedPlugins(this.config, { core: flags.core });
    if (plugins.length === 0) this.log('No plugins installed. Add one with `loom plugins install <package>` or `loom plugins link <folder>`.');
    for (const plugin of plugins) this.log(describePlugin(plugin));
    return plugins;
  }
}
