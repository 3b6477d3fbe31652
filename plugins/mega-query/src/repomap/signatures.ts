import type { ScannedFile } from '../types.js';

const INDENT = '  ';

/**
 * A file in its compressed form: its path, then its symbols' signatures in source order,
 * indented, members one level under what contains them.
 */
export function signaturesOf(file: ScannedFile): string {
  const symbols = [...(file.facts?.symbols ?? [])].sort((a, b) => a.startLine - b.startLine);
  const depthOf = new Map<string, number>();
  const lines = [`${file.path}:`];
  for (const symbol of symbols) {
    // A member of something not declared here (`res.send = …` of a required `res`) sits at the top.
    const owner = symbol.parent === undefined ? undefined : depthOf.get(symbol.parent);
    const depth = owner === undefined ? 1 : owner + 1;
    if (symbol.kind !== 'method') depthOf.set(symbol.name, depth);
    lines.push(INDENT.repeat(depth) + symbol.signature);
  }
  return lines.join('\n');
}
