/** Job name → handler: exactly one each, checked when a worker starts. */
import type { Services } from '../services/index.ts';
import { PermanentJobError, type JobHandler } from './worker.ts';
import { isNoticeKind } from '../services/notices.ts';

export const JOB_NAMES = ['ingest', 'merge', 'webhook', 'purge', 'stats-backfill', 'notice', 'asr'] as const;
export type JobName = (typeof JOB_NAMES)[number];

const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || !v) throw new Error(`job payload lacks ${name}`);
  return v;
};

const dayKey = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** Queues the daily retention purge for the day of `t` (once per day, whoever asks). */
export function schedulePurge(s: Services, t = Date.now()) {
  return s.queue.enqueue('purge', {}, { runAt: t, dedupeKey: `purge:${dayKey(t)}`, maxAttempts: 3 });
}

export function jobHandlers(s: Services): Record<JobName, JobHandler> {
  return {
    ingest: {
      async run(p, ctx) {
        const id = str(p.recordingId, 'recordingId');
        await s.ingest.run(id, ctx);
        // Also on a retried ingest: queueing a segment's draft twice queues it once.
        await s.asr.queueRecording(id);
      },
      async onFailed(p, error) {
        const id = str(p.recordingId, 'recordingId');
        await s.recordings.markFailed(id, error);
        const rec = await s.recordings.byId(id);
        if (rec) await s.webhooks.notify('recording.failed', rec);
        if (rec) await s.notices.announce('recording.failed', id, `${id}-failed`);
      },
    },
    asr: {
      run: (p, ctx) => s.asr.run(str(p.segmentId, 'segmentId'), ctx.signal),
      // Out of attempts: the segment goes out without a draft at once.
      onFailed: (p) => s.asr.release(str(p.segmentId, 'segmentId')),
    },
    merge: { run: (p) => s.merge.run(str(p.recordingId, 'recordingId')) },
    webhook: {
      run: (p, ctx) => s.webhooks.deliver(str(p.deliveryId, 'deliveryId'), ctx.signal, ctx.log),
      onFailed: (p) => s.webhooks.markFailed(str(p.deliveryId, 'deliveryId')),
    },
    notice: {
      async run(p) {
        if (!isNoticeKind(p.kind)) throw new PermanentJobError(`unknown notice kind ${String(p.kind)}`);
        await s.notices.run(p.kind, str(p.id, 'id'));
      },
    },
    'stats-backfill': {
      async run(_p, ctx) {
        const read = await s.stats.backfill();
        ctx.log.info({ segments: read }, 'quality totals counted from the history before them');
      },
    },
    purge: {
      async run(_p, ctx) {
        const r = await s.retention.purge();
        ctx.log.info(r, 'retention purge done');
        const tomorrow = new Date();
        tomorrow.setUTCHours(24, 0, 0, 0);
        await schedulePurge(s, tomorrow.getTime() + 3 * 3600 * 1000);
      },
    },
  };
}
