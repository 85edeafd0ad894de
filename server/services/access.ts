/**
 * Who may read, change or learn of a segment or a recording in the workflow. Services ask here
 * first; routes only check the caller's role. Need-to-know: a transcriber or reviewer reaches the
 * segments it holds, a reviewer also the whole-recording view of recordings in review; a completed
 * recording is changed by nobody but an admin (every change is audited by the service doing it).
 */
import type { RecordingDoc, RecordingStatus, SegmentDoc, SegmentStatus } from '../domain.ts';
import type { Principal } from './auth.ts';
import { leaseRuns } from './lease.ts';

/** Statuses in which a recording is in review: its segments are being transcribed or reviewed. */
export const IN_REVIEW: readonly RecordingStatus[] = ['transcribing', 'reviewing'];

/** The segment status in which a role holds a lease on it. */
const HELD_AS: Partial<Record<Principal['role'], SegmentStatus>> = {
  transcriber: 'assigned',
  reviewer: 'reviewing',
};

/** The caller holds the segment's lease now. */
export function holdsSegment(p: Principal, seg: SegmentDoc, now: number): boolean {
  return seg.holderId === p.id && seg.status === HELD_AS[p.role] && leaseRuns(seg.leaseExpiresAt, now);
}

/** Read a segment, its audio and its peaks: its holder while the lease runs; admins always. */
export function mayReadSegment(p: Principal, seg: SegmentDoc, now: number): boolean {
  return p.role === 'admin' || holdsSegment(p, seg, now);
}

/**
 * Learn that a segment exists (a write's 409 or 400 tells that much): admins, and whoever holds,
 * held, submitted or reviewed it. Everyone else gets 404 before the body is even validated.
 */
export function mayKnowSegment(p: Principal, seg: SegmentDoc): boolean {
  if (p.role === 'admin') return true;
  if (p.role !== 'transcriber' && p.role !== 'reviewer') return false;
  return (
    seg.holderId === p.id ||
    seg.transcriberId === p.id ||
    seg.reviewerId === p.id ||
    (seg.pastHolders ?? []).includes(p.id)
  );
}

/**
 * Change a recording's speaker map or reopen its segments: admins always; reviewers while the
 * recording is in review, never once it is completed (the client's transcript would change).
 */
export function mayReviewRecording(p: Principal, rec: Pick<RecordingDoc, 'status'>): boolean {
  if (p.role === 'admin') return true;
  return p.role === 'reviewer' && IN_REVIEW.includes(rec.status);
}

/**
 * The recording statuses whose whole-recording view (and place in the review list) a caller may
 * see: reviewers those in review, admins completed ones too. A filter, so the list is one query.
 */
export function reviewListStatuses(p: Principal): readonly RecordingStatus[] {
  return p.role === 'admin' ? [...IN_REVIEW, 'completed'] : p.role === 'reviewer' ? IN_REVIEW : [];
}
