/**
 * How a chunk looks to Claude. Every part opens with a header naming the file and range, and
 * every line carries its 1-based number so the model can cite lines. The token estimates in
 * measure.ts are computed from these same strings, so keep the two in step.
 */
import type { Chunk, ChunkPart, ProtectedText, ReadProtected, ScannedFile, SymbolInfo } from '../types.js';

export const rangeHeader = (path: string, start: number, end: number): string => `### ${path} (lines ${start}–${end})`;
export const signaturesHeader = (path: string): string => `### ${path} (signatures)`;

/** Digits of the file's last line number: every line number of a file is padded to it. */
export const numberWidth = (lines: number): number => String(Math.max(1, lines)).length;

export const numbered = (line: number, width: number, text: string): string => `${String(line).padStart(width)}| ${text}`;

/** Characters a numbered line adds to its text: the padded number, `| ` and its newline. */
export const numberingChars = (width: number): number => width + 3;

/** A rendered part: header, its lines, a newline. Parts of a chunk are joined by a blank line. */
export const PART_SEPARATOR = '\n';
const part = (header: string, lines: string[]): string => `${header}\n${lines.join('\n')}\n`;

export function renderSignatures(path: string, lines: number, symbols: SymbolInfo[]): string {
  const width = numberWidth(lines);
  const sorted = [...symbols].sort((a, b) => a.startLine - b.startLine || a.name.localeCompare(b.name));
  return part(signaturesHeader(path), sorted.map((symbol) => numbered(symbol.startLine, width, symbol.signature)));
}

/**
 * The file's own lines, and the fence around them when the scan fenced it. The fence
 * (plugin-security's `fence`) is two lines before the content and one after: a slice keeps
 * them, so a fenced file's content is never shown to the model outside its fence.
 */
function splitFence(text: ProtectedText): { open: string[]; body: string[]; close: string[] } {
  const all = text.text.split('\n');
  const dropFinalEmpty = (lines: string[]) => (lines.at(-1) === '' ? lines.slice(0, -1) : lines);
  if (!text.fenced) return { open: [], body: dropFinalEmpty(all), close: [] };
  return { open: all.slice(0, 2), body: dropFinalEmpty(all.slice(2, -1)), close: all.slice(-1) };
}

export function renderRange(path: string, text: ProtectedText, start: number, end: number, lines: number): string {
  const { open, body, close } = splitFence(text);
  const width = numberWidth(lines);
  const last = Math.min(end, body.length);
  const carried = body.slice(start - 1, last).map((line, offset) => numbered(start + offset, width, line));
  return part(rangeHeader(path, start, end), [...open, ...carried, ...close]);
}

async function renderPart(chunkPart: ChunkPart, read: ReadProtected, files: Map<string, ScannedFile>): Promise<string> {
  const file = files.get(chunkPart.path);
  if (chunkPart.form === 'signatures') return renderSignatures(chunkPart.path, file?.lines ?? chunkPart.endLine, file?.facts?.symbols ?? []);
  return renderRange(chunkPart.path, await read(chunkPart.path), chunkPart.startLine, chunkPart.endLine, file?.lines ?? chunkPart.endLine);
}

/** The chunk's text as the model sees it (the user message of its map call). */
export async function renderChunk(chunk: Chunk, read: ReadProtected, files: Map<string, ScannedFile>): Promise<string> {
  const parts = await Promise.all(chunk.parts.map((chunkPart) => renderPart(chunkPart, read, files)));
  return parts.join(PART_SEPARATOR);
}
