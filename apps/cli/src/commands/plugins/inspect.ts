import { Args } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { describePlugin, findInstalled, type InstalledPlugin } from '../../plugins/installed.js';

export default class PluginsInspect extends LoomCommand {
  static override summary = 'Show one installed plugin: version, where it is, its commands.';
  static override examples = ['<%= config.bin %> plugins inspect loom-plugin-hello', '<%= config.bin %> plugins inspect @loomkit/plugin-session --json'];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: 'The package name, as `loom plugins --core` lists it', required: true }) };

  async run(): Promise<InstalledPlugin> {
    const { args } = await this.parse(PluginsInspect);
    const plugin = findInstalled(this.config, args.name);
    this.log(describePlugin(plugin));
    this.log(`  location  ${plugin.root}`);
    this.log(`  commands  ${plugin.commands.join(', ') || '(none)'}`);
    return plugin;
  }
}
