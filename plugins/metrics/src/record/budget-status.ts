import type { Budget } from '../schema.js';
import type { MetricsService } from '../service.js';
import { periodStart, readBudget } from './budget.js';

export interface BudgetStatus {
  budget: Budget | null;
  /** What Loom's calls cost since the period began. */
  spentUsd: number;
  leftUsd: number | null;
  periodStart: number | null;
}

export function budgetStatus(service: MetricsService, dataDir: string, now: number): BudgetStatus {
  const budget = readBudget(dataDir) ?? null;
  if (!budget) return { budget, spentUsd: 0, leftUsd: null, periodStart: null };
  const since = periodStart(budget.per, now);
  const spentUsd = service.report({ kind: 'model', source: 'loom', since }).totals.costUsd;
  return { budget, spentUsd, leftUsd: Math.max(0, budget.usd - spentUsd), periodStart: since };
}
