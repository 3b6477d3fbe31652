/** A small seeded PRNG (mulberry32): same seed, same sequence, on every machine. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The real API's ids are a prefix, "01", then 22 base58 characters.
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export type IdKind = 'msg' | 'toolu' | 'msgbatch' | 'req';

/** Makes ids shaped like the real ones (`msg_01…`, `toolu_01…`, `msgbatch_01…`, `req_01…`). */
export function idMaker(seed: number): (kind: IdKind) => string {
  const random = prng(seed ^ 0x5eed);
  return (kind) => {
    let tail = '';
    for (let i = 0; i < 22; i++) tail += BASE58[Math.floor(random() * BASE58.length)];
    return `${kind}_01${tail}`;
  };
}
