import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import type { FigureDoc, SegmentDoc, UserDoc } from '../domain.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { werCounts } from './wer.ts';
import type { DraftService } from './drafts.ts';
import { joinWords } from '../drafts/shape.ts';

/** Focused editor seconds per minute of audio, with and without a machine draft (null: no such segment yet). */
export interface EditingRate {
  withDraft: number | null;
  withoutDraft: number | null;
}

/** How good a source's drafts were: word error rate against the text reviewers approved. */
export interface DraftFigures {
  source: 'asr' | 'import';
  engine: string;
  segments: number;
  wer: number | null;
}

export interface TranscriberQuality {
  userId: string;
  email: string;
  segments: number;
  audioMinutes: number;
  /** Pooled word error rate of submitted vs approved text, over reviewed segments; null before any review. */
  wer: number | null;
  reviewedSegments: number;
  meanHeardRatio: number | null;
  editingSecPerAudioMinute: EditingRate;
}

const joinTurns = (s: { turns: { text: string }[] }): string => s.turns.map((t) => t.text).join(' ');

/** Figures for admins: queue sizes and per-transcriber quality. */
export class StatsService {
  private readonly segments: Collection<SegmentDoc>;
  private readonly users: Collection<UserDoc>;
  private readonly figures: Collection<FigureDoc>;
  constructor(
    store: Store,
    private readonly jobs: JobQueue,
    private readonly drafts: DraftService,
  ) {
    this.segments = collectionOf(store, 'segments');
    this.users = collectionOf(store, 'users');
    this.figures = collectionOf(store, 'figures');
  }

  /**
   * Adds an approved segment to the running totals: its draft's word errors against the approved
   * text (per source and engine), and its transcriber's focused editing time per audio second
   * (apart for segments handed out with a draft and without).
   */
  async recordApproval(seg: SegmentDoc): Promise<void> {
    const approved = [...seg.history].reverse().find((h) => h.kind === 'approved');
    const submitted = [...seg.history].reverse().find((h) => h.kind === 'submitted');
    if (!approved) return;
    if (seg.draft) {
      const d = await this.drafts.wordsOf(seg._id);
      if (d && d.words.length) {
        const c = werCounts(joinWords(d.words), joinTurns(approved));
        await this.figures.updateOne(
          { _id: `draft:${d.source}:${d.engine}` },
          {
            $setOnInsert: { kind: 'draft', source: d.source, engine: d.engine },
            $inc: { segments: 1, errors: c.errors, refWords: c.refWords },
          },
          { upsert: true },
        );
      }
    }
    if (submitted && seg.editingSeconds !== undefined) {
      const withDraft = seg.draft?.usable === true;
      await this.figures.updateOne(
        { _id: `editing:${submitted.by}:${withDraft ? 'draft' : 'blank'}` },
        {
          $setOnInsert: { kind: 'editing', userId: submitted.by, withDraft },
          $inc: { segments: 1, editingSec: seg.editingSeconds, audioSec: seg.end - seg.start },
        },
        { upsert: true },
      );
    }
  }

  /** Draft quality per source and engine, from the running totals. */
  async draftFigures(): Promise<DraftFigures[]> {
    const docs = await this.figures.find({ kind: 'draft' });
    return docs
      .map((d) => ({
        source: d.source ?? 'import',
        engine: d.engine ?? '',
        segments: d.segments,
        wer: d.refWords ? Math.round(((d.errors ?? 0) / d.refWords) * 1000) / 1000 : null,
      }))
      .sort((a, b) => `${a.source}:${a.engine}`.localeCompare(`${b.source}:${b.engine}`));
  }

  private async editingRates(): Promise<Map<string, EditingRate>> {
    const out = new Map<string, EditingRate>();
    for (const d of await this.figures.find({ kind: 'editing' })) {
      const e = out.get(d.userId ?? '') ?? { withDraft: null, withoutDraft: null };
      const rate = d.audioSec ? Math.round(((d.editingSec ?? 0) / (d.audioSec / 60)) * 10) / 10 : null;
      if (d.withDraft) e.withDraft = rate;
      else e.withoutDraft = rate;
      out.set(d.userId ?? '', e);
    }
    return out;
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
    const rates = await this.editingRates();
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
        editingSecPerAudioMinute: rates.get(userId) ?? { withDraft: null, withoutDraft: null },
      }))
      .sort((a, b) => a.email.localeCompare(b.email));
  }
}
