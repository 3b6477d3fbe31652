/**
 * A 53-bit hash of a string (two 32-bit FNV-1a variants, one with a final mix), exact in a
 * JS number: response ids are remembered as numbers in typed arrays, not as strings.
 */
export function hash53(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    a = Math.imul(a ^ char, 0x01000193);
    b = Math.imul(b ^ char, 0x5bd1e995);
    b ^= b >>> 15;
  }
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b ^= b >>> 16;
  return (b >>> 11) * 0x100000000 + (a >>> 0);
}
