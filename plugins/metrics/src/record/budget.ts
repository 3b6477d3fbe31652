import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoomError } from '@loomkit/kernel';
import { checkBudget, formatUsd, worstCaseUsd, type LlmCall } from '@loomkit/llm';
import { budgetSchema, type Budget } from '../schema.js';
import { replaceFileSync } from '../store/replace-file.js';

export const BUDGET_FILE = join('metrics', 'budget.json');

/** The budget lives in the user data folder: it is about money across every project. */
export function readBudget(dataDir: string): Budget | undefined {
  const file = join(dataDir, BUDGET_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = budgetSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new LoomError('METRICS_BUDGET_INVALID', `${file} is not a budget`, { hint: 'set it again: loom metrics budget set <usd> --per month' });
  return parsed.data;
}

export function writeBudget(dataDir: string, budget: Budget): void {
  replaceFileSync(join(dataDir, BUDGET_FILE), `${JSON.stringify(budget)}\n`);
}

/** Local midnight of the period's first day. */
export function periodStart(per: Budget['per'], now: number): number {
  const d = new Date(now);
  if (per === 'day') return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  if (per === 'week') return new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7)).getTime();
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}

const PERIODIC = { day: 'daily', week: 'weekly', month: 'monthly' } as const;

export interface BudgetGuard {
  /** Before the call spends: refuses one whose worst case would cross the budget, warns past warnAt. */
  admit(call: LlmCall): (actualUsd: number) => void;
}

/**
 * The period's spend is read once per command (from the call log, through the scan
 * cache); calls of this command are added as they settle, and calls in flight reserve
 * their worst case, the same rule as llm's own budget stage, whose check it reuses.
 */
export function createBudgetGuard(budget: Budget, spentBefore: () => number, warn: (message: string) => void): BudgetGuard {
  let before: number | undefined;
  let spent = 0;
  let reserved = 0;
  let warned = false;
  return {
    admit(call) {
      before ??= spentBefore();
      const worst = worstCaseUsd(call.request, call.price);
      checkBudget(worst, [{ name: PERIODIC[budget.per], capUsd: budget.usd, usedUsd: before + spent + reserved, hint: `raise it with \`loom metrics budget set <usd> --per ${budget.per}\`, or see where it went: loom metrics ${budget.per === 'day' ? 'hourly' : 'daily'}` }]);
      if (!warned && before + spent + reserved + worst >= budget.usd * budget.warnAt) {
        warned = true;
        warn(`this ${budget.per}'s spend (${formatUsd(before + spent)}) and this call (up to ${formatUsd(worst)}) reach ${Math.round(((before + spent + worst) / budget.usd) * 100)}% of the ${formatUsd(budget.usd)} ${PERIODIC[budget.per]} budget`);
      }
      reserved += worst;
      let settled = false;
      return (actualUsd) => {
        if (settled) return;
        settled = true;
        reserved -= worst;
        spent += actualUsd;
      };
    },
  };
}
