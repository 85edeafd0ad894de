/**
 * What is left of a deleted recording's segments for the people who worked on them: the segment's
 * id and who held it, for TOMBSTONE_DAYS. A transcriber who comes back to a segment of a recording
 * its client deleted is told so, instead of a bare "not found" that reads like an expired hold;
 * anyone else still gets the plain 404, so nobody learns that an id they never held existed.
 */
import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import type { SegmentDoc, SegmentTombstoneDoc } from '../domain.ts';
import type { Clock } from './lease.ts';

/** Long enough for someone back from a weekend or a holiday; then the memory is freed. */
export const TOMBSTONE_DAYS = 14;

export class SegmentTombstones {
  private readonly col: Collection<SegmentTombstoneDoc>;

  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.col = collectionOf(store, 'segment_tombstones');
  }

  /** Remembers, for the people who held them, the segments of a recording that is being deleted. */
  async bury(
    segs: Pick<SegmentDoc, '_id' | 'pastHolders'>[],
    reason: SegmentTombstoneDoc['reason'],
  ): Promise<void> {
    const at = this.clock();
    const docs = segs
      .filter((s) => (s.pastHolders ?? []).length > 0)
      .map((s) => ({ _id: s._id, people: s.pastHolders ?? [], reason, at }));
    // The id comes from the filter: MongoDB refuses to set it again in the update.
    for (const { _id, ...rest } of docs)
      await this.col.updateOne({ _id }, { $setOnInsert: rest }, { upsert: true });
  }

  /** Why segment `id` is gone, when `userId` held it; null otherwise. */
  async reasonFor(id: string, userId: string): Promise<SegmentTombstoneDoc['reason'] | null> {
    const t = await this.col.findOne({ _id: id });
    return t && t.people.includes(userId) ? t.reason : null;
  }

  async purgeOld(): Promise<number> {
    const before = this.clock() - TOMBSTONE_DAYS * 24 * 3600 * 1000;
    return (await this.col.deleteMany({ at: { $lt: before } })).deletedCount;
  }
}
