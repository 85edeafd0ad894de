/**
 * A year of finished work must cost the active work nothing: with an archive of completed
 * recordings in the store, claiming, saving, submitting, reviewing and listing read no archived
 * document, memory holds only the active work, and no query SQLite runs scans a collection.
 * (Embedded engine: what it holds and reads is what is measured; MongoDB has its indexes.)
 */
import { expect } from 'chai';
import type { EarningDoc, SegmentDoc } from '../../server/domain.ts';
import { EmbeddedStore } from '../../server/store/embedded/store.ts';
import { SEGMENTS_PER_RECORDING, writeArchive } from '../../scripts/bench-archive/archive.ts';
import { makeWorld, startServer } from '../helpers/server.ts';
import type { TestServer, World } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';

const ARCHIVED = 3 * SEGMENTS_PER_RECORDING * 10;

describe('an archive of finished work', function () {
  this.timeout(120_000);
  let srv: TestServer;
  let w: World;
  let store: EmbeddedStore;
  const read = () => {
    const s = store.stats();
    return { segments: s.segments.rowsRead, recordings: s.recordings.rowsRead };
  };

  before(async function () {
    if (process.env.MONGODB_URI) this.skip();
    srv = await startServer();
    w = await makeWorld(srv, 1);
    store = srv.running.services.store as EmbeddedStore;
    const world = { orgId: w.orgA, transcriberIds: ['gone-1', 'gone-2'], reviewerId: 'gone-3' };
    await writeArchive(store, world, ARCHIVED, Date.now() - 86_400_000, () => undefined);
  });
  after(() => srv?.stop());

  it('costs no memory: only the active work is held', async () => {
    const before = store.stats().segments.resident;
    const { segments } = await seedRecording(srv, w.orgA, { segments: 4 });
    expect(store.stats().segments.resident).to.equal(before + segments.length);
    expect(store.stats().segments.resident).to.be.below(ARCHIVED / 10);
    expect(await store.collection('segments').countDocuments({ status: 'approved' })).to.be.at.least(
      ARCHIVED,
    );
  });

  it('is not read to claim, save, submit, review or approve a segment', async () => {
    const { segments } = await seedRecording(srv, w.orgA, { segments: 3, priority: 50 });
    const [t] = w.transcribers;
    const steps: Array<[string, number]> = [];
    const step = async <R>(name: string, run: () => Promise<R>): Promise<R> => {
      const start = read();
      const out = await run();
      const end = read();
      expect(end.recordings - start.recordings, `${name}: recording rows read`).to.equal(0);
      steps.push([name, end.segments - start.segments]);
      return out;
    };
    const { segment } = await step('claim', () => t.ok('POST', '/api/work/claim'));
    expect(segment.id).to.equal(segments[0]._id);
    const turns = [{ speaker: 'Budi', start: segment.start, text: 'anggaran kuartal depan' }];
    const saved = await step('save', () =>
      t.ok('PUT', `/api/segments/${segment.id}/draft`, { turns, version: segment.version }),
    );
    await step('submit', () =>
      t.ok('POST', `/api/segments/${segment.id}/submit`, { turns, version: saved.version }),
    );
    const review = await step('review claim', () => w.reviewer.ok('POST', '/api/review/claim'));
    expect(review.segment.id).to.equal(segment.id);
    await step('approve', () =>
      w.reviewer.ok('POST', `/api/segments/${segment.id}/approve`, { version: review.segment.version }),
    );
    // A step may read the recording's own segments (to recount them, or for its speakers), never more.
    for (const [name, rows] of steps)
      expect(rows, `${name}: segment rows read`).to.be.at.most(2 * segments.length);
    expect(steps.find(([name]) => name === 'save')![1], 'a save reads nothing').to.equal(0);
    const approved = await store.collection<SegmentDoc>('segments').findOne({ _id: segment.id });
    expect(approved?.status).to.equal('approved');
  });

  it('is read once for the speakers of a recording whose segments many editors open at once', async () => {
    const { recording, segments } = await seedRecording(srv, w.orgA, { segments: 4 });
    const done = segments.slice(1).map((s) => s._id);
    // Three finished segments, out of memory now, name the speakers the editors offer.
    await store
      .collection<SegmentDoc>('segments')
      .updateMany(
        { _id: { $in: done } },
        { $set: { status: 'approved', turns: [{ speaker: 'Sari', start: 0, text: 'siap' }] } },
      );
    const start = read();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => srv.running.services.work.speakersOf(recording._id)),
    );
    for (const names of answers) expect(names).to.deep.equal(['Sari']);
    // One read of the recording's segments, not one per editor.
    expect(read().segments - start.segments, 'segment rows read').to.be.within(done.length, segments.length);
  });

  it("reads no more than the page to list a client's recordings, newest first", async () => {
    const start = read();
    const { recordings } = await w.clientA.ok('GET', '/api/recordings?limit=7');
    expect(recordings).to.have.length(7);
    const times = recordings.map((r: { createdAt: string }) => Date.parse(r.createdAt));
    expect(times).to.deep.equal([...times].sort((a, b) => b - a));
    // An index walk in date order: the page, and the first row after it (to see where equal dates end).
    expect(read().recordings - start.recordings).to.be.at.most(7 + 1);
  });

  it('is not read for the backlog, and earnings read only the lines asked for', async () => {
    const earnings = store.collection<EarningDoc>('earnings');
    const month = Date.UTC(2026, 0, 1);
    await earnings.insertMany(
      Array.from({ length: 3000 }, (_, i) => ({
        _id: `paid-${i}`,
        userId: `gone-${i % 3}`,
        orgId: w.orgA,
        recordingId: 'r',
        approvedAt: month + i * 60_000,
        audioSec: 60,
        turnaround: 'standard',
        verbatim: 'clean' as const,
        currency: 'USD',
        amount: 1,
        werErrors: 0,
        werRefWords: 10,
      })),
    );
    const start = read();
    await srv.admin.ok('GET', '/api/admin/backlog');
    expect(read(), 'rows read for the backlog').to.deep.equal(start);

    const rows = () => store.stats().earnings.rowsRead;
    const before = rows();
    const mine = await w.transcribers[0].ok('GET', '/api/earnings?month=2026-01');
    expect(mine.lines).to.deep.equal([]);
    const one = await srv.admin.ok('GET', '/api/earnings?month=2026-01&userId=gone-1');
    expect(one.lines).to.have.length(1000);
    // The transcriber's (empty) month and one person's month: their own lines and an index step each.
    expect(rows() - before).to.be.at.most(1000 + 2);
  });

  it('runs every SQL statement through an index, never a scan of the table', () => {
    const plans = store.queryPlans();
    expect(plans.length).to.be.above(5);
    for (const { collection, sql, plan } of plans) {
      if (sql.startsWith('INSERT')) continue;
      expect(plan, `${collection}: ${sql}`).not.to.match(/\bSCAN\b/);
      expect(plan, `${collection}: ${sql}`).to.match(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
    }
  });
});
