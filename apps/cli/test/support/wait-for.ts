/** Terminal output as text: ANSI escape sequences and carriage returns removed. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\r/g, '');
}

export interface WaitForTextOptions {
  /** Only text from this index on counts (a mark taken before the action). */
  since?: number;
  timeoutMs?: number;
}

/**
 * Polls `read()` until it holds `expected` at or after `since`; returns the index just
 * past the match, to chain waits in order. Fails with the text seen so far. The timeout
 * is generous: it bounds a hang, it does not measure speed.
 */
export async function waitForText(read: () => string, expected: string, options: WaitForTextOptions = {}): Promise<number> {
  const since = options.since ?? 0;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = read();
    const index = text.indexOf(expected, since);
    if (index >= 0) return index + expected.length;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${JSON.stringify(expected)}; output since ${since}:\n${text.slice(since)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls until `condition()` holds; `describe()` says what was seen when it times out. */
export async function waitUntil(condition: () => boolean, describe: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
