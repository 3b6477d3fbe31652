import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LoomCommand } from '@loomkit/kernel/command';
import { BUDGET_FILE } from '../../../record/budget.js';

export default class MetricsBudgetClear extends LoomCommand {
  static override summary = 'Remove the spending budget.';
  static override examples = ['<%= config.bin %> metrics budget clear'];
  static override enableJsonFlag = true;

  async run(): Promise<{ removed: boolean }> {
    await this.parse(MetricsBudgetClear);
    const kernel = await this.kernel();
    const file = join(kernel.paths.dataDir, BUDGET_FILE);
    const removed = existsSync(file);
    rmSync(file, { force: true });
    this.log(removed ? 'budget removed' : 'no budget was set');
    return { removed };
  }
}
