/**
 * When the next stream frame is due: at most one per `minMs` (the display's
 * rate), and never more often than keeps the frames' own cost under `budget`
 * of the time, so that large networks stream less often instead of training slower.
 */
export class FrameClock {
  private next = 0;

  constructor(
    private readonly minMs: number,
    private readonly budget: number,
  ) {}

  due(now: number): boolean {
    return now >= this.next;
  }

  /** Runs a frame and schedules the next one from what it cost. */
  measure(frame: () => void): void {
    const t0 = performance.now();
    frame();
    const t1 = performance.now();
    this.next = t1 + Math.max(this.minMs, (t1 - t0) / this.budget);
  }

  reset(): void {
    this.next = 0;
  }
}
