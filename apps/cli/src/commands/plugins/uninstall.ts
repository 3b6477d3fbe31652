import { Args } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { installedPlugins, runOclifPluginsCommand, uninstallError } from '../../plugins/installed.js';

export default class PluginsUninstall extends LoomCommand {
  static override summary = 'Remove an installed or linked plugin.';
  static override description = 'Takes the package name `loom plugins` lists; a linked plugin may also be named by its folder. With no name, the plugin linked from the current folder.';
  static override aliases = ['plugins:unlink', 'plugins:remove'];
  static override examples = ['<%= config.bin %> plugins uninstall loom-plugin-hello', '<%= config.bin %> plugins unlink ./loom-plugin-hello'];
  static override strict = false;
  static override args = { plugin: Args.string({ description: 'The package name, or the folder of a linked plugin' }) };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(PluginsUninstall);
    try {
      await runOclifPluginsCommand(this.config, 'plugins:uninstall', [...(argv as string[]), ...(flags.verbose ? ['--verbose'] : [])]);
    } catch (error) {
      throw uninstallError(error, installedPlugins(this.config).map((plugin) => plugin.name));
    }
  }
}
