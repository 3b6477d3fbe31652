import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../src/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['sesion', 'session', 1],
    ['securty', 'security', 1],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
  ])('%j → %j is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closest', () => {
  it('finds the nearest candidate within two edits', () => {
    expect(closest('sesion', ['security', 'session', 'shell'])).toBe('session');
    expect(closest('securty', ['session', 'security'])).toBe('security');
  });

  it('prefers a candidate the word begins, then the fewest edits', () => {
    expect(closest('doc', ['dock', 'doctor'])).toBe('dock');
    expect(closest('logLevl', ['logLevels', 'logLevel'])).toBe('logLevel');
  });

  it('gives nothing past the distance, nor for an empty word', () => {
    expect(closest('frobnicate', ['doctor', 'init'])).toBeUndefined();
    expect(closest('', ['doctor'])).toBeUndefined();
    expect(closest('abcd', ['wxyz'], 4)).toBe('wxyz');
    expect(closest('abcd', ['wxyz'], 3)).toBeUndefined();
  });
});
