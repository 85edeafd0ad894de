import { collectionOf } from './collections.ts';
import type { Collection, FindOptions, Store } from '../store/types.ts';
import type { FigureDoc, RecordingDoc, SegmentDoc, TranscriberTotalsDoc, UserDoc } from '../domain.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { werCounts } from './wer.ts';
import type { DraftService } from './drafts.ts';
import { joinWords } from '../drafts/shape.ts';

/** Focused editor seconds per audio minute, with and without a machine draft (null: no such segment yet). */
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
  private readonly recordings: Collection<RecordingDoc>;
  private readonly totals: Collection<TranscriberTotalsDoc>;
  private readonly figures: Collection<FigureDoc>;
  constructor(
    store: Store,
    private readonly jobs: JobQueue,
    /** Machine drafts' words, to measure them against the approved text (tools that only backfill pass none). */
    private readonly drafts: DraftService | null = null,
  ) {
    this.figures = collectionOf(store, 'figures');
    this.segments = collectionOf(store, 'segments');
    this.users = collectionOf(store, 'users');
    this.recordings = collectionOf(store, 'recordings');
    this.totals = collectionOf(store, 'transcriber_totals');
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

  /**
   * Per-transcriber figures from the running totals (one small document per transcriber), so the
   * answer costs the number of transcribers, not the archive. Totals outlive a purged recording:
   * what a transcriber did stays counted.
   */
  async quality(): Promise<TranscriberQuality[]> {
    const totals = (await this.totals.find({})).filter((t) => t._id !== BACKFILL_ID);
    const users = await this.users.find(
      { _id: { $in: totals.map((t) => t._id) } },
      { projection: { email: 1 } },
    );
    const email = new Map(users.map((u) => [u._id, u.email]));
    const rates = await this.editingRates();
    return totals
      .filter((t) => t.segments > 0)
      .map((t) => ({
        userId: t._id,
        email: email.get(t._id) ?? '(deleted user)',
        segments: t.segments,
        audioMinutes: Math.round((t.audioSec / 60) * 100) / 100,
        wer: t.reviewed ? Math.round((t.errors / Math.max(1, t.refWords)) * 1000) / 1000 : null,
        reviewedSegments: t.reviewed,
        meanHeardRatio: t.heardCount ? Math.round((t.heardSum / t.heardCount) * 100) / 100 : null,
        editingSecPerAudioMinute: rates.get(t._id) ?? { withDraft: null, withoutDraft: null },
      }))
      .sort((a, b) => a.email.localeCompare(b.email));
  }

  /** Counts a submission (called by WorkService.submit with the segment as it now is). */
  async onSubmitted(seg: SegmentDoc): Promise<void> {
    const entry = seg.history.at(-1);
    if (entry?.kind !== 'submitted') return;
    await this.apply(submissionDelta(seg, seg.history.length - 1));
  }

  /** Counts an approval: the last submission against the approved text. */
  async onApproved(seg: SegmentDoc): Promise<void> {
    await this.apply(approvalDelta(seg, seg.history.length - 1));
    await this.recordDraftFigures(seg);
  }

  /**
   * Adds an approved segment to the machine-draft totals: its draft's word errors against the
   * approved text (per source and engine), and its transcriber's focused editing time per audio
   * second (apart for segments handed out with a draft and without).
   */
  private async recordDraftFigures(seg: SegmentDoc): Promise<void> {
    const approved = [...seg.history].reverse().find((h) => h.kind === 'approved');
    const submitted = [...seg.history].reverse().find((h) => h.kind === 'submitted');
    if (!approved) return;
    if (seg.draft && this.drafts) {
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

  /**
   * Before a store's first start with running totals, marks the instant they begin; history older
   * than that is counted once by `backfill` (the `stats-backfill` job). Returns that instant while
   * the backfill is still due (it names the job, so a store reset later gets its own), else null.
   */
  async startTotals(now: number): Promise<number | null> {
    await this.totals.updateOne(
      { _id: BACKFILL_ID },
      { $setOnInsert: { ...ZERO, since: now, cursor: null, backfilled: false } },
      { upsert: true },
    );
    const marker = await this.totals.findOne({ _id: BACKFILL_ID });
    return marker && !marker.backfilled ? (marker.since ?? now) : null;
  }

  /**
   * Counts history from before the totals began, recording by recording in order of creation (an
   * indexed walk; each recording's segments by their index), a page at a time, resuming after a
   * crash from the saved cursor (a creation time: every recording made before it is counted).
   * Returns the number of segments read.
   */
  async backfill(recordingsPerPage = 20): Promise<number> {
    let read = 0;
    for (;;) {
      const marker = await this.totals.findOne({ _id: BACKFILL_ID });
      if (!marker || marker.backfilled) return read;
      const since = marker.since ?? 0;
      const from = marker.cursor ?? null;
      const fields: FindOptions = { projection: { _id: 1, createdAt: 1 } };
      const page = await this.recordings.find(from === null ? {} : { createdAt: { $gte: from } }, {
        ...fields,
        sort: { createdAt: 1 },
        limit: recordingsPerPage,
      });
      let batch = page;
      let next: number | null = null;
      if (page.length === recordingsPerPage) {
        // Count only the recordings made before the page's last instant, so none made at that
        // instant is left out or counted twice; a page that is all one instant is read whole.
        const last = page[page.length - 1].createdAt;
        batch = page.filter((r) => r.createdAt < last);
        next = last;
        if (batch.length === 0) {
          batch = await this.recordings.find({ createdAt: last }, fields);
          next = last + 1;
        }
      }
      const deltas: Delta[] = [];
      for (const rec of batch) {
        const segs = await this.segments.find(
          { recordingId: rec._id },
          { projection: { history: 1, start: 1, end: 1 } },
        );
        read += segs.length;
        for (const seg of segs)
          seg.history.forEach((h, i) => {
            if (h.at >= since) return; // counted live
            if (h.kind === 'submitted') deltas.push(...submissionDelta(seg, i));
            if (h.kind === 'approved') deltas.push(...approvalDelta(seg, i));
          });
      }
      await this.apply(deltas);
      await this.totals.updateOne(
        { _id: BACKFILL_ID },
        { $set: next === null ? { cursor: null, backfilled: true } : { cursor: next } },
      );
    }
  }

  private async apply(deltas: Delta[]): Promise<void> {
    const merged = new Map<string, Counters>();
    for (const d of deltas) {
      const m = merged.get(d.userId) ?? { ...ZERO };
      for (const k of COUNTERS) m[k] += d.inc[k] ?? 0;
      merged.set(d.userId, m);
    }
    for (const [userId, inc] of merged)
      await this.totals.updateOne({ _id: userId }, { $inc: inc }, { upsert: true });
  }
}

const BACKFILL_ID = '~backfill';
const COUNTERS = [
  'segments',
  'audioSec',
  'errors',
  'refWords',
  'reviewed',
  'heardSum',
  'heardCount',
] as const;
type Counters = Record<(typeof COUNTERS)[number], number>;
const ZERO: Counters = {
  segments: 0,
  audioSec: 0,
  errors: 0,
  refWords: 0,
  reviewed: 0,
  heardSum: 0,
  heardCount: 0,
};
type Delta = { userId: string; inc: Partial<Counters> };
type HistoryOf = Pick<SegmentDoc, 'history' | 'start' | 'end'>;

/** What the submission at `history[i]` adds: a new segment for its author the first time, and its heard share. */
function submissionDelta(seg: HistoryOf, i: number): Delta[] {
  const h = seg.history[i];
  if (h?.kind !== 'submitted') return [];
  const first = !seg.history.slice(0, i).some((e) => e.kind === 'submitted' && e.by === h.by);
  const inc: Partial<Counters> = first ? { segments: 1, audioSec: seg.end - seg.start } : {};
  if (h.heardRatio !== undefined) Object.assign(inc, { heardSum: h.heardRatio, heardCount: 1 });
  return [{ userId: h.by, inc }];
}

/** What the approval at `history[i]` adds: the word errors of the last submission before it, the one the reviewer judged. */
function approvalDelta(seg: HistoryOf, i: number): Delta[] {
  const approved = seg.history[i];
  if (approved?.kind !== 'approved') return [];
  const last = seg.history
    .slice(0, i)
    .reverse()
    .find((e) => e.kind === 'submitted');
  if (!last) return [];
  const c = werCounts(joinTurns(last), joinTurns(approved));
  return [{ userId: last.by, inc: { errors: c.errors, refWords: c.refWords, reviewed: 1 } }];
}
