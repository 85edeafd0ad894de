/**
 * The job queue: documents in the `jobs` collection, claimed with findOneAndUpdate and a lease that
 * a live worker renews. A job whose worker died is claimed again once its lease has run out.
 */
import { collectionOf } from '../services/collections.ts';
import type { Collection, Store } from '../store/types.ts';
import { DuplicateKeyError } from '../store/types.ts';
import type { JobDoc } from '../domain.ts';
import { newId } from '../ids.ts';
import { Lease, type Clock } from '../services/lease.ts';

export interface EnqueueOptions {
  /** Not before this time (epoch ms). */
  runAt?: number;
  maxAttempts?: number;
  /** A job with the same key is queued at most once; the second enqueue returns the first job. */
  dedupeKey?: string;
}

/** Delay before attempt n+1 after attempt n failed: 2 s, 4 s, 8 s … capped at 10 minutes. */
export function backoffMs(attempts: number, baseMs = 2000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 10 * 60 * 1000);
}

export class JobQueue {
  private readonly col: Collection<JobDoc>;
  private readonly listeners = new Set<() => void>();

  private readonly lease: Lease;

  constructor(
    store: Store,
    private readonly opts: { leaseMs: number; backoffBaseMs?: number; clock?: Clock },
  ) {
    this.col = collectionOf(store, 'jobs');
    this.lease = new Lease(opts.leaseMs, opts.clock);
  }

  /** Called by in-process workers so a new job starts without waiting for the next poll. */
  onEnqueue(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async enqueue(
    name: string,
    payload: Record<string, unknown>,
    options: EnqueueOptions = {},
  ): Promise<JobDoc> {
    const now = this.lease.now();
    const id = newId();
    const job: JobDoc = {
      _id: id,
      name,
      payload,
      status: 'queued',
      attempts: 0,
      maxAttempts: options.maxAttempts ?? 5,
      runAt: options.runAt ?? now,
      leaseOwner: null,
      leaseExpiresAt: null,
      error: null,
      dedupeKey: options.dedupeKey ?? id,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    try {
      await this.col.insertOne(job);
    } catch (e) {
      if (e instanceof DuplicateKeyError) {
        const existing = await this.col.findOne({ dedupeKey: job.dedupeKey });
        if (existing) return existing;
      }
      throw e;
    }
    for (const fn of this.listeners) fn();
    return job;
  }

  /**
   * Takes the next due job of one of `names`, or a running one whose worker stopped renewing.
   * Both branches pin `status`, so the status + runAt index serves each (see WorkService.claim).
   */
  claim(workerId: string, names: string[]): Promise<JobDoc | null> {
    const now = this.lease.now();
    return this.col.findOneAndUpdate(
      {
        name: { $in: names },
        $or: [
          { status: 'queued', runAt: { $lte: now } },
          { status: 'running', leaseExpiresAt: this.lease.expired(now) },
        ],
      },
      {
        $set: {
          status: 'running',
          leaseOwner: workerId,
          leaseExpiresAt: this.lease.endsAt(now),
          updatedAt: now,
        },
        $inc: { attempts: 1 },
      },
      { sort: { runAt: 1 } },
    );
  }

  /** Extends the lease; false when the job is no longer this worker's (it must stop). */
  async renew(jobId: string, workerId: string): Promise<boolean> {
    const now = this.lease.now();
    const r = await this.col.updateOne(
      { _id: jobId, leaseOwner: workerId, status: 'running' },
      { $set: { leaseExpiresAt: this.lease.endsAt(now), updatedAt: now } },
    );
    return r.matchedCount === 1;
  }

  async complete(jobId: string, workerId: string): Promise<void> {
    const now = this.lease.now();
    await this.col.updateOne(
      { _id: jobId, leaseOwner: workerId, status: 'running' },
      {
        $set: {
          status: 'done',
          leaseOwner: null,
          leaseExpiresAt: null,
          error: null,
          finishedAt: now,
          updatedAt: now,
        },
      },
    );
  }

  /**
   * Records a failed attempt. Retries with back-off unless `permanent` or out of attempts; returns
   * true when the job is now finally `failed`.
   */
  async fail(job: JobDoc, workerId: string, error: string, permanent: boolean): Promise<boolean> {
    const now = this.lease.now();
    const final = permanent || job.attempts >= job.maxAttempts;
    const set: Record<string, unknown> = final
      ? { status: 'failed', finishedAt: now }
      : { status: 'queued', runAt: now + backoffMs(job.attempts, this.opts.backoffBaseMs) };
    const r = await this.col.updateOne(
      { _id: job._id, leaseOwner: workerId, status: 'running' },
      {
        $set: { ...set, leaseOwner: null, leaseExpiresAt: null, error: error.slice(0, 2000), updatedAt: now },
      },
    );
    return final && r.matchedCount === 1;
  }

  get(jobId: string): Promise<JobDoc | null> {
    return this.col.findOne({ _id: jobId });
  }

  async counts(): Promise<Record<'queued' | 'running' | 'failed', number>> {
    const [queued, running, failed] = await Promise.all([
      this.col.countDocuments({ status: 'queued' }),
      this.col.countDocuments({ status: 'running' }),
      this.col.countDocuments({ status: 'failed' }),
    ]);
    return { queued, running, failed };
  }
}
