/**
 * Sends what this browser heard of a segment to the server, which combines it with every other
 * session's and transcriber's (server/services/heard.ts), and folds the answer back into the local
 * tracker. One report at a time: the tracker holds everything heard, so the next report carries
 * whatever a skipped one would have.
 */
import { segments as api } from '../../api.ts';
import type { HeardTracker } from '../../lib/heard.ts';

export interface HeardAnswer {
  heard: [number, number][];
  heardRatio: number;
}

export class HeardReporter {
  private inFlight: Promise<HeardAnswer | null> | null = null;

  constructor(
    private readonly segmentId: string,
    /** Recording seconds at audio time 0: the tracker counts audio time, the server recording time. */
    private readonly offset: number,
    private readonly tracker: HeardTracker,
  ) {}

  /** The server's union after this report; null when nothing was sent or the report failed. */
  report(leaving = false): Promise<HeardAnswer | null> {
    if (this.inFlight) return this.inFlight;
    const ranges = this.tracker
      .toJSON()
      .map(([s, e]): [number, number] => [s + this.offset, e + this.offset]);
    if (!ranges.length) return Promise.resolve(null);
    this.inFlight = api
      .heard(this.segmentId, ranges, leaving)
      .then((answer) => {
        for (const [s, e] of answer.heard) this.tracker.add(s - this.offset, e - this.offset);
        return answer;
      })
      // Kept in this browser (the draft store) and sent with the next pause; a lost hold shows elsewhere.
      .catch(() => null)
      .finally(() => (this.inFlight = null));
    return this.inFlight;
  }
}
