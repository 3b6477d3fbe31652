/** ROC metrics for the injection classifier's evaluation. */

/** Area under the ROC curve (Mann–Whitney, ties count half). */
export function rocAuc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  const all = [...positives.map((s) => [s, 1] as const), ...negatives.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && (all[j] as readonly [number, number])[0] === (all[i] as readonly [number, number])[0]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if ((all[k] as readonly [number, number])[1] === 1) rankSum += rank;
    i = j;
  }
  return (rankSum - (positives.length * (positives.length + 1)) / 2) / (positives.length * negatives.length);
}

/** The threshold (score ≥ threshold flags) with the most positives flagged and a false-positive rate ≤ `fpr` on `negatives`. */
export function thresholdForFpr(negatives: readonly number[], fpr: number): number {
  const sorted = [...negatives].sort((a, b) => b - a);
  let allowed = Math.floor(fpr * sorted.length + 1e-9);
  // Ties: never split equal scores.
  while (allowed > 0 && allowed < sorted.length && sorted[allowed - 1] === sorted[allowed]) allowed--;
  if (allowed >= sorted.length) return 0;
  const above = allowed === 0 ? 1 : (sorted[allowed - 1] as number);
  const below = sorted[allowed] as number;
  return allowed === 0 ? below + (1 - below) / 2 : (above + below) / 2;
}

export function rates(positives: readonly number[], negatives: readonly number[], threshold: number): { tpr: number; fpr: number } {
  return {
    tpr: positives.filter((s) => s >= threshold).length / Math.max(1, positives.length),
    fpr: negatives.filter((s) => s >= threshold).length / Math.max(1, negatives.length),
  };
}

/** TPR at the ROC point with FPR ≤ `fpr` (threshold chosen on these negatives). */
export function tprAtFpr(positives: readonly number[], negatives: readonly number[], fpr: number): { tpr: number; fpr: number; threshold: number } {
  const threshold = thresholdForFpr(negatives, fpr);
  return { ...rates(positives, negatives, threshold), threshold };
}
