import { cancelled } from './errors.js';
import type { Sleep } from './sleep.js';

export interface Limits {
  concurrency: number;
  requestsPerMinute: number;
  inputTokensPerMinute: number;
  outputTokensPerMinute: number;
}

interface Spend {
  at: number;
  requests: number;
  input: number;
  output: number;
}

export interface Reservation {
  /** Frees the slot and replaces the reserved tokens with what the call used (none if it failed). */
  release(actual?: { input: number; output: number }): void;
}

const WINDOW_MS = 60_000;

/**
 * Holds a call until it fits Anthropic's limits: at most `concurrency` in flight, and
 * over any sliding minute at most so many requests, input tokens and output tokens. A
 * large fan-out is therefore throttled instead of rejected with 429s. Output tokens are
 * reserved at max_tokens and corrected when the call ends. A single call larger than a
 * whole minute's allowance is let through alone rather than blocked for ever.
 */
export class RateLimiter {
  private inFlight = 0;
  private readonly spent: Spend[] = [];
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly limits: Limits,
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {}

  /** The highest number of calls that were in flight at once. */
  peak = 0;

  async acquire(cost: { input: number; output: number }, signal?: AbortSignal): Promise<Reservation> {
    for (;;) {
      const wait = this.waitFor(cost);
      if (wait === 0) break;
      if (wait === Infinity) await this.nextRelease(signal);
      else await this.sleep(wait, signal);
    }
    this.inFlight += 1;
    this.peak = Math.max(this.peak, this.inFlight);
    const entry: Spend = { at: this.now(), requests: 1, input: cost.input, output: cost.output };
    this.spent.push(entry);
    let released = false;
    return {
      release: (actual) => {
        if (released) return;
        released = true;
        // A failed call generated nothing: keep its request in the window, not its tokens.
        entry.input = actual?.input ?? 0;
        entry.output = actual?.output ?? 0;
        this.inFlight -= 1;
        this.waiters.shift()?.();
      },
    };
  }

  /** 0 when the call may start now; Infinity to wait for a slot; else ms until the window frees enough. */
  private waitFor(cost: { input: number; output: number }): number {
    if (this.inFlight >= this.limits.concurrency) return Infinity;
    const now = this.now();
    while (this.spent.length > 0 && this.spent[0]!.at <= now - WINDOW_MS) this.spent.shift();
    if (this.spent.length === 0) return 0;
    const totals = this.spent.reduce((sum, s) => ({ requests: sum.requests + s.requests, input: sum.input + s.input, output: sum.output + s.output }), { requests: 0, input: 0, output: 0 });
    const fits =
      totals.requests + 1 <= this.limits.requestsPerMinute &&
      totals.input + cost.input <= this.limits.inputTokensPerMinute &&
      totals.output + cost.output <= this.limits.outputTokensPerMinute;
    if (fits) return 0;
    // Wait until the oldest spend leaves the window, then look again.
    return Math.max(1, this.spent[0]!.at + WINDOW_MS - now);
  }

  private nextRelease(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiters.splice(this.waiters.indexOf(wake), 1);
        reject(cancelled());
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
