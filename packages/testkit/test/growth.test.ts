import { describe, expect, it } from 'vitest';
import { cpuMsBestOf, measureGrowth } from '../src/growth.js';

/** Busy work proportional to `n`, that the optimiser cannot drop. */
const spin = (n: number) => {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x * 31 + i) % 1_000_003;
  return x;
};

describe('growth helpers', () => {
  it('count CPU time, not time spent waiting', () => {
    const sleeping = cpuMsBestOf(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60));
    const busy = cpuMsBestOf(() => spin(5_000_000));
    expect(sleeping).toBeLessThan(20);
    expect(busy).toBeGreaterThan(sleeping);
  });

  it('find the scale where the work is measurable, then measure four times it', () => {
    const sizes: number[] = [];
    const growth = measureGrowth((scale) => {
      sizes.push(scale);
      spin(scale * 2_000_000);
    }, { minMs: 5, maxScale: 64 });
    expect(growth).toBeDefined();
    expect(growth!.baseMs).toBeGreaterThanOrEqual(5);
    expect(sizes.at(-1)).toBe(4 * growth!.scale);
    // Linear work: four times the input takes more than twice and less than sixteen times the CPU.
    expect(growth!.quadrupledMs).toBeGreaterThan(2 * growth!.baseMs);
    expect(growth!.quadrupledMs).toBeLessThan(16 * growth!.baseMs);
  });

  it('give up when even the largest scale is too fast to measure', () => {
    expect(measureGrowth(() => undefined, { minMs: 40, maxScale: 4 })).toBeUndefined();
  });
});
