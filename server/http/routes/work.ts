import { z } from 'zod';
import { endpoint, NO_CONTENT, SENT, type Deps, type Endpoint } from '../contract.ts';
import { turnsSchema, versionSchema } from '../validate.ts';
import { cleanTyped } from '../../text-safety.ts';
import { peopleOf, segmentJson } from '../../views.ts';
import { AUDIO_TYPES, audioType, sendBlob } from '../media.ts';
import type { SegmentDoc } from '../../domain.ts';
import { orderView } from '../../services/orders.ts';
import type { Principal } from '../../services/auth.ts';
import * as S from '../schemas.ts';

const heard = z.number().min(0).max(1).optional();
const draftBody = z.strictObject({
  turns: turnsSchema,
  version: versionSchema,
  heardRatio: heard,
  /** Seconds the editor had focus on this segment so far (the quality figures). */
  editingSeconds: z
    .number()
    .min(0)
    .max(7 * 24 * 3600)
    .optional(),
});
const approveBody = z.strictObject({ turns: turnsSchema.optional(), version: versionSchema });
/** A transcriber may name which of the segments returned to them to take back first. */
const claimBody = z
  .strictObject({ segmentId: z.string().min(1).max(64).optional().describe('one of your returned segments') })
  .optional();
const returnBody = z.strictObject({
  comment: z.string().max(4000).transform(cleanTyped).pipe(z.string().trim().min(1, 'say what needs fixing')),
  version: versionSchema,
});

/** A segment as its editor gets it; the reads it needs run side by side. */
const render = async (d: Deps, p: Principal, seg: SegmentDoc) => {
  const [rec, org, speakers, names, draft] = await Promise.all([
    d.s.work.recordingOf(seg),
    d.s.work.orgOf(seg),
    d.s.work.speakersOf(seg.recordingId),
    p.role === 'transcriber' ? undefined : d.s.accounts.namesOf(peopleOf(seg)),
    d.s.drafts.forSegment(seg),
  ]);
  return segmentJson(seg, p.role, {
    participants: rec?.participants ?? [],
    speakers,
    order: orderView(org, rec),
    names,
    draft,
  });
};
const claimed = async (d: Deps, p: Principal, kind: 'transcribe' | 'review', segmentId?: string) => {
  const c = await d.s.work.claim(p, kind, segmentId);
  if (!c) return NO_CONTENT;
  // The answer waits for the claim's audit entry and counts; the segment's view is read meanwhile.
  const [segment] = await Promise.all([render(d, p, c.segment), c.recorded]);
  return { segment, leaseExpiresAt: new Date(c.leaseExpiresAt).toISOString() };
};
/** A write's body is validated only for callers who may know the segment exists; others get its 404. */
const segmentKnown = async ({ d, p, params }: { d: Deps; p: Principal; params: Record<string, string> }) => {
  await d.s.work.assertKnown(p, params.id);
};

const segmentAnswer = z.strictObject({ segment: S.segment });
const segmentsAnswer = z.strictObject({ segments: z.array(S.segment) });

export const workEndpoints: Endpoint[] = [
  endpoint({
    method: 'post',
    path: '/api/work/claim',
    hot: true,
    summary:
      'Claim the next open segment: your own returned segments first (segmentId picks one); 204 when there is none',
    roles: ['transcriber'],
    ok: 200,
    tag: 'work',
    body: claimBody,
    response: S.claim,
    handler: ({ d, p, body }) => claimed(d, p, 'transcribe', body?.segmentId),
  }),
  endpoint({
    method: 'get',
    path: '/api/work/mine',
    summary:
      'Segments the transcriber holds, and those returned to them (with the comment) waiting to be claimed',
    roles: ['transcriber'],
    ok: 200,
    tag: 'work',
    response: z.strictObject({ segments: z.array(S.segment), returned: z.array(S.returnedSegment) }),
    async handler({ d, p }) {
      const [held, returned] = await Promise.all([d.s.work.mine(p), d.s.work.returnedToMe(p)]);
      return {
        segments: await Promise.all(held.map((x) => render(d, p, x))),
        // Waiting for the caller only: where it lies, why it came back and until when it waits.
        returned: returned.map(returnedJson),
      };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/segments/{id}',
    summary: 'A segment (holder, reviewers, admins)',
    roles: ['admin', 'transcriber', 'reviewer'],
    ok: 200,
    tag: 'work',
    response: segmentAnswer,
    async handler({ d, p, params }) {
      return { segment: await render(d, p, await d.s.work.getVisible(p, params.id)) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/segments/{id}/audio',
    summary: 'Segment audio with context (Range)',
    roles: ['admin', 'transcriber', 'reviewer'],
    ok: 200,
    tag: 'work',
    produces: AUDIO_TYPES,
    async handler({ req, res, d, p, params }) {
      const seg = await d.s.work.getVisible(p, params.id);
      await sendBlob(req, res, d.s.blobs, seg.audioKey, audioType(seg.audioKey));
      return SENT;
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/segments/{id}/peaks',
    summary: 'Segment waveform peaks',
    roles: ['admin', 'transcriber', 'reviewer'],
    ok: 200,
    tag: 'work',
    produces: ['application/json'],
    async handler({ req, res, d, p, params }) {
      const seg = await d.s.work.getVisible(p, params.id);
      await sendBlob(req, res, d.s.blobs, seg.peaksKey, 'application/json');
      return SENT;
    },
  }),
  endpoint({
    method: 'put',
    path: '/api/segments/{id}/draft',
    hot: true,
    summary: 'Save a draft; renews the lease',
    roles: ['transcriber', 'reviewer'],
    ok: 200,
    tag: 'work',
    body: draftBody,
    known: segmentKnown,
    response: S.draftSaved,
    async handler({ d, p, params, body: b }) {
      const out = await d.s.work.saveDraft(p, params.id, b.turns, b.version, b.heardRatio, b.editingSeconds);
      return { version: out.version, leaseExpiresAt: new Date(out.leaseExpiresAt).toISOString() };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/segments/{id}/submit',
    hot: true,
    summary: 'Submit for review',
    roles: ['transcriber'],
    ok: 200,
    tag: 'work',
    body: draftBody,
    known: segmentKnown,
    response: segmentAnswer,
    async handler({ d, p, params, body: b }) {
      const seg = await d.s.work.submit(p, params.id, b.turns, b.version, b.heardRatio, b.editingSeconds);
      return { segment: await render(d, p, seg) };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/segments/{id}/release',
    summary: 'Give the segment back, keeping the draft',
    roles: ['transcriber', 'reviewer'],
    ok: 204,
    tag: 'work',
    async handler({ d, p, params }) {
      await d.s.work.release(p, params.id);
      return NO_CONTENT;
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/review/claim',
    summary: 'Claim the next submitted segment (204 when there is none)',
    roles: ['reviewer'],
    ok: 200,
    tag: 'review',
    response: S.claim,
    handler: ({ d, p }) => claimed(d, p, 'review'),
  }),
  endpoint({
    method: 'get',
    path: '/api/review/mine',
    summary: 'Segments the reviewer holds',
    roles: ['reviewer'],
    ok: 200,
    tag: 'review',
    response: segmentsAnswer,
    async handler({ d, p }) {
      return { segments: await Promise.all((await d.s.work.mine(p)).map((x) => render(d, p, x))) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/review/recordings',
    summary: 'Recordings in work (no client names)',
    roles: ['admin', 'reviewer'],
    ok: 200,
    tag: 'review',
    response: z.strictObject({ recordings: z.array(S.reviewRecordingSummary) }),
    async handler({ d, p }) {
      return { recordings: await d.s.review.recordings(p) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/review/recordings/{id}',
    summary: 'Whole-recording view: every segment’s turns',
    roles: ['admin', 'reviewer'],
    ok: 200,
    tag: 'review',
    response: S.reviewRecordingDetail,
    handler: ({ d, p, params }) => d.s.review.wholeRecording(p, params.id),
  }),
  endpoint({
    method: 'post',
    path: '/api/segments/{id}/approve',
    summary: 'Approve, optionally with corrections',
    roles: ['reviewer'],
    ok: 200,
    tag: 'review',
    body: approveBody,
    known: segmentKnown,
    response: segmentAnswer,
    async handler({ d, p, params, body: b }) {
      return { segment: await render(d, p, await d.s.work.approve(p, params.id, b.version, b.turns)) };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/segments/{id}/return',
    summary: 'Return to transcribers with a comment',
    roles: ['reviewer'],
    ok: 200,
    tag: 'review',
    body: returnBody,
    known: segmentKnown,
    response: segmentAnswer,
    async handler({ d, p, params, body: b }) {
      const seg = await d.s.work.returnToTranscriber(p, params.id, b.version, b.comment);
      return { segment: await render(d, p, seg) };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/segments/{id}/reopen',
    summary: 'Reopen a segment closed as [no speech]',
    roles: ['admin', 'reviewer'],
    ok: 200,
    tag: 'review',
    response: segmentAnswer,
    async handler({ d, p, params }) {
      return { segment: await render(d, p, await d.s.work.reopen(p, params.id)) };
    },
  }),
];

/** A segment waiting for its transcriber, as their Work page lists it (no text until claimed). */
function returnedJson(seg: SegmentDoc) {
  const last = seg.comments.at(-1);
  return {
    id: seg._id,
    recordingId: seg.recordingId,
    index: seg.index,
    start: seg.start,
    end: seg.end,
    comment: last?.text ?? '',
    returnedAt: last ? new Date(last.at).toISOString() : null,
    holdUntil: seg.returnHoldUntil ? new Date(seg.returnHoldUntil).toISOString() : null,
  };
}
