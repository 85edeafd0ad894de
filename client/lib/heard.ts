/**
 * Tracks which stretches of the segment's own audio were actually played, so a reviewer can
 * see whether the transcriber listened to all of it. Times are audio seconds.
 */
/** Below this share heard, submitting asks for confirmation. */
export const HEARD_THRESHOLD = 0.9;

export class HeardTracker {
  private intervals: [number, number][] = [];
  private last: number | null = null;

  /** @param ownStart,ownEnd the segment's own part, in audio time (context excluded). */
  constructor(
    private readonly ownStart: number,
    private readonly ownEnd: number,
    initial: [number, number][] = [],
  ) {
    for (const [s, e] of initial) this.add(s, e);
  }

  /**
   * Feed playback positions while playing. Consecutive ticks less than `maxGap` apart count as
   * heard; a larger jump is a seek and counts for nothing.
   */
  tick(time: number, maxGap = 1.5): void {
    if (this.last !== null && time > this.last && time - this.last <= maxGap) this.add(this.last, time);
    this.last = time;
  }

  /** Call on pause or seek so the next tick does not bridge the gap. */
  break(): void {
    this.last = null;
  }

  add(start: number, end: number): void {
    const s = Math.max(start, this.ownStart);
    const e = Math.min(end, this.ownEnd);
    if (e <= s) return;
    const merged: [number, number][] = [];
    let cur: [number, number] = [s, e];
    for (const iv of this.intervals) {
      if (iv[1] < cur[0] || iv[0] > cur[1]) merged.push(iv);
      else cur = [Math.min(iv[0], cur[0]), Math.max(iv[1], cur[1])];
    }
    merged.push(cur);
    merged.sort((x, y) => x[0] - y[0]);
    this.intervals = merged;
  }

  get ratio(): number {
    const len = this.ownEnd - this.ownStart;
    if (len <= 0) return 1;
    const heard = this.intervals.reduce((n, [s, e]) => n + (e - s), 0);
    return Math.min(1, heard / len);
  }

  toJSON(): [number, number][] {
    return this.intervals.map(([s, e]) => [s, e]);
  }
}
