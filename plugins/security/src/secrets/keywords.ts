/**
 * The pre-filter: one pass over the text finds every rule keyword at once (case-insensitively)
 * and decides which rules run. Most texts contain none of the provider prefixes, so most
 * regexes never run.
 *
 * The pass is an Aho–Corasick automaton compiled to a flat transition table over a small
 * alphabet (the characters keywords use, upper case folded to lower, everything else one
 * symbol): one table lookup per character whatever the number of keywords. A regex alternation
 * of the ~180 keywords costs the engine one attempt per keyword per position and runs at about
 * half the speed.
 */

export interface KeywordFilter {
  /** Indices (into the rule list the filter was built from) of the rules worth running on `text`, ascending. */
  select(text: string): number[];
}

interface Automaton {
  /** Transition table: `delta[(state << shift) | symbol]`. */
  delta: Int32Array;
  shift: number;
  /** Symbol of each ASCII code (0 for characters no keyword uses). */
  symbols: Uint8Array;
  /** Keyword indices each state completes (its own and those of its suffix states). */
  outputs: (readonly number[])[];
  hasOutput: Uint8Array;
}

function compile(keywords: readonly string[]): Automaton {
  const symbols = new Uint8Array(128);
  let alphabet = 1;
  for (const keyword of keywords) {
    for (let i = 0; i < keyword.length; i++) {
      const code = keyword.charCodeAt(i);
      if (code >= 128) throw new Error(`keyword ${JSON.stringify(keyword)}: only ASCII keywords are supported`);
      if (symbols[code] === 0) symbols[code] = alphabet++;
    }
  }
  for (let upper = 65; upper <= 90; upper++) symbols[upper] = symbols[upper + 32] ?? 0;
  let shift = 0;
  while (1 << shift < alphabet) shift++;
  const width = 1 << shift;

  // The trie.
  const children: Int32Array[] = [new Int32Array(width).fill(-1)];
  const own: number[][] = [[]];
  keywords.forEach((keyword, index) => {
    let state = 0;
    for (let i = 0; i < keyword.length; i++) {
      const symbol = symbols[keyword.charCodeAt(i)] ?? 0;
      const row = children[state] as Int32Array;
      if (row[symbol] === -1) {
        row[symbol] = children.length;
        children.push(new Int32Array(width).fill(-1));
        own.push([]);
      }
      state = row[symbol] as number;
    }
    (own[state] as number[]).push(index);
  });

  // Failure links, breadth first, folded into a complete transition table.
  const states = children.length;
  const delta = new Int32Array(states * width);
  const fail = new Int32Array(states);
  const outputs: number[][] = own.map((list) => [...list]);
  const queue: number[] = [];
  const root = children[0] as Int32Array;
  for (let symbol = 0; symbol < width; symbol++) {
    const next = root[symbol] ?? -1;
    delta[symbol] = next === -1 ? 0 : next;
    if (next !== -1) queue.push(next);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    const row = children[state] as Int32Array;
    outputs[state] = [...new Set([...(outputs[state] as number[]), ...(outputs[fail[state] as number] as number[])])];
    for (let symbol = 0; symbol < width; symbol++) {
      const next = row[symbol] ?? -1;
      const viaFail = delta[((fail[state] as number) << shift) | symbol] as number;
      if (next === -1) delta[(state << shift) | symbol] = viaFail;
      else {
        fail[next] = viaFail;
        delta[(state << shift) | symbol] = next;
        queue.push(next);
      }
    }
  }
  const hasOutput = new Uint8Array(states);
  outputs.forEach((list, state) => {
    if (list.length > 0) hasOutput[state] = 1;
  });
  return { delta, shift, symbols, outputs, hasOutput };
}

/** Builds the filter for rules given as their keyword lists; a rule without keywords always runs. */
export function createKeywordFilter(keywordLists: readonly (readonly string[])[]): KeywordFilter {
  const always: number[] = [];
  const keywordIndex = new Map<string, number>();
  const rulesOfKeyword: number[][] = [];
  keywordLists.forEach((keywords, rule) => {
    if (keywords.length === 0) always.push(rule);
    for (const raw of keywords) {
      const keyword = raw.toLowerCase();
      let index = keywordIndex.get(keyword);
      if (index === undefined) {
        index = rulesOfKeyword.length;
        keywordIndex.set(keyword, index);
        rulesOfKeyword.push([]);
      }
      (rulesOfKeyword[index] as number[]).push(rule);
    }
  });
  const keywords = [...keywordIndex.keys()];
  const automaton = compile(keywords);
  const { delta, shift, symbols, outputs, hasOutput } = automaton;
  const ruleCount = keywordLists.length;

  return {
    select(text: string): number[] {
      const selected = new Uint8Array(ruleCount);
      for (const rule of always) selected[rule] = 1;
      const seen = new Uint8Array(keywords.length);
      let remaining = keywords.length;
      let state = 0;
      const length = text.length;
      for (let i = 0; i < length && remaining > 0; i++) {
        const code = text.charCodeAt(i);
        state = delta[(state << shift) | (code < 128 ? (symbols[code] as number) : 0)] as number;
        if (hasOutput[state] === 1) {
          for (const keyword of outputs[state] as number[]) {
            if (seen[keyword] === 1) continue;
            seen[keyword] = 1;
            remaining--;
            for (const rule of rulesOfKeyword[keyword] as number[]) selected[rule] = 1;
          }
        }
      }
      const out: number[] = [];
      for (let rule = 0; rule < ruleCount; rule++) if (selected[rule] === 1) out.push(rule);
      return out;
    },
  };
}
