import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bagCount, bagLength, isTermBag, termBag } from '../src/repomap/term-bag.js';
import { termsOf } from '../src/repomap/terms.js';

// Real text nobody here wrote: zod's TypeScript sources.
const ZOD_CORE = join(dirname(createRequire(import.meta.url).resolve('zod/package.json')), 'src/v4/core');

describe('term bags', () => {
  it('count every term of real code as a tally of its terms does, and hold their total', () => {
    for (const name of readdirSync(ZOD_CORE).filter((file) => file.endsWith('.ts')).slice(0, 12)) {
      const terms = termsOf(readFileSync(join(ZOD_CORE, name), 'utf8'));
      const tally = new Map<string, number>();
      for (const term of terms) tally.set(term, (tally.get(term) ?? 0) + 1);
      const bag = termBag(terms);
      expect(bagLength(bag)).toBe(terms.length);
      for (const [term, count] of tally) expect(bagCount(bag, term)).toBe(count);
    }
  });

  it('give 0 for a term the text lacks, even where it starts or ends another term', () => {
    const bag = termBag(['partial', 'partial', 'par', 'art', 'tial']);
    expect([bagCount(bag, 'partial'), bagCount(bag, 'par'), bagCount(bag, 'art'), bagCount(bag, 'tial')]).toEqual([2, 1, 1, 1]);
    expect([bagCount(bag, 'part'), bagCount(bag, 'pa'), bagCount(bag, 'ial'), bagCount(bag, 'partials'), bagCount(bag, '2')]).toEqual([0, 0, 0, 0, 0]);
    expect(bagCount(termBag([]), 'a')).toBe(0);
    expect(bagLength(termBag([]))).toBe(0);
  });

  it('tell a bag from what a torn or older cache line holds', () => {
    expect(isTermBag(termBag(['a', 'b']))).toBe(true);
    expect(isTermBag(termBag([]))).toBe(true);
    expect([isTermBag({ a: 1 }), isTermBag('a:1|'), isTermBag(''), isTermBag(null), isTermBag(3)]).toEqual([false, false, false, false, false]);
  });
});
