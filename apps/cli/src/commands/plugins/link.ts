import { Args, Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { checkLinkTarget, runOclifPluginsCommand } from '../../plugins/installed.js';

export default class PluginsLink extends LoomCommand {
  static override summary = 'Link a plugin folder into Loom, for development.';
  static override description = 'The folder must hold a built plugin package (package.json with `oclif` and `loom` fields). Its commands then run from that folder; rebuild it and they change.';
  static override examples = ['<%= config.bin %> plugins link ./loom-plugin-hello', '<%= config.bin %> plugins link . --no-install'];
  static override args = { path: Args.string({ description: 'Folder of the plugin package', default: '.' }) };
  static override flags = {
    install: Flags.boolean({ allowNo: true, default: true, description: 'Install its dependencies after linking.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PluginsLink);
    const root = checkLinkTarget(args.path);
    await runOclifPluginsCommand(this.config, 'plugins:link', [root, ...(flags.install ? [] : ['--no-install'])]);
  }
}
