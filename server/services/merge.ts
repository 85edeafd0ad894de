import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import type { RecordingDoc, SegmentDoc } from '../domain.ts';
import { mergeTranscript, type Transcript } from '../transcript/index.ts';
import type { RecordingService } from './recordings.ts';
import type { WebhookService } from './webhooks.ts';
import type { AuditService } from './audit.ts';
import type { SearchService } from './search.ts';
import type { NoticeService } from './notices.ts';

/** The transcript of a recording as its approved segments make it now. */
export async function loadTranscript(
  segments: Collection<SegmentDoc>,
  rec: RecordingDoc,
): Promise<Transcript> {
  const segs = await segments.find({ recordingId: rec._id, status: 'approved' }, { sort: { index: 1 } });
  return mergeTranscript({
    recording: {
      id: rec._id,
      title: rec.title,
      filename: rec.filename,
      language: rec.language,
      durationSec: rec.durationSec,
      createdAt: rec.createdAt,
      completedAt: rec.completedAt,
      participants: rec.participants,
    },
    segments: segs.map((s) => ({ index: s.index, start: s.start, end: s.end, turns: s.turns })),
    speakerMap: rec.speakerMap,
  });
}

/**
 * Merging: the transcript is built from the approved segments whenever it is asked for, so a later
 * speaker-map change shows at once; the merge job checks completeness and marks the recording completed.
 */
export class MergeService {
  private readonly segments: Collection<SegmentDoc>;
  constructor(
    store: Store,
    private readonly recordings: RecordingService,
    private readonly webhooks: WebhookService,
    private readonly audit: AuditService,
    private readonly search: SearchService,
    private readonly notices: NoticeService,
  ) {
    this.segments = collectionOf(store, 'segments');
  }

  transcript(rec: RecordingDoc): Promise<Transcript> {
    return loadTranscript(this.segments, rec);
  }

  /**
   * Idempotent: completes the recording when every segment is approved, indexes it for search,
   * then announces it (audit entry, webhook) exactly once, also when a crash interrupted an
   * earlier run anywhere between the three (a rerun indexes it again, replacing what it had).
   */
  async run(recordingId: string): Promise<void> {
    let rec = await this.recordings.byId(recordingId);
    if (!rec || rec.status === 'failed') return;
    if (rec.status !== 'completed') {
      const total = await this.segments.countDocuments({ recordingId });
      const approved = await this.segments.countDocuments({ recordingId, status: 'approved' });
      if (total === 0 || approved !== total) return;
      // Build once to prove the merge works before the client is told it is ready.
      await this.transcript(rec);
      rec = await this.recordings.markCompleted(recordingId);
      if (!rec) return;
      await this.recordings.refresh(recordingId);
    }
    // Before the announcement: a client told the transcript is ready can search it at once.
    await this.search.indexRecording(recordingId);
    const once = `completed-${recordingId}-${rec.completedAt}`;
    await this.audit.record(
      { id: null },
      'recording.completed',
      recordingId,
      { segments: rec.segments.total },
      rec.orgId,
      once,
    );
    await this.webhooks.notify('recording.completed', rec, once);
    await this.notices.announce('recording.completed', recordingId, once);
  }
}
