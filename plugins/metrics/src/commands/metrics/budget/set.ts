import { Args, Flags } from '@oclif/core';
import { CoreTokens, LoomError } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { formatUsd } from '@loomkit/llm';
import { writeBudget } from '../../../record/budget.js';
import { budgetStatus, type BudgetStatus } from '../../../record/budget-status.js';
import { MetricsToken } from '../../../tokens.js';

export default class MetricsBudgetSet extends LoomCommand {
  static override summary = 'Set a spending budget per day, week or month.';
  static override description = 'Before each call, Loom adds the call\'s worst case (all input uncached, all max_tokens) to what this period has cost so far; a call that would cross the budget is refused before anything is sent, with what is left. Past --warn-at of the budget, a command warns once.';
  static override examples = ['<%= config.bin %> metrics budget set 50', '<%= config.bin %> metrics budget set 5 --per day', '<%= config.bin %> metrics budget set 100 --per month --warn-at 0.9'];
  static override enableJsonFlag = true;
  static override args = { usd: Args.string({ description: 'The budget in US dollars, e.g. 50.', required: true }) };
  static override flags = {
    per: Flags.string({ description: 'The period it covers.', options: ['day', 'week', 'month'], default: 'month' }),
    'warn-at': Flags.string({ description: 'Share of the budget (0–1) past which commands warn.', default: '0.8' }),
  };

  async run(): Promise<BudgetStatus> {
    const { args, flags } = await this.parse(MetricsBudgetSet);
    const usd = Number(args.usd.replace(/^\$/, ''));
    const warnAt = Number(flags['warn-at']);
    if (!(usd > 0)) throw new LoomError('METRICS_BUDGET_INVALID', `${args.usd} is not an amount of dollars`, { hint: 'e.g. loom metrics budget set 50 --per month' });
    if (!(warnAt >= 0 && warnAt <= 1)) throw new LoomError('METRICS_BUDGET_INVALID', `--warn-at ${flags['warn-at']} is not between 0 and 1`, { hint: 'e.g. --warn-at 0.8 to warn at 80%' });
    const kernel = await this.kernel();
    writeBudget(kernel.paths.dataDir, { usd, per: flags.per as 'day' | 'week' | 'month', warnAt });
    const status = budgetStatus(kernel.get(MetricsToken), kernel.paths.dataDir, kernel.get(CoreTokens.Clock).now());
    this.log(`budget ${formatUsd(usd)} per ${flags.per}; ${formatUsd(status.spentUsd)} spent so far this ${flags.per}`);
    return status;
  }
}
