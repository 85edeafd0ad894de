import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import type { OrgDoc, RecordingDoc, SegmentDoc } from '../domain.ts';
import { orderView } from './orders.ts';
import { NotFoundError } from '../errors.ts';
import type { Principal } from './auth.ts';
import { reviewListStatuses } from './access.ts';

/** What reviewers see of whole recordings: titles and merged text, never the client's organisation. */
export class ReviewService {
  private readonly recordingsCol: Collection<RecordingDoc>;
  private readonly segments: Collection<SegmentDoc>;
  private readonly orgs: Collection<OrgDoc>;
  constructor(store: Store) {
    this.recordingsCol = collectionOf(store, 'recordings');
    this.segments = collectionOf(store, 'segments');
    this.orgs = collectionOf(store, 'orgs');
  }

  async recordings(p: Principal) {
    const recs = await this.recordingsCol.find(
      { status: { $in: reviewListStatuses(p) } },
      { sort: { createdAt: -1 }, limit: 200 },
    );
    return recs.map((r) => ({
      id: r._id,
      title: r.title,
      status: r.status,
      durationSec: r.durationSec,
      segments: r.segments,
    }));
  }

  async wholeRecording(p: Principal, id: string) {
    const r = await this.recordingsCol.findOne({ _id: id });
    if (!r || !reviewListStatuses(p).includes(r.status)) throw new NotFoundError('recording');
    const segs = await this.segments.find(
      { recordingId: id },
      {
        sort: { index: 1 },
        projection: { index: 1, start: 1, end: 1, status: 1, turns: 1, autoClosed: 1, heardRatio: 1 },
      },
    );
    return {
      recording: {
        id: r._id,
        title: r.title,
        durationSec: r.durationSec,
        participants: r.participants,
        speakerMap: r.speakerMap,
        status: r.status,
      },
      // The client's rules, as the segment view gives them (orders.ts): no organisation name.
      order: this.order(await this.orgs.findOne({ _id: r.orgId }), r),
      segments: segs.map((s) => ({
        id: s._id,
        index: s.index,
        start: s.start,
        end: s.end,
        status: s.status,
        turns: s.turns,
        autoClosed: s.autoClosed,
        heardRatio: s.heardRatio,
      })),
    };
  }

  private order(org: OrgDoc | null, r: RecordingDoc) {
    const o = orderView(org, r);
    return { ...o, deadlineAt: o.deadlineAt === null ? null : new Date(o.deadlineAt).toISOString() };
  }
}
