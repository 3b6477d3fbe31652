/** The inline marker that silences a finding on its line. */
export const IGNORE_MARKER = 'loom-ignore-secret';
/** The same marker aimed at the following line (for formats where a trailing comment is impossible). */
export const IGNORE_NEXT_LINE_MARKER = 'loom-ignore-secret-next-line';

const MAX_CONTEXT = 4096;

/**
 * True when the line holding `start`, or the line holding `end`, carries `loom-ignore-secret`, or
 * the line before `start` carries `loom-ignore-secret-next-line`. Cheap: runs only for findings.
 */
export function isIgnored(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const endAt = text.indexOf('\n', Math.max(start, end - 1));
  const lineEnd = endAt === -1 ? text.length : endAt;
  const from = Math.max(lineStart, start - MAX_CONTEXT);
  const to = Math.min(lineEnd, end + MAX_CONTEXT);
  const own = text.slice(from, start) + text.slice(Math.min(end, to), to);
  // A next-line marker on the finding's own line is about the following line, not this one.
  if (own.includes(IGNORE_MARKER) && own.replaceAll(IGNORE_NEXT_LINE_MARKER, '').includes(IGNORE_MARKER)) return true;
  if (lineStart === 0) return false;
  const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  const previous = text.slice(Math.max(previousStart, lineStart - 1 - MAX_CONTEXT), lineStart - 1);
  return previous.includes(IGNORE_NEXT_LINE_MARKER);
}
