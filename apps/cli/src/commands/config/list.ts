import { LoomCommand, renderTable } from '@loomkit/kernel/command';
import { listEntries, type ConfigEntry } from '../../config/config-store.js';

export default class ConfigList extends LoomCommand {
  static override summary = 'Show every config key, its value and where it came from.';
  static override description = `Values are layered: defaults < user file (XDG config dir) < project loom.config.json < LOOM_* environment < --set flags. The origin column names the layer that won.`;
  static override examples = ['<%= config.bin %> config list', '<%= config.bin %> config list --json', 'LOOM_LOG_LEVEL=debug <%= config.bin %> config list'];
  static override enableJsonFlag = true;

  async run(): Promise<{ entries: ConfigEntry[] }> {
    await this.parse(ConfigList);
    const entries = listEntries(await this.kernel({ setUp: false }));
    this.log(renderTable(['key', 'value', 'origin'], entries.map((entry) => [entry.key, JSON.stringify(entry.value), entry.origin])));
    return { entries };
  }
}
