import { Args } from '@oclif/core';
import { LoomCommand } from '@loomkit/kernel/command';
import { getEntry, type ConfigEntry } from '../../config/config-store.js';

export default class ConfigGet extends LoomCommand {
  static override summary = 'Print the value of one config key.';
  static override description = 'Strings print bare, other values as JSON, so the output drops into scripts. --json adds the origin.';
  static override examples = ['<%= config.bin %> config get logLevel', '<%= config.bin %> config get kernel.phaseTimeoutMs --json'];
  static override enableJsonFlag = true;
  static override args = { key: Args.string({ description: 'Dotted key, e.g. kernel.phaseTimeoutMs', required: true }) };

  async run(): Promise<ConfigEntry> {
    const { args } = await this.parse(ConfigGet);
    const entry = getEntry(await this.kernel({ setUp: false }), args.key);
    this.log(typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value));
    return entry;
  }
}
