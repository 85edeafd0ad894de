import type { Collection, Store } from '../store/types.ts';
import type { RecordingDoc, SegmentDoc } from '../domain.ts';
import { mergeTranscript, type Transcript } from '../transcript/index.ts';
import type { RecordingService } from './recordings.ts';
import type { WebhookService } from './webhooks.ts';
import type { AuditService } from './audit.ts';

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
  ) {
    this.segments = store.collection<SegmentDoc>('segments');
  }

  async transcript(rec: RecordingDoc): Promise<Transcript> {
    const segs = await this.segments.find(
      { recordingId: rec._id, status: 'approved' },
      { sort: { index: 1 } },
    );
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
   * Idempotent: completes the recording when every segment is approved, then announces it (audit
   * entry, webhook) exactly once, also when a crash interrupted an earlier run between the two.
   */
  async run(recordingId: string): Promise<void> {
    let rec = await this.recordings.recordings.findOne({ _id: recordingId });
    if (!rec || rec.status === 'failed') return;
    if (rec.status !== 'completed') {
      const total = await this.segments.countDocuments({ recordingId });
      const approved = await this.segments.countDocuments({ recordingId, status: 'approved' });
      if (total === 0 || approved !== total) return;
      // Build once to prove the merge works before the client is told it is ready.
      await this.transcript(rec);
      const now = Date.now();
      rec = await this.recordings.recordings.findOneAndUpdate(
        { _id: recordingId, status: { $in: ['transcribing', 'reviewing'] } },
        { $set: { status: 'completed', completedAt: now, updatedAt: now } },
      );
      if (!rec) return;
      await this.recordings.refresh(recordingId);
    }
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
  }
}
