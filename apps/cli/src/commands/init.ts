import { LoomCommand } from '@loomkit/kernel/command';
import { initProject, type InitResult } from '../init/init-project.js';

export default class Init extends LoomCommand {
  static override summary = 'Set up Loom in this project.';
  static override description = `Writes loom.config.json (with a $schema so editors complete and check it), creates the .loom/ state folder and adds it to .gitignore. Safe to run again: it only adds what is missing.

The project root is the nearest folder with loom.config.json, else the git root, else the current folder.`;
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --json'];
  static override enableJsonFlag = true;

  async run(): Promise<InitResult> {
    await this.parse(Init);
    const kernel = await this.kernel({ setUp: false });
    const result = await initProject(kernel.paths);
    if (result.changed.length === 0) this.log(`Loom is already set up in ${result.root}; nothing changed.`);
    else this.log(`Set up Loom in ${result.root}: ${result.changed.join(', ')}.`);
    return result;
  }
}
