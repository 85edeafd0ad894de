/**
 * The transcriber and reviewer workflow: leases, versioned drafts, submit, review, return, reopen.
 * A lease is held in the segment itself (holderId + leaseExpiresAt); every write is one atomic
 * findOneAndUpdate guarded by holder, lease and version, so two people never hold one segment.
 */
import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import type { OrgDoc, RecordingDoc, SegmentDoc, SegmentStatus, Turn } from '../domain.ts';
import { ConflictError, NotFoundError, RecordingDeletedError, ValidationError } from '../errors.ts';
import type { SegmentTombstones } from './tombstones.ts';
import type { AuditService } from './audit.ts';
import type { Principal } from './auth.ts';
import type { RecordingService } from './recordings.ts';
import type { StatsService } from './stats.ts';
import { mayKnowSegment, mayReadSegment, mayReviewRecording } from './access.ts';
import { leaseRuns, type Lease } from './lease.ts';
import type { BacklogService } from './backlog.ts';
import type { EarningsService } from './earnings.ts';
import type { NoticeService } from './notices.ts';

export interface Claimed {
  segment: SegmentDoc;
  leaseExpiresAt: number;
}

/** A claim granted: the segment is the caller's once `recorded` resolves (its audit entry and counts). */
export interface Granted extends Claimed {
  /** The claim's audit entry and the recording's counts; the answer waits for it (reads may run meanwhile). */
  recorded: Promise<unknown>;
}

/**
 * How long a recording's speaker names are remembered for the editor's picker. A burst of claims
 * on one recording then reads its segments once rather than once per claim; a suggestion list may
 * lag a few seconds behind what others type.
 */
const SPEAKERS_MEMO_MS = 5000;

const NO_SPEECH = '[no speech]';
/**
 * Claim order, the one place it is decided (transcribe and review alike): an admin's priority
 * first, then the earliest deadline (EDF); within the same deadline, segments handed out with a
 * usable machine draft (`draftRank` 1: correcting one is quicker than typing); then the oldest
 * recording, then its earliest segment. ensureIndexes (index.ts) declares `{status, ...CLAIM_SORT}`,
 * so a claim reads the queue through that index on both engines and never the archive. A segment
 * made before orders existed has no deadline and sorts before every dated one (null first, as
 * MongoDB and mingo both order it): it is the oldest work in the queue.
 */
export const CLAIM_SORT = {
  priority: -1,
  deadlineAt: 1,
  draftRank: -1,
  recordingCreatedAt: 1,
  index: 1,
} as const;

export class WorkService {
  private readonly segments: Collection<SegmentDoc>;
  private readonly recordingsCol: Collection<RecordingDoc>;
  private readonly orgs: Collection<OrgDoc>;
  private readonly speakerMemo = new Map<string, { names: Promise<string[]>; until: number }>();

  constructor(
    store: Store,
    private readonly audit: AuditService,
    private readonly recordings: RecordingService,
    private readonly notices: NoticeService,
    private readonly tombstones: SegmentTombstones,
    /** Transcribers' and reviewers' holds (LEASE_SECONDS), on the services' clock. */
    readonly lease: Lease,
    /** How long a returned segment waits for its transcriber (RETURN_HOLD_HOURS), on the same clock. */
    readonly returnHold: Lease,
    /** Running quality totals, counted at each submission and approval. */
    private readonly stats: StatsService,
    /** What an approval feeds besides the segment: throughput (backlog.ts) and earnings (earnings.ts). */
    private readonly approvals?: { backlog: BacklogService; earnings: EarningsService },
  ) {
    this.segments = collectionOf(store, 'segments');
    this.recordingsCol = collectionOf(store, 'recordings');
    this.orgs = collectionOf(store, 'orgs');
  }

  /** Segments the caller holds now (so a reload returns to them). */
  mine(p: Principal): Promise<SegmentDoc[]> {
    return this.segments.find(
      { holderId: p.id, status: { $in: ['assigned', 'reviewing'] }, leaseExpiresAt: this.lease.running() },
      { sort: { updatedAt: -1 } },
    );
  }

  /**
   * Returned segments waiting for the caller (who submitted them) while their return hold runs, with
   * the reviewer's comment: the Work page lists them. Served from the `returnedTo` index.
   */
  returnedToMe(p: Principal): Promise<SegmentDoc[]> {
    return this.segments.find(
      { returnedTo: p.id, status: 'open', returnHoldUntil: this.returnHold.running() },
      { sort: CLAIM_SORT },
    );
  }

  /**
   * Hands out the next segment: the one the caller holds already; else (transcribers) a segment
   * returned to them whose hold runs, `segmentId` first when given; else the queue's first open
   * segment that no return hold keeps for someone else, or a held one whose lease ran out.
   */
  async claim(p: Principal, kind: 'transcribe' | 'review', segmentId?: string): Promise<Granted | null> {
    const [from, to]: [SegmentStatus, SegmentStatus] =
      kind === 'transcribe' ? ['open', 'assigned'] : ['submitted', 'reviewing'];
    const now = this.lease.now();
    // Own returned segments come first, found through the `returnedTo` index (a handful per
    // person); read alongside the one the caller may hold already.
    const returned = {
      returnedTo: p.id,
      status: from,
      returnHoldUntil: this.returnHold.running(now),
      ...(segmentId ? { _id: segmentId } : {}),
    };
    const [held, ownReturned] = await Promise.all([
      this.segments.findOne({ holderId: p.id, status: to, leaseExpiresAt: this.lease.running(now) }),
      kind === 'transcribe' ? this.segments.findOne(returned, { sort: CLAIM_SORT }) : null,
    ]);
    if (held)
      return { segment: held, leaseExpiresAt: held.leaseExpiresAt ?? now, recorded: Promise.resolve() };
    const lease = this.lease.endsAt(now);
    const set: Record<string, unknown> = {
      status: to,
      holderId: p.id,
      leaseExpiresAt: lease,
      updatedAt: now,
    };
    if (kind === 'review') set.reviewerId = p.id;
    const update = { $set: set, $addToSet: { pastHolders: p.id } };
    // The document before the claim, so the recording's counts can follow the move.
    const before = { sort: CLAIM_SORT, returnDocument: 'before' } as const;
    let prev = ownReturned ? await this.segments.findOneAndUpdate(returned, update, before) : null;
    // Both branches pin `status`, so both engines serve this from the claim index: MongoDB walks
    // it once per branch and merges them in CLAIM_SORT order, the embedded engine takes the
    // union of the two statuses' documents (a few thousand at most: archived ones are not held).
    // A segment waiting for its transcriber is skipped until its return hold ends; an open segment
    // whose machine draft is on its way waits for it, but never past the draft's hold.
    const waiting = kind === 'transcribe' ? { draftHoldUntil: { $not: { $gt: now } } } : {};
    prev ??= await this.segments.findOneAndUpdate(
      {
        $or: [
          { status: from, returnHoldUntil: this.returnHold.notRunning(now), ...waiting },
          { status: to, leaseExpiresAt: this.lease.expired(now) },
        ],
      },
      update,
      before,
    );
    if (!prev) return null;
    const pastHolders = prev.pastHolders ?? [];
    const segment: SegmentDoc = {
      ...prev,
      ...(set as Partial<SegmentDoc>),
      pastHolders: pastHolders.includes(p.id) ? pastHolders : [...pastHolders, p.id],
    };
    const recorded = Promise.all([
      this.audit.record(
        p,
        kind === 'transcribe' ? 'segment.claim' : 'segment.review_claim',
        segment._id,
        { recordingId: segment.recordingId },
        segment.orgId,
      ),
      this.recordings.segmentMoved(segment.recordingId, prev.status, to),
    ]);
    return { segment, leaseExpiresAt: lease, recorded };
  }

  /** A segment the caller may read (access.ts: its holder, or an admin); 404 for everyone else. */
  async getVisible(p: Principal, id: string): Promise<SegmentDoc> {
    const seg = await this.segments.findOne({ _id: id });
    if (!seg) return this.gone(p, id);
    if (!mayReadSegment(p, seg, this.lease.now())) throw new NotFoundError('segment');
    return seg;
  }

  /** A segment that does not exist: its recording was deleted (told to those who held it), or 404. */
  private async gone(p: Principal, id: string): Promise<never> {
    const reason = await this.tombstones.reasonFor(id, p.id);
    throw reason ? new RecordingDeletedError(reason) : new NotFoundError('segment');
  }

  /**
   * 404 unless the caller may learn that the segment exists (access.ts). Writes check this before
   * validating the body, so a bad body tells nobody else that the id is real.
   */
  async assertKnown(p: Principal, id: string): Promise<SegmentDoc> {
    const seg = await this.segments.findOne({ _id: id });
    if (!seg) return this.gone(p, id);
    if (!mayKnowSegment(p, seg)) throw new NotFoundError('segment');
    return seg;
  }

  /** Explains why a guarded write matched nothing: 404, lease_expired or version_conflict. */
  private async whyNot(p: Principal, id: string, version: number, states: SegmentStatus[]): Promise<never> {
    const seg = await this.assertKnown(p, id);
    if (
      seg.holderId !== p.id ||
      !states.includes(seg.status) ||
      !leaseRuns(seg.leaseExpiresAt, this.lease.now())
    ) {
      throw new ConflictError(
        'lease_expired',
        'Your hold on this segment has ended (the lease expired or the segment moved on). Your last saved draft is kept; claim again to continue.',
        { status: seg.status },
      );
    }
    throw new ConflictError(
      'version_conflict',
      `This segment was saved elsewhere (version ${seg.version}, yours is ${version}). Reload to see both texts.`,
      { currentVersion: seg.version, currentTurns: seg.turns },
    );
  }

  private holderFilter(
    p: Principal,
    id: string,
    version: number,
    states: SegmentStatus[],
  ): Record<string, unknown> {
    return {
      _id: id,
      holderId: p.id,
      status: { $in: states },
      leaseExpiresAt: this.lease.running(),
      version,
    };
  }

  private heldStates(p: Principal): SegmentStatus[] {
    return p.role === 'transcriber'
      ? ['assigned']
      : p.role === 'reviewer'
        ? ['reviewing']
        : ['assigned', 'reviewing'];
  }

  async saveDraft(
    p: Principal,
    id: string,
    turns: Turn[],
    version: number,
    heardRatio?: number,
    editingSeconds?: number,
  ): Promise<{ version: number; leaseExpiresAt: number }> {
    const now = this.lease.now();
    const lease = this.lease.endsAt(now);
    const set: Record<string, unknown> = { turns, leaseExpiresAt: lease, updatedAt: now };
    if (editingSeconds !== undefined && p.role === 'transcriber') set.editingSeconds = editingSeconds;
    // What was heard only grows (a fresh browser knows less than the server: services/heard.ts).
    const heard = heardRatio !== undefined && p.role === 'transcriber' ? { $max: { heardRatio } } : {};
    const states = this.heldStates(p);
    // Only what the answer needs: the whole segment would be copied out for nothing.
    //
    // A draft save is not audited. It is the editor's autosave, every few seconds all day, by the
    // segment's holder alone: the audit entries of the claim before it and of the submit or release
    // after it already say who worked on the segment and when. One entry per autosave would make the
    // audit log almost nothing else (a year of a bureau's work: tens of millions of rows), bury
    // the entries that matter, and cost every save an insert into five indexes.
    const seg = await this.segments.findOneAndUpdate(
      this.holderFilter(p, id, version, states),
      { $set: set, $inc: { version: 1 }, ...heard },
      { projection: { version: 1 } },
    );
    if (!seg) return this.whyNot(p, id, version, states);
    return { version: seg.version, leaseExpiresAt: lease };
  }

  async submit(
    p: Principal,
    id: string,
    turns: Turn[],
    version: number,
    heardRatio?: number,
    editingSeconds?: number,
  ): Promise<SegmentDoc> {
    const current = await this.segments.findOne({ _id: id });
    if (current && current.holderId === p.id) validateTurns(current, turns);
    const now = this.lease.now();
    const entry = {
      kind: 'submitted' as const,
      by: p.id,
      version: version + 1,
      turns,
      at: now,
      ...(heardRatio !== undefined ? { heardRatio } : {}),
    };
    const seg = await this.segments.findOneAndUpdate(this.holderFilter(p, id, version, ['assigned']), {
      $set: {
        turns,
        status: 'submitted',
        holderId: null,
        leaseExpiresAt: null,
        transcriberId: p.id,
        returnedTo: null,
        returnHoldUntil: null,
        updatedAt: now,
        ...(heardRatio !== undefined ? { heardRatio } : {}),
        ...(editingSeconds !== undefined ? { editingSeconds } : {}),
      },
      $inc: { version: 1 },
      $push: { history: entry },
    });
    if (!seg) return this.whyNot(p, id, version, ['assigned']);
    await this.audit.record(p, 'segment.submit', id, { version: seg.version, heardRatio }, seg.orgId);
    await this.stats.onSubmitted(seg);
    await this.recordings.refresh(seg.recordingId);
    return seg;
  }

  async release(p: Principal, id: string): Promise<void> {
    const now = this.lease.now();
    const back: Record<string, SegmentStatus> = { assigned: 'open', reviewing: 'submitted' };
    const seg = await this.segments.findOne({ _id: id });
    if (!seg) return this.gone(p, id);
    if (seg.holderId !== p.id || !(seg.status in back)) throw new NotFoundError('segment');
    const r = await this.segments.findOneAndUpdate(
      { _id: id, holderId: p.id, status: seg.status },
      { $set: { status: back[seg.status], holderId: null, leaseExpiresAt: null, updatedAt: now } },
    );
    if (!r) throw new NotFoundError('segment');
    await this.audit.record(p, 'segment.release', id, {}, seg.orgId);
    await this.recordings.refresh(seg.recordingId);
  }

  async approve(p: Principal, id: string, version: number, turns?: Turn[]): Promise<SegmentDoc> {
    const current = await this.segments.findOne({ _id: id });
    if (turns && current && current.holderId === p.id) validateTurns(current, turns);
    const now = this.lease.now();
    const final = turns ?? current?.turns ?? [];
    const seg = await this.segments.findOneAndUpdate(this.holderFilter(p, id, version, ['reviewing']), {
      $set: {
        turns: final,
        status: 'approved',
        holderId: null,
        leaseExpiresAt: null,
        reviewerId: p.id,
        updatedAt: now,
      },
      $inc: { version: 1 },
      $push: { history: { kind: 'approved', by: p.id, version: version + 1, turns: final, at: now } },
    });
    if (!seg) return this.whyNot(p, id, version, ['reviewing']);
    if (this.approvals) {
      await this.approvals.earnings.recordApproval(seg, await this.recordingOf(seg), now);
      await this.approvals.backlog.recordApproved(seg.end - seg.start, now);
    }
    await this.audit.record(
      p,
      'segment.approve',
      id,
      { version: seg.version, corrected: turns !== undefined },
      seg.orgId,
    );
    await this.stats.onApproved(seg);
    await this.recordings.refresh(seg.recordingId);
    return seg;
  }

  async returnToTranscriber(p: Principal, id: string, version: number, comment: string): Promise<SegmentDoc> {
    const now = this.lease.now();
    const current = await this.segments.findOne({ _id: id });
    // Back to whoever submitted it, who alone may claim it while the hold runs.
    const to = current?.transcriberId ?? null;
    const hold = to && this.returnHold.ms > 0 ? this.returnHold.endsAt(now) : null;
    const seg = await this.segments.findOneAndUpdate(this.holderFilter(p, id, version, ['reviewing']), {
      $set: {
        status: 'open',
        holderId: null,
        leaseExpiresAt: null,
        returnedTo: to,
        returnHoldUntil: hold,
        updatedAt: now,
      },
      $inc: { version: 1 },
      $push: {
        comments: { by: p.id, role: p.role, text: comment, at: now },
        history: { kind: 'returned', by: p.id, version: version + 1, turns: current?.turns ?? [], at: now },
      },
    });
    if (!seg) return this.whyNot(p, id, version, ['reviewing']);
    await this.audit.record(
      p,
      'segment.return',
      id,
      { version: seg.version, comment, returnedTo: to, holdUntil: hold },
      seg.orgId,
    );
    if (to) await this.notices.announce('segment.returned', id, `${id}:${seg.version}`);
    await this.recordings.refresh(seg.recordingId);
    return seg;
  }

  /**
   * A reviewer reopens a segment that was closed as `[no speech]` without a transcriber, while its
   * recording is in review; only an admin reopens one of a completed recording.
   */
  async reopen(p: Principal, id: string): Promise<SegmentDoc> {
    const now = this.lease.now();
    const target = await this.segments.findOne({ _id: id });
    const rec = target && (await this.recordingOf(target));
    if (!rec || !mayReviewRecording(p, rec)) throw new NotFoundError('segment');
    const seg = await this.segments.findOneAndUpdate(
      { _id: id, autoClosed: true, status: 'approved' },
      { $set: { status: 'open', autoClosed: false, turns: [], updatedAt: now }, $inc: { version: 1 } },
    );
    if (!seg) {
      throw new ConflictError(
        'invalid_transition',
        'Only a segment closed automatically as [no speech] can be reopened.',
      );
    }
    await this.audit.record(p, 'segment.reopen', id, { recordingStatus: rec.status }, seg.orgId);
    await this.recordings.refresh(seg.recordingId);
    return seg;
  }

  /** Leases that ran out go back to the queue (their drafts stay); returns how many. */
  async expireLeases(): Promise<number> {
    const now = this.lease.now();
    const expired = await this.segments.find(
      { status: { $in: ['assigned', 'reviewing'] }, leaseExpiresAt: this.lease.expired(now) },
      { projection: { _id: 1, status: 1, recordingId: 1 } },
    );
    const touched = new Set<string>();
    for (const s of expired) {
      const back = s.status === 'assigned' ? 'open' : 'submitted';
      const r = await this.segments.updateOne(
        { _id: s._id, status: s.status, leaseExpiresAt: this.lease.expired(now) },
        { $set: { status: back, holderId: null, leaseExpiresAt: null, updatedAt: now } },
      );
      if (r.modifiedCount) touched.add(s.recordingId);
    }
    for (const id of touched) await this.recordings.refresh(id);
    return expired.length;
  }

  /** Marks segments with no speech as closed `[no speech]`; called by the ingest job. */
  static noSpeechTurns(seg: Pick<SegmentDoc, 'start'>): Turn[] {
    return [{ speaker: '', start: seg.start, text: NO_SPEECH }];
  }

  recordingOf(seg: SegmentDoc): Promise<RecordingDoc | null> {
    return this.recordingsCol.findOne({ _id: seg.recordingId });
  }

  /** The organisation a segment belongs to. */
  orgOf(seg: SegmentDoc): Promise<OrgDoc | null> {
    return this.orgs.findOne({ _id: seg.orgId });
  }

  /**
   * Distinct speaker names already used in a recording (for the editor's speaker picker), read at
   * most once per SPEAKERS_MEMO_MS: editors opening segments of one recording at the same moment
   * (a burst of claims) share one read of its segments.
   */
  speakersOf(recordingId: string): Promise<string[]> {
    const now = this.lease.now();
    const memo = this.speakerMemo.get(recordingId);
    if (memo && memo.until > now) return memo.names;
    const names = this.readSpeakers(recordingId);
    if (this.speakerMemo.size >= 1000) {
      for (const [id, m] of this.speakerMemo) if (m.until <= now) this.speakerMemo.delete(id);
      if (this.speakerMemo.size >= 1000) this.speakerMemo.clear();
    }
    this.speakerMemo.set(recordingId, { names, until: now + SPEAKERS_MEMO_MS });
    // A failed read is not remembered: the next editor reads again.
    names.catch(() => {
      if (this.speakerMemo.get(recordingId)?.names === names) this.speakerMemo.delete(recordingId);
    });
    return names;
  }

  private async readSpeakers(recordingId: string): Promise<string[]> {
    const segs = await this.segments.find({ recordingId }, { projection: { 'turns.speaker': 1 } });
    const names = new Set<string>();
    for (const s of segs) for (const t of s.turns ?? []) if (t.speaker) names.add(t.speaker);
    return [...names].sort();
  }
}

/** A submitted or approved transcript must hold at least one turn, each starting in the segment's own part. */
function validateTurns(seg: SegmentDoc, turns: Turn[]): void {
  if (turns.length === 0 || turns.every((t) => !t.text.trim())) {
    throw new ValidationError('Type at least one turn (or the tag [no speech]) before submitting.', {
      fields: ['turns'],
    });
  }
  const bad = turns.findIndex((t) => t.start < seg.start - 0.5 || t.start >= seg.end + 0.001);
  if (bad >= 0) {
    throw new ValidationError(
      `Turn ${bad + 1} starts at ${turns[bad].start.toFixed(2)} s, outside this segment's own part (${seg.start.toFixed(2)}–${seg.end.toFixed(2)} s). Speech that starts in the context belongs to the neighbouring segment.`,
      { fields: [`turns.${bad}.start`] },
    );
  }
}
