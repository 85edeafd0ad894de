/**
 * Counting sign-in attempts in fixed windows, per key. An attempt is counted *before* the password
 * is checked (the check is a slow scrypt, and many requests can be in it at once), and handed back
 * only when it succeeds: so at most `max` guesses per window ever reach the hash, however many
 * arrive together. Per process: behind a load balancer, each server counts its own.
 */

/** One key's window: `count` attempts since `since` (ms on the throttle's clock). */
interface Window {
  count: number;
  since: number;
}

export interface AttemptWindowsOptions {
  windowMs: number;
  /** Attempts a key may have in flight or failed within one window. */
  max: number;
  /** Keys remembered at most; past it the oldest windows are forgotten first (a flood of new keys). */
  maxKeys: number;
}

/** A slot taken by `take`: give it back with `release` when the attempt turns out to be legitimate. */
export interface Slot {
  release(): void;
}

export class AttemptWindows {
  /**
   * In order of window start: a window that starts again is deleted and re-inserted, so expired
   * windows sit at the front and pruning stops at the first live one (amortised O(1), no scans).
   */
  private readonly windows = new Map<string, Window>();

  constructor(private readonly opts: AttemptWindowsOptions) {}

  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfterSec(key: string, now: number): number {
    this.prune(now);
    const w = this.windows.get(key);
    if (!w || w.count < this.opts.max) return 0;
    return Math.max(1, Math.ceil((w.since + this.opts.windowMs - now) / 1000));
  }

  /** Counts one attempt for `key`. Call in the same tick as `retryAfterSec`, before any await. */
  take(key: string, now: number): Slot {
    let w = this.windows.get(key);
    if (!w || now - w.since >= this.opts.windowMs) {
      this.windows.delete(key);
      w = { count: 0, since: now };
      this.windows.set(key, w);
      this.evictOverflow();
    }
    w.count++;
    const taken = w;
    let released = false;
    return {
      release() {
        // Decrements the window the slot was taken from; a window replaced since is left alone.
        if (released) return;
        released = true;
        taken.count = Math.max(0, taken.count - 1);
      },
    };
  }

  /** Forgets `key` altogether (a successful sign-in clears its e-mail's failures). */
  clear(key: string): void {
    this.windows.delete(key);
  }

  /** Keys currently remembered (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) {
      if (now - w.since < this.opts.windowMs) break;
      this.windows.delete(key);
    }
  }

  private evictOverflow(): void {
    for (const key of this.windows.keys()) {
      if (this.windows.size <= this.opts.maxKeys) break;
      this.windows.delete(key);
    }
  }
}
