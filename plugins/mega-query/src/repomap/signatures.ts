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
    const depth = symbol.parent === undefined ? 1 : (depthOf.get(symbol.parent) ?? 1) + 1;
    if (symbol.kind !== 'method') depthOf.set(symbol.name, depth);
    lines.push(INDENT.repeat(depth) + symbol.signature);
  }
  return lines.join('\n');
}
