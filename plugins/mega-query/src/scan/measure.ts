/** Lines of `text`: a last line without a newline counts, an empty text has none. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return text.endsWith('\n') ? lines : lines + 1;
}

const MARKER = /\b(?:TODO|FIXME|HACK|XXX)\b/g;

/** TODO / FIXME / HACK / XXX markers (upper case, whole words). */
export function countTodos(text: string): number {
  return text.match(MARKER)?.length ?? 0;
}
