/**
 * The admin's quality figures come from running totals (server/services/stats.ts), so they cost the
 * number of transcribers, not the archive. A store whose history predates the totals is counted once
 * by a background job at start-up.
 */
import { expect } from 'chai';
import { collectionOf } from '../../server/services/collections.ts';
import type { SegmentHistoryEntry, Turn } from '../../server/domain.ts';
import { makeTempDir } from '../helpers/store.ts';
import { makeWorld, startServer, until } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';

interface QualityRow {
  userId: string;
  segments: number;
  audioMinutes: number;
  wer: number | null;
  reviewedSegments: number;
  meanHeardRatio: number | null;
}

const said = (text: string): Turn[] => [{ speaker: 'Budi', start: 0, text }];

describe('admin quality figures', function () {
  this.timeout(60_000);

  it('counts work done before an upgrade once, in the background, and keeps counting new work on top', async () => {
    const dataDir = makeTempDir('notula-quality-');
    let srv = await startServer({ DATA_DIR: dataDir });
    let transcriberId = '';
    let transcriberEmail = '';
    try {
      const world = await makeWorld(srv, 1);
      transcriberId = world.transcribers[0].user!.id;
      transcriberEmail = world.transcribers[0].user!.email;
      const reviewerId = world.reviewer.user!.id;
      const { segments } = await seedRecording(srv, world.orgA, { segments: 3, segmentSec: 60 });
      // Two segments done the old way: submitted (one of them twice, after a return) and approved.
      const past = Date.now() - 86_400_000;
      const history = (i: number): SegmentHistoryEntry[] => [
        {
          kind: 'submitted',
          by: transcriberId,
          version: 1,
          turns: said('one two three four'),
          at: past + i,
          heardRatio: 1,
        },
        ...(i === 0
          ? [
              {
                kind: 'returned' as const,
                by: reviewerId,
                version: 2,
                turns: said('one two three four'),
                at: past + 10,
              },
              {
                kind: 'submitted' as const,
                by: transcriberId,
                version: 3,
                turns: said('one two three for'),
                at: past + 11,
                heardRatio: 0.5,
              },
            ]
          : []),
        { kind: 'approved', by: reviewerId, version: 9, turns: said('one two three four'), at: past + 20 },
      ];
      const col = collectionOf(srv.running.services.store, 'segments');
      for (const i of [0, 1])
        await col.updateOne(
          { _id: segments[i]._id },
          { $set: { status: 'approved', history: history(i), turns: said('one two three four') } },
        );
      // As a store written before running totals: none kept, no marker.
      await collectionOf(srv.running.services.store, 'transcriber_totals').deleteMany({});
    } finally {
      await srv.stop();
    }

    srv = await startServer({ DATA_DIR: dataDir });
    try {
      const rowOf = async (): Promise<QualityRow | undefined> =>
        ((await srv.admin.ok('GET', '/api/admin/quality')).transcribers as QualityRow[]).find(
          (r) => r.userId === transcriberId,
        );
      const before = await until(rowOf);
      // Segment 0 counted once although submitted twice; its last submission had 1 error in 4 words.
      expect(before).to.include({ segments: 2, audioMinutes: 2, reviewedSegments: 2, wer: 0.125 });
      expect(before.meanHeardRatio).to.equal(0.83);

      // New work on the same store is added live, not counted twice.
      const transcriber = srv.api();
      await transcriber.login(transcriberEmail, 'password-123');
      const claimed = await transcriber.ok('POST', '/api/work/claim');
      expect(claimed.segment.index).to.equal(2);
      await transcriber.ok('POST', `/api/segments/${claimed.segment.id}/submit`, {
        turns: [{ speaker: 'Budi', start: claimed.segment.start, text: 'five six' }],
        version: claimed.segment.version,
        heardRatio: 1,
      });
      const after = await rowOf();
      expect(after).to.include({ segments: 3, audioMinutes: 3, reviewedSegments: 2 });
    } finally {
      await srv.stop();
    }

    // A third start does not count the old history again.
    srv = await startServer({ DATA_DIR: dataDir });
    try {
      const rows = (await srv.admin.ok('GET', '/api/admin/quality')).transcribers as QualityRow[];
      expect(rows.find((r) => r.userId === transcriberId)).to.include({ segments: 3, reviewedSegments: 2 });
    } finally {
      await srv.stop();
    }
  });

  it('counts older history exactly once when it spans many pages and recordings made at the same instant', async () => {
    const srv = await startServer();
    try {
      const world = await makeWorld(srv, 1);
      const by = world.transcribers[0].user!.id;
      const reviewer = world.reviewer.user!.id;
      const s = srv.running.services;
      const recordings = collectionOf(s.store, 'recordings');
      const segmentsCol = collectionOf(s.store, 'segments');
      const past = Date.now() - 86_400_000;
      // Seven recordings of two segments each; four of them made at one instant.
      const made = [past, past, past, past, past + 1, past + 2, past + 3];
      for (const createdAt of made) {
        const { recording, segments } = await seedRecording(srv, world.orgA, { segments: 2, segmentSec: 30 });
        await recordings.updateOne({ _id: recording._id }, { $set: { createdAt } });
        for (const seg of segments)
          await segmentsCol.updateOne(
            { _id: seg._id },
            {
              $set: {
                status: 'approved',
                history: [
                  { kind: 'submitted', by, version: 1, turns: said('a b'), at: past },
                  { kind: 'approved', by: reviewer, version: 2, turns: said('a b'), at: past },
                ],
              },
            },
          );
      }
      const totals = collectionOf(s.store, 'transcriber_totals');
      await totals.deleteMany({});
      expect(await s.stats.startTotals(Date.now())).to.be.a('number');
      // Two recordings a page: the four made at one instant need the whole-instant read.
      expect(await s.stats.backfill(2)).to.equal(14);
      expect(await s.stats.backfill(2)).to.equal(0);
      expect(await totals.findOne({ _id: by })).to.include({ segments: 14, reviewed: 14, audioSec: 420 });
      expect(await s.stats.startTotals(Date.now())).to.equal(null);
    } finally {
      await srv.stop();
    }
  });
});
