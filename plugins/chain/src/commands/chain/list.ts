import { relative } from 'node:path';
import { LoomCommand, renderTable } from '@loomkit/kernel/command';
import { ChainToken } from '../../tokens.js';
import type { WorkflowEntry } from '../../workflows.js';

export default class ChainList extends LoomCommand {
  static override summary = 'List the workflows you can run by name: the project\'s and the built-ins.';
  static override description = 'Project workflows are the .yaml, .yml and .json files under .loom/chains/ (chain.dirs); one named like a built-in replaces it.';
  static override examples = ['<%= config.bin %> chain list', '<%= config.bin %> chain list --json'];
  static override enableJsonFlag = true;

  async run(): Promise<WorkflowEntry[]> {
    await this.parse(ChainList);
    const entries = await (await this.kernel()).get(ChainToken).list();
    this.log(renderTable(['name', 'from', 'description'], entries.map((entry) => [entry.name, entry.builtIn ? 'built-in' : relative(process.cwd(), entry.file), entry.description ?? ''])));
    return entries;
  }
}
