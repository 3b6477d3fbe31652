import { Args, Flags } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { checkInstallSpec, installError, type Aftermath } from '../../plugins/install-spec.js';
import { runOclifPluginsCommand } from '../../plugins/installed.js';
import { setUserPluginTag, userPlugins, type UserPlugin } from '../../plugins/user-plugins.js';

export default class PluginsInstall extends LoomCommand {
  static override summary = 'Install a plugin from the npm registry.';
  static override description = `Runs npm to install the package into Loom's data folder; its commands are there on the next run. A plugin gets its own copy of @loomkit/kernel and its services from the running Loom.

Takes npm names (with a tag or version: loom-plugin-hello@1.2.0), a packed tarball as a file: spec, or a GitHub slug (someuser/someplugin). For a plugin folder on disk use \`loom plugins link\`. npm's own settings (.npmrc) choose the registry.`;
  static override aliases = ['plugins:add'];
  static override examples = [
    '<%= config.bin %> plugins install loom-plugin-hello',
    '<%= config.bin %> plugins install @acme/loom-plugin-lint@2.1.0',
    '<%= config.bin %> plugins install file:./loom-plugin-hello-1.0.0.tgz',
  ];
  static override enableJsonFlag = true;
  static override strict = false;
  static override args = { plugin: Args.string({ description: 'The package: an npm name (name@tag), a file: tarball, or a GitHub slug', required: true }) };
  static override flags = {
    force: Flags.boolean({ char: 'f', description: 'Have npm fetch again what it has cached.' }),
    silent: Flags.boolean({ char: 's', description: "Print none of npm's output (--verbose prints all of it).", exclusive: ['verbose'] }),
  };

  async run(): Promise<{ installed: Array<{ name: string; version: string }> }> {
    const { argv, flags } = await this.parse(PluginsInstall);
    // Every spec is checked before npm runs for any of them.
    const specs = (argv as string[]).map((spec) => checkInstallSpec(spec));
    // npm's output goes to stdout: with --json it would break the JSON.
    const silent = flags.silent || this.jsonEnabled();
    const passed = [flags.force && '--force', silent && '--silent', flags.verbose && '--verbose'].filter((flag): flag is string => typeof flag === 'string');
    const before = userPlugins(this.config.dataDir);
    // One at a time, as oclif's command does: an error then names the package it is about.
    for (const spec of specs) {
      try {
        await runOclifPluginsCommand(this.config, 'plugins:install', [spec, ...passed]);
      } catch (error) {
        throw installError(error, spec, await this.putBack(before));
      }
    }
    // Read from disk: oclif's command works on a config of its own. A reinstall of the same version changes nothing.
    const installed = [...userPlugins(this.config.dataDir)].flatMap(([name, { version }]) => (version !== undefined && before.get(name)?.version !== version ? [{ name, version }] : []));
    return { installed };
  }

  /**
   * oclif uninstalls the package a failed install named: a mistyped version of an installed
   * plugin (`hello@9.9.9`) would take the working one with it. Each plugin installed before and
   * gone now is installed again at the version it had, following the tag it followed.
   */
  private async putBack(before: Map<string, UserPlugin>): Promise<Aftermath> {
    const now = userPlugins(this.config.dataDir);
    const aftermath: Aftermath = { restored: [], lost: [] };
    for (const [name, { version, tag }] of before) {
      if (now.has(name)) continue;
      const spec = version === undefined ? name : `${name}@${version}`;
      try {
        await runOclifPluginsCommand(this.config, 'plugins:install', [spec, '--silent']);
        if (tag !== undefined) setUserPluginTag(this.config.dataDir, name, tag);
        aftermath.restored.push(spec);
      } catch {
        aftermath.lost.push(spec);
      }
    }
    return aftermath;
  }
}
