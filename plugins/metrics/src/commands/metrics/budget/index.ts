import { CoreTokens } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { formatUsd } from '@loomkit/llm';
import { budgetStatus, type BudgetStatus } from '../../../record/budget-status.js';
import { MetricsToken } from '../../../tokens.js';

export default class MetricsBudget extends LoomCommand {
  static override summary = 'Show the spending budget and how much of it is used.';
  static override description = 'The budget covers Loom\'s own calls, across every project on this machine. A call whose worst case would cross it is refused before it is sent; past the warning share, each command says so once.';
  static override examples = ['<%= config.bin %> metrics budget', '<%= config.bin %> metrics budget --json'];
  static override enableJsonFlag = true;

  async run(): Promise<BudgetStatus> {
    await this.parse(MetricsBudget);
    const kernel = await this.kernel();
    const status = budgetStatus(kernel.get(MetricsToken), kernel.paths.dataDir, kernel.get(CoreTokens.Clock).now());
    if (!status.budget) this.log('no budget set: loom metrics budget set 50 --per month');
    else this.log(`${formatUsd(status.spentUsd)} of ${formatUsd(status.budget.usd)} this ${status.budget.per} (${formatUsd(status.leftUsd!)} left; warning at ${Math.round(status.budget.warnAt * 100)}%)`);
    return status;
  }
}
