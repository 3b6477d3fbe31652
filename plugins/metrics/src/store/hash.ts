/**
 * A 53-bit hash of `first` (and `second` after a separator), two 32-bit FNV-1a variants, one
 * with a final mix, exact in a JS number: response ids are remembered as numbers in typed
 * arrays, not as strings. The parts are hashed one after the other rather than joined: a
 * joined (cons) string is read several times slower character by character.
 */
export function hash53(first: string, second?: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let index = 0; index < first.length; index++) {
    const char = first.charCodeAt(index);
    a = Math.imul(a ^ char, 0x01000193);
    b = Math.imul(b ^ char, 0x5bd1e995);
    b ^= b >>> 15;
  }
  if (second !== undefined) {
    // A separator no id contains, so ("ab", "c") and ("a", "bc") differ.
    a = Math.imul(a ^ 0x0a, 0x01000193);
    b = Math.imul(b ^ 0x0a, 0x5bd1e995);
    for (let index = 0; index < second.length; index++) {
      const char = second.charCodeAt(index);
      a = Math.imul(a ^ char, 0x01000193);
      b = Math.imul(b ^ char, 0x5bd1e995);
      b ^= b >>> 15;
    }
  }
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b ^= b >>> 16;
  return (b >>> 11) * 0x100000000 + (a >>> 0);
}
