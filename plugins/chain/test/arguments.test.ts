import { describe, expect, it } from 'vitest';
import { capMaxCost } from '../src/execute/arguments.js';

describe('capMaxCost: a step cannot raise the run\'s --max-cost', () => {
  it('lowers a larger cap, keeps a smaller one, in both flag forms', () => {
    expect(capMaxCost(['query', 'mega', '--max-cost', '5', '.'], 2)).toEqual(['query', 'mega', '--max-cost', '2', '.']);
    expect(capMaxCost(['ask', 'hi', '--max-cost=0.5'], 2)).toEqual(['ask', 'hi', '--max-cost=0.5']);
    expect(capMaxCost(['ask', 'hi', '--max-cost=9'], 2)).toEqual(['ask', 'hi', '--max-cost=2']);
    expect(capMaxCost(['ask', '--max-cost', 'lots'], 1.5)).toEqual(['ask', '--max-cost', '1.5']);
  });

  it('leaves the words alone when the run has no cap', () => {
    expect(capMaxCost(['ask', '--max-cost', '5'], undefined)).toEqual(['ask', '--max-cost', '5']);
  });
});
