/**
 * Cutting a file too big for one chunk into line ranges that each fit: at the starts of its
 * top-level symbols, so a function or class stays in one piece, and in plain line windows
 * only inside a symbol that alone is too big.
 */
import type { ScannedFile, SymbolInfo } from '../types.js';
import { sliceTokens } from './measure.js';

export type LineRange = [start: number, end: number];

/** Start lines of symbols not nested in another symbol (methods sit inside their class). */
function topLevelStarts(symbols: SymbolInfo[]): number[] {
  const inside = (inner: SymbolInfo, outer: SymbolInfo) =>
    inner !== outer && outer.startLine <= inner.startLine && inner.endLine <= outer.endLine && (outer.startLine < inner.startLine || inner.endLine < outer.endLine);
  return symbols.filter((symbol) => !symbols.some((other) => inside(symbol, other))).map((symbol) => symbol.startLine);
}

/** The file cut before each top-level symbol; line 1 starts the first segment (imports, preamble). */
function segments(file: ScannedFile): LineRange[] {
  const starts = [...new Set([1, ...topLevelStarts(file.facts?.symbols ?? [])])].filter((line) => line >= 1 && line <= file.lines).sort((a, b) => a - b);
  return starts.map((start, i) => [start, (starts[i + 1] ?? file.lines + 1) - 1]);
}

/** Consecutive windows of as many lines as fit; at least one line each, even if that line alone does not. */
function lineWindows([start, end]: LineRange, fits: (range: LineRange) => boolean): LineRange[] {
  const windows: LineRange[] = [];
  for (let from = start; from <= end; ) {
    let low = from;
    let high = end;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (fits([from, middle])) low = middle;
      else high = middle - 1;
    }
    windows.push([from, low]);
    from = low + 1;
  }
  return windows;
}

export function sliceFile(file: ScannedFile, budget: number): LineRange[] {
  const fits = ([start, end]: LineRange) => sliceTokens(file, start, end) <= budget;
  const ranges: LineRange[] = [];
  let open: LineRange | undefined;
  for (const segment of segments(file)) {
    if (open && fits([open[0], segment[1]])) {
      open = [open[0], segment[1]];
      continue;
    }
    if (open) ranges.push(open);
    open = undefined;
    if (fits(segment)) open = segment;
    else ranges.push(...lineWindows(segment, fits));
  }
  if (open) ranges.push(open);
  return ranges;
}
