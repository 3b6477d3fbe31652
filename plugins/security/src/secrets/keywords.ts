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
  delta: Uint16Array;
  shift: number;
  /** Symbol of each UTF-16 code unit (0 for characters no keyword uses): a 64 KB table, no branch per character. */
  symbols: Uint8Array;
  /** Keyword indices each state completes (its own and those of its suffix states). */
  outputs: (readonly number[])[];
  /** States are numbered so that exactly those from here on complete a keyword: one compare per character. */
  firstAccepting: number;
}

function compile(keywords: readonly string[]): Automaton {
  const symbols = new Uint8Array(65536);
  let alphabet = 1;
  for (const keyword of keywords) {
    for (let i = 0; i < keyword.length; i++) {
      const code = keyword.charCodeAt(i);
      if (code >= 128) throw new Error(`keyword ${JSON.stringify(keyword)}: only ASCII keywords are supported`);
      if (symbols[code] === 0) symbols[code] = alphabet++;
      if (alphabet > 255) throw new Error('too many distinct keyword characters');
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
  if (states > 65535) throw new Error(`too many keyword states (${states})`);
  const delta = new Uint16Array(states * width);
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
  // Renumber: states completing no keyword first (the root stays 0), the accepting ones last.
  const order = [...Array(states).keys()].sort((a, b) => Number((outputs[a] as number[]).length > 0) - Number((outputs[b] as number[]).length > 0) || a - b);
  const renumbered = new Uint16Array(states);
  order.forEach((state, id) => {
    renumbered[state] = id;
  });
  const table = new Uint16Array(states * width);
  for (let state = 0; state < states; state++) {
    const from = (renumbered[state] as number) << shift;
    for (let symbol = 0; symbol < width; symbol++) table[from | symbol] = renumbered[delta[(state << shift) | symbol] as number] as number;
  }
  const firstAccepting = order.findIndex((state) => (outputs[state] as number[]).length > 0);
  return { delta: table, shift, symbols, outputs: order.map((state) => outputs[state] as number[]), firstAccepting: firstAccepting === -1 ? states : firstAccepting };
}

/**
 * The hot loop: one table step per character. It marks the accepting states it passes (their
 * keywords are read after) and, for states that complete a keyword of an anchored rule, records
 * where (pairs of end index and state in `hits`).
 */
function run(text: string, automaton: Automaton, positional: Uint8Array, reached: Uint8Array, reachedList: number[], hits: number[]): void {
  const { delta, shift, symbols, firstAccepting } = automaton;
  const length = text.length;
  let state = 0;
  for (let i = 0; i < length; i++) {
    state = delta[(state << shift) | (symbols[text.charCodeAt(i)] as number)] as number;
    if (state >= firstAccepting) {
      if (reached[state] === 0) {
        reached[state] = 1;
        reachedList.push(state);
      }
      if (positional[state] === 1) hits.push(i, state);
    }
  }
}

export interface KeywordScan {
  /** Indices of the rules worth running, ascending. */
  rules: number[];
  /** For each selected anchored rule, the sorted, distinct offsets where one of its keywords starts. */
  anchors: Map<number, number[]>;
}

/**
 * Builds the filter for rules given as their keyword lists; a rule without keywords always runs.
 * Rules flagged in `anchored` promise that every match starts with one of their keywords: the
 * filter then also reports where those keywords are, so the rule can be tried there only.
 */
export function createKeywordFilter(keywordLists: readonly (readonly string[])[], anchored: readonly boolean[] = []): KeywordFilter & { scan(text: string): KeywordScan } {
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
  const { outputs } = automaton;
  const ruleCount = keywordLists.length;
  const positional = new Uint8Array(outputs.length);
  outputs.forEach((list, state) => {
    if (list.some((keyword) => (rulesOfKeyword[keyword] as number[]).some((rule) => anchored[rule] === true))) positional[state] = 1;
  });

  // Scratch space reused from call to call (a scan is synchronous, so never shared by two).
  const reached = new Uint8Array(outputs.length);
  const selected = new Uint8Array(ruleCount);
  const scan = (text: string): KeywordScan => {
    selected.fill(0);
    const reachedList: number[] = [];
    const hits: number[] = [];
    run(text, automaton, positional, reached, reachedList, hits);
    for (const rule of always) selected[rule] = 1;
    for (const state of reachedList) {
      reached[state] = 0;
      for (const keyword of outputs[state] as number[]) for (const rule of rulesOfKeyword[keyword] as number[]) selected[rule] = 1;
    }
    const rules: number[] = [];
    for (let rule = 0; rule < ruleCount; rule++) if (selected[rule] === 1) rules.push(rule);
    const anchors = new Map<number, number[]>();
    for (let at = 0; at < hits.length; at += 2) {
      const end = hits[at] as number;
      for (const keyword of outputs[hits[at + 1] as number] as number[]) {
        const start = end - (keywords[keyword] as string).length + 1;
        for (const rule of rulesOfKeyword[keyword] as number[]) {
          if (anchored[rule] !== true) continue;
          const list = anchors.get(rule);
          if (list === undefined) anchors.set(rule, [start]);
          else list.push(start);
        }
      }
    }
    for (const [rule, list] of anchors) anchors.set(rule, [...new Set(list)].sort((a, b) => a - b));
    return { rules, anchors };
  };

  return { select: (text: string) => scan(text).rules, scan };
}
