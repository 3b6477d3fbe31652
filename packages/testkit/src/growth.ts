/**
 * How a test checks that work grows linearly without a clock limit: CPU time of this process
 * (user + system), best of three, so time spent waiting for a busy machine's cores does not
 * count; then four times the input against the base, in the same run.
 */
export function cpuMsBestOf(work: () => void, runs = 3): number {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = process.cpuUsage();
    work();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

export interface Growth {
  /** The size factor the base was measured at (doubled until the base took `minMs`). */
  scale: number;
  baseMs: number;
  /** CPU time at four times that size. */
  quadrupledMs: number;
}

/**
 * Runs `work(scale)` at doubling scales until it takes `minMs` of CPU (timer noise small beside
 * it; at most `maxScale`), then at four times that scale. Undefined when even `maxScale` stays
 * under `minMs`: too fast for growth to be measured.
 */
export function measureGrowth(work: (scale: number) => void, { minMs = 40, maxScale = 8 } = {}): Growth | undefined {
  let scale = 1;
  let baseMs = cpuMsBestOf(() => work(scale));
  while (baseMs < minMs && scale < maxScale) {
    scale *= 2;
    baseMs = cpuMsBestOf(() => work(scale));
  }
  if (baseMs < minMs) return undefined;
  return { scale, baseMs, quadrupledMs: cpuMsBestOf(() => work(4 * scale)) };
}
