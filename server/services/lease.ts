/**
 * Leases: a segment's hold by its transcriber or reviewer, and a worker's hold on a job. A lease is
 * taken or renewed until `now + ms`; it runs while its end lies in the future and has expired once
 * it lies in the past. Every lease is counted here, on one clock that tests can move.
 */

/** Milliseconds since the epoch: `Date.now` in production, a clock a test moves otherwise. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

/** Whether a lease ending at `endsAt` still runs at `now` (a missing end never runs). */
export function leaseRuns(endsAt: number | null | undefined, now: number): boolean {
  return (endsAt ?? 0) > now;
}

export class Lease {
  constructor(
    /** How long a lease lasts from its last renewal. */
    readonly ms: number,
    readonly clock: Clock = systemClock,
  ) {}

  now(): number {
    return this.clock();
  }

  /** When a lease taken or renewed at `now` ends. */
  endsAt(now = this.clock()): number {
    return now + this.ms;
  }

  /** A store condition on the lease's end: it still runs at `now`. */
  running(now = this.clock()): { $gt: number } {
    return { $gt: now };
  }

  /**
   * A store condition on the lease's end: it does not run at `now` (expired, or never taken: a
   * missing or null end matches too).
   */
  notRunning(now = this.clock()): { $not: { $gt: number } } {
    return { $not: { $gt: now } };
  }

  /** A store condition on the lease's end: it has expired by `now`. */
  expired(now = this.clock()): { $lt: number } {
    return { $lt: now };
  }

  /**
   * How often expired leases are swept back to the queue: a quarter of a lease, at most 15 s apart.
   * (A claim takes an expired segment by itself; the sweep only keeps counts and pages current.)
   */
  sweepEveryMs(): number {
    return Math.max(250, Math.min(15_000, Math.floor(this.ms / 4)));
  }
}
