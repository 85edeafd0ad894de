/**
 * Recordings: creation from uploads, listing and detail scoped to the caller's organisation,
 * status/count bookkeeping, speaker map and deletion.
 */
import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import type { OrgDoc, RecordingDoc, SegmentCounts, SegmentDoc, RecordingStatus } from '../domain.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { AuditService } from './audit.ts';
import type { Principal } from './auth.ts';
import type { ChangeBus } from './events.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { mayReviewRecording } from './access.ts';
import { leaseRuns, systemClock, type Clock } from './lease.ts';
import { safeFilename } from '../text-safety.ts';
import type { SearchService } from './search.ts';
import { deadlineFor, orderFields, type OrderMeta } from './orders.ts';
import type { SegmentTombstones } from './tombstones.ts';

export interface UploadMeta extends OrderMeta {
  filename: string;
  title?: string;
  language?: string;
  participants?: string[];
  segmentSeconds?: number;
  /** Admins upload on behalf of an organisation. */
  orgId?: string;
}

const EMPTY_COUNTS: SegmentCounts = { total: 0, open: 0, assigned: 0, submitted: 0, approved: 0 };

/** The counts a move between which `segmentMoved` adjusts in place. */
const COUNTED_IN_PLACE = new Set(['open', 'assigned']);

/** The count a segment in `status` is shown under (a segment under review still counts as submitted). */
function countedAs(status: SegmentDoc['status']): Exclude<keyof SegmentCounts, 'total'> {
  return status === 'reviewing' ? 'submitted' : status;
}

export class RecordingService {
  private readonly recordings: Collection<RecordingDoc>;
  private readonly segments: Collection<SegmentDoc>;
  private readonly orgs: Collection<OrgDoc>;

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly bus: ChangeBus,
    private readonly queue: JobQueue,
    private readonly search: SearchService,
    private readonly tombstones: SegmentTombstones,
    private readonly clock: Clock = systemClock,
  ) {
    this.recordings = collectionOf(store, 'recordings');
    this.segments = collectionOf(store, 'segments');
    this.orgs = collectionOf(store, 'orgs');
  }

  /** The organisation a caller uploads into; admins name it, clients use their own. */
  async uploadOrg(p: Principal, requested?: string): Promise<OrgDoc> {
    const orgId = p.role === 'admin' ? requested : p.orgId;
    if (!orgId) {
      throw new ValidationError(
        p.role === 'admin'
          ? 'Name the organisation to upload for: set orgId in the upload metadata.'
          : 'Only client and admin accounts can upload recordings.',
        { fields: ['orgId'] },
      );
    }
    const org = await this.orgs.findOne({ _id: orgId });
    if (!org) throw new ValidationError(`No organisation has the id "${orgId}".`, { fields: ['orgId'] });
    return org;
  }

  async create(
    p: Principal,
    id: string,
    org: OrgDoc,
    meta: UploadMeta,
    sizeBytes: number | null,
  ): Promise<RecordingDoc> {
    const filename = safeFilename(meta.filename);
    const order = orderFields(org, meta);
    const now = this.clock();
    const rec: RecordingDoc = {
      _id: id,
      orgId: org._id,
      createdBy: p.id,
      title: (meta.title?.trim() || filename.replace(/\.[^.]*$/, '')).slice(0, 200),
      filename,
      language: meta.language ?? null,
      participants: meta.participants ?? [],
      segmentSeconds: meta.segmentSeconds ?? null,
      status: 'uploading',
      error: null,
      progress: 0,
      durationSec: null,
      sizeBytes,
      sourceKey: null,
      playbackKey: null,
      peaksKey: null,
      classifier: null,
      speakerMap: {},
      segments: { ...EMPTY_COUNTS },
      priority: 0,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
      ...order,
      etaAt: null,
      atRisk: false,
    };
    await this.recordings.insertOne(rec);
    await this.audit.record(p, 'recording.upload_start', id, { filename, sizeBytes }, org._id);
    return rec;
  }

  /** The upload's bytes are stored under `sourceKey`: queue the ingest. */
  async markUploaded(
    p: Principal | null,
    id: string,
    sourceKey: string,
    sizeBytes: number,
  ): Promise<RecordingDoc> {
    const now = this.clock();
    const current = await this.recordings.findOne({ _id: id, status: 'uploading' });
    // The deadline runs from the last byte, with the hours the recording was ordered with.
    const deadlineAt = current ? deadlineFor(current, now) : null;
    const rec = await this.recordings.findOneAndUpdate(
      { _id: id, status: 'uploading' },
      { $set: { status: 'uploaded', sourceKey, sizeBytes, deadlineAt, updatedAt: now } },
    );
    if (!rec)
      throw new ConflictError('invalid_transition', 'This upload is finished or was deleted already.');
    await this.queue.enqueue('ingest', { recordingId: id }, { dedupeKey: `ingest:${id}`, maxAttempts: 3 });
    await this.audit.record(p ?? { id: null }, 'recording.upload', id, { sizeBytes }, rec.orgId);
    this.bus.recordingChanged(id);
    return rec;
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.recordings.updateOne(
      { _id: id, status: { $ne: 'completed' } },
      { $set: { status: 'failed', error, updatedAt: this.clock() } },
    );
    this.bus.recordingChanged(id);
  }

  async setStatus(id: string, status: RecordingStatus, extra: Partial<RecordingDoc> = {}): Promise<void> {
    await this.recordings.updateOne({ _id: id }, { $set: { ...extra, status, updatedAt: this.clock() } });
    this.bus.recordingChanged(id);
  }

  /** The recording, whoever asks: for jobs and the workflow, never for a caller's request. */
  byId(id: string): Promise<RecordingDoc | null> {
    return this.recordings.findOne({ _id: id });
  }

  /** Records what the ingest made: duration, playback audio, peaks and which classifier ran. */
  async setMedia(
    id: string,
    media: Pick<RecordingDoc, 'durationSec' | 'playbackKey' | 'peaksKey' | 'classifier'>,
  ): Promise<void> {
    await this.recordings.updateOne(
      { _id: id },
      { $set: { ...media, progress: 1, updatedAt: this.clock() } },
    );
  }

  /** Marks a recording in work as completed; null when it is not in work (completed already, deleted). */
  markCompleted(id: string): Promise<RecordingDoc | null> {
    const now = this.clock();
    return this.recordings.findOneAndUpdate(
      { _id: id, status: { $in: ['transcribing', 'reviewing'] } },
      { $set: { status: 'completed', completedAt: now, updatedAt: now } },
    );
  }

  /** Visible to the caller: its own organisation's, or any for admins. 404 otherwise. */
  async getVisible(p: Principal, id: string): Promise<RecordingDoc> {
    const rec = await this.findVisible(p, id);
    if (!rec) throw new NotFoundError('recording');
    return rec;
  }

  /** The recording when the caller may see it (its own organisation's, or any for admins); else null. */
  async findVisible(p: Principal, id: string): Promise<RecordingDoc | null> {
    if (p.role === 'admin') return this.recordings.findOne({ _id: id });
    if (p.role !== 'client' || !p.orgId) return null;
    return this.recordings.findOne({ _id: id, orgId: p.orgId });
  }

  list(
    p: Principal,
    opts: { limit: number; status?: RecordingStatus; orgId?: string },
  ): Promise<RecordingDoc[]> {
    const filter: Record<string, unknown> = {};
    if (p.role === 'admin') {
      if (opts.orgId) filter.orgId = opts.orgId;
    } else if (p.role === 'client' && p.orgId) filter.orgId = p.orgId;
    else return Promise.resolve([]);
    if (opts.status) filter.status = opts.status;
    return this.recordings.find(filter, { sort: { createdAt: -1 }, limit: opts.limit });
  }

  /**
   * Keeps the counts in step with one segment's move from `from` to `to`. A move between open and
   * assigned (a claim, a lease running out) cannot change the recording's status or remaining
   * audio, so it adjusts the two counts in place instead of recounting every segment; any other
   * move recounts (`refresh`).
   */
  async segmentMoved(id: string, from: SegmentDoc['status'], to: SegmentDoc['status']): Promise<void> {
    const was = countedAs(from);
    const now = countedAs(to);
    if (was === now) return;
    if (!COUNTED_IN_PLACE.has(was) || !COUNTED_IN_PLACE.has(now)) {
      await this.refresh(id);
      return;
    }
    const r = await this.recordings.updateOne(
      { _id: id, [`segments.${was}`]: { $gt: 0 } },
      { $inc: { [`segments.${was}`]: -1, [`segments.${now}`]: 1 }, $set: { updatedAt: this.clock() } },
    );
    // Counts out of step (a count already at 0) are put right by a full recount.
    if (r.matchedCount === 0) await this.refresh(id);
    else this.bus.recordingChanged(id);
  }

  /**
   * Recounts the segments by status and moves the recording between transcribing and reviewing;
   * queues the merge once every segment is approved.
   */
  async refresh(id: string, entering?: RecordingStatus): Promise<RecordingDoc | null> {
    const segs = await this.segments.find(
      { recordingId: id },
      { projection: { status: 1, start: 1, end: 1 } },
    );
    const counts: SegmentCounts = { ...EMPTY_COUNTS, total: segs.length };
    let remaining = 0;
    for (const s of segs) {
      counts[countedAs(s.status)]++;
      if (s.status !== 'approved') remaining += s.end - s.start;
    }
    // Kept here, where the segments are counted anyway, so the backlog never reads segments.
    const remainingAudioSec = Math.round(remaining * 1000) / 1000;
    const rec = await this.recordings.findOne({ _id: id });
    if (!rec) return null;
    const current = entering ?? rec.status;
    let status = current;
    const working = current === 'transcribing' || current === 'reviewing' || current === 'completed';
    if (working && counts.total > 0) {
      if (counts.approved === counts.total) status = current === 'completed' ? 'completed' : 'reviewing';
      else if (counts.open + counts.assigned === 0) status = 'reviewing';
      else status = 'transcribing';
    }
    const changed =
      status !== rec.status ||
      JSON.stringify(counts) !== JSON.stringify(rec.segments) ||
      remainingAudioSec !== rec.remainingAudioSec;
    if (changed) {
      await this.recordings.updateOne(
        { _id: id },
        {
          $set: {
            segments: counts,
            remainingAudioSec,
            status,
            updatedAt: this.clock(),
            ...(status !== 'completed' ? { completedAt: null } : {}),
          },
        },
      );
      this.bus.recordingChanged(id);
    }
    // A reopened segment takes the recording out of the completed ones, and so out of search.
    if (rec.status === 'completed' && status !== 'completed') await this.search.forget(id);
    if (working && counts.total > 0 && counts.approved === counts.total && rec.status !== 'completed') {
      await this.queue.enqueue('merge', { recordingId: id }, { maxAttempts: 5 });
    }
    return { ...rec, segments: counts, remainingAudioSec, status };
  }

  /** The recording when the caller may change its speakers or reopen its segments (access.ts); else 404. */
  async getReviewable(p: Principal, id: string): Promise<RecordingDoc> {
    const rec = await this.recordings.findOne({ _id: id });
    if (!rec || !mayReviewRecording(p, rec)) throw new NotFoundError('recording');
    return rec;
  }

  async setSpeakers(p: Principal, id: string, map: Record<string, string>): Promise<RecordingDoc> {
    const rec = await this.getReviewable(p, id);
    const clean: Record<string, string> = {};
    for (const [from, to] of Object.entries(map)) {
      const t = to.trim();
      if (from.trim() && t && t !== from) clean[from.trim()] = t.slice(0, 64);
    }
    const updated = await this.recordings.findOneAndUpdate(
      { _id: id },
      { $set: { speakerMap: clean, updatedAt: this.clock() } },
    );
    const renamed = await this.renameInSegments(id, clean);
    // Search shows the names the transcript shows: a completed recording is indexed again.
    if (rec.status === 'completed') await this.search.indexRecording(id);
    await this.audit.record(
      p,
      'recording.speakers',
      id,
      { map: clean, segments: renamed, recordingStatus: rec.status },
      rec.orgId,
    );
    this.bus.recordingChanged(id);
    return updated ?? rec;
  }

  /**
   * Renames speakers in the turns of every segment nobody is editing right now (a version bump
   * each, so a stale editor sees a conflict rather than undoing it). Segments held at this moment
   * keep their labels; the map stored on the recording renames those at merge.
   */
  private async renameInSegments(recordingId: string, map: Record<string, string>): Promise<number> {
    if (Object.keys(map).length === 0) return 0;
    const now = this.clock();
    const segs = await this.segments.find(
      { recordingId },
      { projection: { turns: 1, version: 1, holderId: 1, leaseExpiresAt: 1 } },
    );
    let renamed = 0;
    for (const seg of segs) {
      if (seg.holderId && leaseRuns(seg.leaseExpiresAt, now)) continue;
      if (!seg.turns.some((t) => Object.hasOwn(map, t.speaker))) continue;
      const turns = seg.turns.map((t) =>
        Object.hasOwn(map, t.speaker) ? { ...t, speaker: map[t.speaker] } : t,
      );
      const r = await this.segments.updateOne(
        { _id: seg._id, version: seg.version },
        { $set: { turns, updatedAt: now }, $inc: { version: 1 } },
      );
      renamed += r.modifiedCount;
    }
    return renamed;
  }

  /** Deletes the recording, its segments, media and jobs for good. */
  async remove(
    p: Principal | null,
    rec: RecordingDoc,
    reason: 'client' | 'retention' = 'client',
  ): Promise<void> {
    // First, so that a crash part-way leaves nothing findable of a recording that is going.
    await this.search.forget(rec._id);
    await this.recordings.deleteOne({ _id: rec._id });
    // Work in progress tells its people why it vanished; a completed recording has none.
    if (rec.status !== 'completed') {
      const held = await this.segments.find({ recordingId: rec._id }, { projection: { pastHolders: 1 } });
      await this.tombstones.bury(held, reason);
    }
    const segs = await this.segments.deleteMany({ recordingId: rec._id });
    // Draft words are the recording's words too: they go with it (DraftService stores them).
    await collectionOf(this.store, 'drafts').deleteMany({ recordingId: rec._id });
    const blobs = await this.store.blobs.deletePrefix(`rec/${rec._id}/`);
    await this.audit.record(
      p ?? { id: null },
      reason === 'retention' ? 'recording.purge' : 'recording.delete',
      rec._id,
      { title: rec.title, segments: segs.deletedCount, blobs },
      rec.orgId,
    );
    this.bus.recordingChanged(rec._id);
  }
}
