/**
 * What the transcribers have heard of a segment's own audio, kept on the server as time ranges
 * (recording seconds) and combined across sessions, browsers and people: a segment handed from one
 * transcriber to the next keeps what the first one listened to. Reviewers read the figure.
 */
import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import type { SegmentDoc } from '../domain.ts';
import { ConflictError } from '../errors.ts';
import { HeardTracker } from '../../client/lib/heard.ts';
import type { Principal } from './auth.ts';
import type { Lease } from './lease.ts';
import type { WorkService } from './work.ts';

export type Range = [start: number, end: number];

export interface Heard {
  heard: Range[];
  heardRatio: number;
}

/** Ranges are kept to a tenth of a second, inward: no caller can grow a segment with slivers. */
const GRID = 10;

/**
 * `[s, e]` clipped to the segment's own part, its inner ends shrunk to the tenth-of-a-second grid
 * (the segment's own bounds stay exact, wherever they fall); null when nothing of it is left.
 */
function snapped([s, e]: Range, seg: Pick<SegmentDoc, 'start' | 'end'>): Range | null {
  const a = s <= seg.start ? seg.start : Math.ceil(s * GRID - 1e-9) / GRID;
  const b = e >= seg.end ? seg.end : Math.floor(e * GRID + 1e-9) / GRID;
  return b > a ? [a, b] : null;
}

/**
 * The union of what was heard before and `ranges`, clipped to the segment's own part. Merged ranges
 * on a 0.1 s grid are at least 0.1 s apart, so a segment holds at most one per 0.2 s of audio.
 */
export function combineHeard(seg: Pick<SegmentDoc, 'start' | 'end' | 'heard'>, ranges: Range[]): Heard {
  const fresh = ranges.map((r) => snapped(r, seg)).filter((r): r is Range => r !== null);
  // The merging rule is the browser's own (client/lib/heard.ts), so both always agree.
  const union = new HeardTracker(seg.start, seg.end, [...(seg.heard ?? []), ...fresh]);
  return { heard: union.toJSON(), heardRatio: union.ratio };
}

export class HeardService {
  private readonly segments: Collection<SegmentDoc>;

  constructor(
    store: Store,
    private readonly work: WorkService,
    private readonly lease: Lease,
  ) {
    this.segments = collectionOf(store, 'segments');
  }

  /**
   * Adds ranges the holding transcriber listened to. The browser sends everything it heard each
   * time, so a write lost to a concurrent one (same holder, same moment) is made good by the next.
   */
  async add(p: Principal, id: string, ranges: Range[]): Promise<Heard> {
    const seg = await this.work.assertKnown(p, id);
    const next = combineHeard(seg, ranges);
    const done = await this.segments.updateOne(
      { _id: id, holderId: p.id, status: 'assigned', leaseExpiresAt: this.lease.running() },
      // The ratio only grows: an older client's figure (heardRatio on a draft) is never lowered.
      { $set: { heard: next.heard }, $max: { heardRatio: next.heardRatio } },
    );
    if (done.matchedCount === 0) {
      throw new ConflictError(
        'lease_expired',
        'Your hold on this segment has ended, so what you hear is no longer recorded. Claim it again to continue.',
        { status: seg.status },
      );
    }
    return { heard: next.heard, heardRatio: Math.max(next.heardRatio, seg.heardRatio ?? 0) };
  }
}
