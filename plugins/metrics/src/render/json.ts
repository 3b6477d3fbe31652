/** Rows per write: a few tens of KB of text, which the young generation reuses. */
const ROWS_PER_CHUNK = 64;

/** `{…}` without its braces: what an object's members add inside another. */
const members = (entries: Array<[string, unknown]>) => JSON.stringify(Object.fromEntries(entries)).slice(1, -1);

/**
 * Exactly `JSON.stringify(value)` and a newline, handed to `write` in pieces: a report's
 * `rows` a few at a time. Years of daily rows are MBs of text, and one string of it (then one
 * Buffer of its bytes) was fresh memory that cost a re-run more in page faults than making it.
 */
export function writeJson(value: unknown, write: (chunk: string) => void): void {
  const rows = typeof value === 'object' && value !== null ? (value as { rows?: unknown }).rows : undefined;
  if (!Array.isArray(rows)) {
    write(`${JSON.stringify(value)}\n`);
    return;
  }
  const entries = Object.entries(value as object);
  const at = entries.findIndex(([key]) => key === 'rows');
  const before = members(entries.slice(0, at));
  const after = members(entries.slice(at + 1));
  write(`{${before}${before ? ',' : ''}"rows":[`);
  for (let from = 0; from < rows.length; from += ROWS_PER_CHUNK) {
    const text = JSON.stringify(rows.slice(from, from + ROWS_PER_CHUNK));
    write(from === 0 ? text.slice(1, -1) : `,${text.slice(1, -1)}`);
  }
  write(`]${after ? ',' : ''}${after}}\n`);
}
