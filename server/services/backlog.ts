/**
 * Deadlines against capacity: throughput (approved audio seconds per hour over the last 24 hours,
 * kept as hourly totals so it is never computed from segments), each recording's ETA from the open
 * work ahead of it in the claim order, `atRisk` when the ETA passes the deadline (or the deadline
 * has passed), and the `recording.at_risk` webhook, once per recording.
 *
 * Everything here reads recordings in work (resident, a few thousand at most) and at most 25
 * hourly totals: nothing grows with the archive.
 */
import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import type { RecordingDoc, RecordingStatus, ThroughputDoc } from '../domain.ts';
import type { WebhookService } from './webhooks.ts';
import { systemClock, type Clock } from './lease.ts';

const HOUR = 3_600_000;
/** Recordings whose work is not over: the queue the ETA is computed over. */
const IN_WORK: readonly RecordingStatus[] = ['uploaded', 'processing', 'transcribing', 'reviewing'];
/** Deadline buckets of the admin's backlog page, in hours from now (overdue first, then these). */
const BUCKET_HOURS = [0, 6, 24, 72] as const;

export interface Bucket {
  /** Deadlines up to this moment (ISO), past the previous bucket's; null for the rest (and no deadline). */
  until: string | null;
  openAudioSec: number;
  recordings: number;
}

export interface Backlog {
  throughputAudioSecPerHour: number;
  buckets: Bucket[];
  atRisk: RecordingDoc[];
}

/**
 * Whether a stored ETA is worth rewriting: the ETA slides with the clock on every run, and a sweep
 * every few seconds must not rewrite every recording in work each time; a minute's drift is news.
 */
function moved(stored: number | null, next: number | null): boolean {
  if (stored === null || next === null) return stored !== next;
  return Math.abs(stored - next) >= 60_000;
}

/** Open audio of a recording: what is left to approve, or its whole length before it is cut. */
const openAudio = (r: RecordingDoc): number => r.remainingAudioSec ?? r.durationSec ?? 0;

export class BacklogService {
  private readonly hours: Collection<ThroughputDoc>;
  private readonly recordings: Collection<RecordingDoc>;

  constructor(
    store: Store,
    private readonly webhooks: WebhookService,
    private readonly clock: Clock = systemClock,
  ) {
    this.hours = collectionOf(store, 'throughput');
    this.recordings = collectionOf(store, 'recordings');
  }

  /** Adds approved audio to the running total of the hour it was approved in. */
  async recordApproved(audioSec: number, at: number): Promise<void> {
    const hour = Math.floor(at / HOUR) * HOUR;
    await this.hours.updateOne(
      { _id: String(hour) },
      { $inc: { audioSec }, $setOnInsert: { hour } },
      { upsert: true },
    );
  }

  /** Approved audio seconds per hour over the 24 hours before `now` (the current hour's share included). */
  async throughput(now = this.clock()): Promise<number> {
    const from = now - 24 * HOUR;
    const docs = await this.hours.find({ hour: { $gt: from - HOUR, $lte: now } });
    let sec = 0;
    for (const d of docs) {
      // The oldest hour counts only for the part of it inside the window.
      const share = d.hour < from ? (d.hour + HOUR - from) / HOUR : 1;
      sec += d.audioSec * share;
    }
    return Math.round((sec / 24) * 1000) / 1000;
  }

  /**
   * Recomputes every recording in work's ETA and risk in claim order (priority, deadline, age),
   * stores what changed, and queues `recording.at_risk` for each recording newly at risk.
   * Returns the recordings in work, as updated.
   */
  async estimate(now = this.clock()): Promise<RecordingDoc[]> {
    const perHour = await this.throughput(now);
    const active = await this.recordings.find(
      { status: { $in: [...IN_WORK] } },
      { sort: { priority: -1, deadlineAt: 1, createdAt: 1 } },
    );
    let ahead = 0;
    const out: RecordingDoc[] = [];
    for (const rec of active) {
      ahead += openAudio(rec);
      const etaAt = perHour > 0 ? Math.round(now + (ahead / perHour) * HOUR) : null;
      const deadline = rec.deadlineAt ?? null;
      const atRisk = deadline !== null && (deadline < now || (etaAt !== null && etaAt > deadline));
      let next: RecordingDoc = { ...rec, etaAt, atRisk };
      if (moved(rec.etaAt ?? null, etaAt) || atRisk !== (rec.atRisk ?? false)) {
        // ETA and risk only: no updatedAt, no change event; the figures are re-derived on every run.
        await this.recordings.updateOne({ _id: rec._id }, { $set: { etaAt, atRisk } });
      }
      if (atRisk && rec.atRiskNotifiedAt === undefined) next = await this.notifyOnce(next, now);
      out.push(next);
    }
    return out;
  }

  private async notifyOnce(rec: RecordingDoc, now: number): Promise<RecordingDoc> {
    // The guarded write decides which process sends it; the delivery id makes a retry idempotent.
    const won = await this.recordings.findOneAndUpdate(
      { _id: rec._id, atRiskNotifiedAt: { $exists: false } },
      { $set: { atRiskNotifiedAt: now } },
    );
    if (!won) return rec;
    await this.webhooks.notify('recording.at_risk', { ...rec, atRiskNotifiedAt: now }, `at_risk:${rec._id}`);
    return { ...rec, atRiskNotifiedAt: now };
  }

  /** The admin's view: throughput, open audio by deadline bucket, the recordings at risk. */
  async backlog(now = this.clock()): Promise<Backlog> {
    const active = await this.estimate(now);
    const edges = BUCKET_HOURS.map((h) => now + h * HOUR);
    const buckets: Bucket[] = [...edges, null].map((edge) => ({
      until: edge === null ? null : new Date(edge).toISOString(),
      openAudioSec: 0,
      recordings: 0,
    }));
    for (const rec of active) {
      const d = rec.deadlineAt ?? null;
      const i = d === null ? edges.length : edges.findIndex((e) => d <= e);
      const b = buckets[i === -1 ? edges.length : i];
      b.openAudioSec += openAudio(rec);
      b.recordings++;
    }
    for (const b of buckets) b.openAudioSec = Math.round(b.openAudioSec * 1000) / 1000;
    return {
      throughputAudioSecPerHour: await this.throughput(now),
      buckets,
      atRisk: active.filter((r) => r.atRisk),
    };
  }
}
