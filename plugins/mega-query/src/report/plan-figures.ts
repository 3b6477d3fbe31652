import type { CostPlan } from '../types.js';

/** How much smaller the compressed map is than the full pack, in percent to one decimal; undefined for an empty pack. */
export function compressionPercent(plan: CostPlan): number | undefined {
  if (plan.fullPackTokens <= 0) return undefined;
  return Math.round((1 - plan.compressedTokens / plan.fullPackTokens) * 1000) / 10;
}
