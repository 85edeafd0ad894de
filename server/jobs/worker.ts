/**
 * A worker loop: claims up to `concurrency` jobs at once, renews each lease while its handler runs,
 * retries failures with back-off and marks a job `failed` for good after its last attempt.
 */
import { hostname } from 'node:os';
import type { JobDoc } from '../domain.ts';
import type { Logger } from '../log.ts';
import { newId } from '../ids.ts';
import type { JobQueue } from './queue.ts';

export interface JobContext {
  job: JobDoc;
  /** Aborted when the lease is lost or the worker shuts down: stop and leave the job to be retried. */
  signal: AbortSignal;
  log: Logger;
}

export interface JobHandler {
  run(payload: Record<string, unknown>, ctx: JobContext): Promise<void>;
  /** Called once when the job has failed for good (after its last attempt, or a permanent error). */
  onFailed?(payload: Record<string, unknown>, error: string): Promise<void>;
}

/** Thrown by a handler when retrying cannot help (bad input): the job fails at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export interface WorkerOptions {
  concurrency: number;
  leaseMs: number;
  /** How often an idle worker looks for due jobs. */
  pollMs?: number;
}

export class Worker {
  readonly id = `${hostname()}:${process.pid}:${newId().slice(-6)}`;
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private stopped = true;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private unsubscribe: () => void = () => {};

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Readonly<Record<string, JobHandler>>,
    private readonly opts: WorkerOptions,
    private readonly log: Logger,
  ) {
    if (Object.keys(handlers).length === 0) throw new Error('A worker needs at least one job handler.');
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.queue.onEnqueue(() => this.wake?.());
    this.loopDone = this.loop();
    this.log.info({ worker: this.id, jobs: Object.keys(this.handlers) }, 'worker started');
  }

  /** Stops claiming; waits for running jobs up to `graceMs`, then aborts them (their leases lapse and they are retried). */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe();
    this.wake?.();
    await this.loopDone;
    const all = Promise.all([...this.running.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((res) => (timer = setTimeout(() => res(true), graceMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      for (const r of this.running.values()) r.abort.abort(new Error('worker shutting down'));
      await all;
    }
    this.log.info({ worker: this.id }, 'worker stopped');
  }

  get activeJobs(): number {
    return this.running.size;
  }

  private async loop(): Promise<void> {
    const names = Object.keys(this.handlers);
    while (!this.stopped) {
      let claimed: JobDoc | null = null;
      if (this.running.size < this.opts.concurrency) {
        try {
          claimed = await this.queue.claim(this.id, names);
        } catch (err) {
          this.log.error({ err }, 'claiming a job failed');
        }
      }
      if (claimed) {
        this.execute(claimed);
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, this.opts.pollMs ?? 1000);
        function done(): void {
          clearTimeout(t);
          resolve();
        }
        this.wake = done;
      });
      this.wake = null;
    }
  }

  private execute(job: JobDoc): void {
    const abort = new AbortController();
    const log = this.log.child({ job: job._id, jobName: job.name, attempt: job.attempts });
    const renewEvery = Math.max(200, Math.floor(this.opts.leaseMs / 3));
    const renewer = setInterval(() => {
      this.queue.renew(job._id, this.id).then(
        (ok) => {
          if (!ok) abort.abort(new Error('lease lost'));
        },
        (err: unknown) => log.warn({ err }, 'renewing the job lease failed'),
      );
    }, renewEvery);
    const handler = this.handlers[job.name];
    const done = (async () => {
      try {
        if (job.attempts > job.maxAttempts)
          throw new PermanentJobError(`gave up after ${job.maxAttempts} attempts`);
        log.info('job started');
        await handler.run(job.payload, { job, signal: abort.signal, log });
        clearInterval(renewer);
        await this.queue.complete(job._id, this.id);
        log.info('job done');
      } catch (err) {
        clearInterval(renewer);
        if (abort.signal.aborted) {
          log.warn({ reason: String(abort.signal.reason) }, 'job interrupted; it will be retried');
          return;
        }
        const message = err instanceof Error ? err.message : String(err);
        const permanent = err instanceof PermanentJobError;
        try {
          const final = await this.queue.fail(job, this.id, message, permanent);
          log[final ? 'error' : 'warn'](
            { err: message, final },
            final ? 'job failed' : 'job failed; retrying',
          );
          if (final) await handler.onFailed?.(job.payload, message);
        } catch (e) {
          log.error({ err: e }, 'recording a job failure failed');
        }
      } finally {
        this.running.delete(job._id);
        this.wake?.();
      }
    })();
    this.running.set(job._id, { abort, done });
  }
}
