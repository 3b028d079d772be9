/**
 * Coalesces work to the display rate: however often `request` is called,
 * `run` happens at most once per animation frame, so the latest value wins
 * and a slow screen never pushes back on the trainer.
 */
export type FrameRequest = (run: () => void) => void;

export const animationFrame: FrameRequest = (run) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => run());
  else setTimeout(run, 16);
};

export class FrameScheduler {
  private scheduled = false;
  constructor(
    private readonly run: () => void,
    private readonly request: FrameRequest = animationFrame,
  ) {}

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.request(() => this.flush());
  }

  /** Runs now if anything waits (before an event that must see it, such as `done`). */
  flush(): void {
    if (!this.scheduled) return;
    this.scheduled = false;
    this.run();
  }
}
