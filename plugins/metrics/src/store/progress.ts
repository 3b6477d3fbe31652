import type { OnProgress, Source } from '../types.js';

const EVERY_MS = 100;

/** Reports `bytesRead` of `bytesTotal` at most every 100 ms, and always the first and the last time. */
export function progressReporter(source: Source, bytesTotal: number, onProgress: OnProgress | undefined): (bytesRead: number, last?: boolean) => void {
  if (!onProgress) return () => {};
  let next = 0;
  return (bytesRead, last = false) => {
    const now = Date.now();
    if (!last && now < next) return;
    next = now + EVERY_MS;
    onProgress({ source, bytesRead, bytesTotal });
  };
}
