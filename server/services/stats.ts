import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import type { SegmentDoc, UserDoc } from '../domain.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { werCounts } from './wer.ts';

export interface TranscriberQuality {
  userId: string;
  email: string;
  segments: number;
  audioMinutes: number;
  /** Pooled word error rate of submitted vs approved text, over reviewed segments; null before any review. */
  wer: number | null;
  reviewedSegments: number;
  meanHeardRatio: number | null;
}

const joinTurns = (s: { turns: { text: string }[] }): string => s.turns.map((t) => t.text).join(' ');

/** Figures for admins: queue sizes and per-transcriber quality. */
export class StatsService {
  private readonly segments: Collection<SegmentDoc>;
  private readonly users: Collection<UserDoc>;
  constructor(
    store: Store,
    private readonly jobs: JobQueue,
  ) {
    this.segments = collectionOf(store, 'segments');
    this.users = collectionOf(store, 'users');
  }

  async queue() {
    const statuses = ['open', 'assigned', 'submitted', 'reviewing', 'approved'] as const;
    const counts = await Promise.all(statuses.map((st) => this.segments.countDocuments({ status: st })));
    return {
      segments: Object.fromEntries(statuses.map((st, i) => [st, counts[i]])) as Record<
        (typeof statuses)[number],
        number
      >,
      jobs: await this.jobs.counts(),
    };
  }

  async quality(): Promise<TranscriberQuality[]> {
    const segs = await this.segments.find(
      { 'history.0': { $exists: true } },
      { projection: { history: 1, start: 1, end: 1, status: 1 } },
    );
    const per = new Map<
      string,
      { segs: Set<string>; sec: number; errors: number; ref: number; reviewed: number; heard: number[] }
    >();
    for (const s of segs) {
      const subs = s.history.filter((h) => h.kind === 'submitted');
      const approved = [...s.history].reverse().find((h) => h.kind === 'approved');
      for (const h of subs) {
        let e = per.get(h.by);
        if (!e) per.set(h.by, (e = { segs: new Set(), sec: 0, errors: 0, ref: 0, reviewed: 0, heard: [] }));
        if (!e.segs.has(s._id)) {
          e.segs.add(s._id);
          e.sec += s.end - s.start;
        }
        if (h.heardRatio !== undefined) e.heard.push(h.heardRatio);
      }
      // The last submission before approval is what the reviewer judged.
      const last = subs.at(-1);
      if (approved && last) {
        const e = per.get(last.by);
        if (e) {
          const c = werCounts(joinTurns(last), joinTurns(approved));
          e.errors += c.errors;
          e.ref += c.refWords;
          e.reviewed++;
        }
      }
    }
    const users = await this.users.find({ _id: { $in: [...per.keys()] } }, { projection: { email: 1 } });
    const email = new Map(users.map((u) => [u._id, u.email]));
    return [...per.entries()]
      .map(([userId, e]) => ({
        userId,
        email: email.get(userId) ?? '(deleted user)',
        segments: e.segs.size,
        audioMinutes: Math.round((e.sec / 60) * 100) / 100,
        wer: e.reviewed ? Math.round((e.errors / Math.max(1, e.ref)) * 1000) / 1000 : null,
        reviewedSegments: e.reviewed,
        meanHeardRatio: e.heard.length
          ? Math.round((e.heard.reduce((a, b) => a + b, 0) / e.heard.length) * 100) / 100
          : null,
      }))
      .sort((a, b) => a.email.localeCompare(b.email));
  }
}
