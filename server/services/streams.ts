import { RateLimitedError } from '../errors.ts';

/**
 * Live event streams (SSE) open per user, in this process. Each holds a connection for as long as
 * a page is open, so one account (or a stolen token) must not be able to take them all.
 */
export class LiveStreams {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerUser: number) {}

  /** Counts a new stream of `userId`, or throws 429 at the cap. Returns its release (safe to call twice). */
  acquire(userId: string): () => void {
    const n = this.open.get(userId) ?? 0;
    if (n >= this.maxPerUser) {
      throw new RateLimitedError(
        `You have ${n} live views open already, the most allowed at once; close one (a tab or window) and try again.`,
        5,
      );
    }
    this.open.set(userId, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(userId) ?? 1) - 1;
      if (left > 0) this.open.set(userId, left);
      else this.open.delete(userId);
    };
  }
}
