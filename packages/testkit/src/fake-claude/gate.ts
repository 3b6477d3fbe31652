/**
 * Holds requests until `count` of them are in flight together, so a test of a concurrency
 * limit proves the overlap instead of hoping two requests land inside a latency window.
 * Held requests are let go early only when no request has arrived for `quietMs` (a call
 * made alone, or the tail of a run): a slow machine then lowers nothing but speed.
 */
export class InFlightGate {
  private waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly count: number,
    private readonly quietMs: number,
    private readonly inFlight: () => number,
  ) {}

  async hold(): Promise<void> {
    if (this.inFlight() >= this.count) return this.releaseAll();
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.releaseAll(), this.quietMs);
    });
  }

  releaseAll(): void {
    clearTimeout(this.timer);
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
