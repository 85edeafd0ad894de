import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import type { OrgDoc, RecordingDoc } from '../domain.ts';
import type { RecordingService } from './recordings.ts';
import type { AuditService } from './audit.ts';

const DAY_MS = 24 * 3600 * 1000;

/** The daily purge: recordings older than their organisation's retention are deleted for good. */
export class RetentionService {
  private readonly orgs: Collection<OrgDoc>;
  private readonly recordingsCol: Collection<RecordingDoc>;
  constructor(
    store: Store,
    private readonly recordings: RecordingService,
    private readonly audit: AuditService,
  ) {
    this.orgs = collectionOf(store, 'orgs');
    this.recordingsCol = collectionOf(store, 'recordings');
  }

  async purge(now = Date.now()): Promise<{ recordings: number }> {
    let purged = 0;
    const orgs = await this.orgs.find({ retentionDays: { $gt: 0 } });
    for (const org of orgs) {
      const cutoff = now - (org.retentionDays ?? 0) * DAY_MS;
      const old = await this.recordingsCol.find({ orgId: org._id, createdAt: { $lt: cutoff } });
      for (const rec of old) {
        await this.recordings.remove(null, rec, 'retention');
        purged++;
      }
      if (old.length) {
        await this.audit.record(
          { id: null },
          'retention.purge',
          org._id,
          {
            retentionDays: org.retentionDays,
            recordings: old.map((r) => ({
              id: r._id,
              title: r.title,
              createdAt: new Date(r.createdAt).toISOString(),
            })),
          },
          org._id,
        );
      }
    }
    return { recordings: purged };
  }
}
