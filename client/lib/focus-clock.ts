/**
 * Counts the seconds a page has focus and is visible: the transcriber's editing time on a segment,
 * which the quality figures compare with and without a machine draft. Sampled once a second, so a
 * background tab or another window in front counts nothing.
 */
export class FocusClock {
  private total: number;
  private last = performance.now();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(startSeconds = 0) {
    this.total = startSeconds;
    this.timer = setInterval(() => this.sample(), 1000);
  }

  private sample(): void {
    const now = performance.now();
    // A sleeping laptop or a throttled tab skips samples: never count more than one interval's worth.
    const dt = Math.min(now - this.last, 2000);
    this.last = now;
    if (document.visibilityState === 'visible' && document.hasFocus()) this.total += dt / 1000;
  }

  get seconds(): number {
    return this.total;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
