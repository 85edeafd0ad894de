import { collectionOf } from '../../server/services/collections.ts';
import { expect } from 'chai';
import { startServer, makeWorld, until, type TestServer, type World } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';

const DAY = 24 * 3600 * 1000;

describe('retention', () => {
  let srv: TestServer;
  let w: World;
  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 0);
  });
  after(() => srv.stop());

  it('purges, in the daily job, recordings older than the organisation keeps them, and records what it deleted', async () => {
    await srv.admin.ok('PATCH', `/api/orgs/${w.orgA}`, { retentionDays: 7 });
    const old = await seedRecording(srv, w.orgA, { segments: 2, title: 'Old board meeting' });
    const recent = await seedRecording(srv, w.orgA, { segments: 1, title: 'Recent call' });
    const otherOrg = await seedRecording(srv, w.orgB, { segments: 1, title: 'Kept: no retention set' });
    const s = srv.running.services;
    for (const r of [old, otherOrg]) {
      await collectionOf(s.store, 'recordings').updateOne(
        { _id: r.recording._id },
        { $set: { createdAt: Date.now() - 10 * DAY } },
      );
    }
    const job = await s.queue.enqueue('purge', {}, { dedupeKey: 'purge:retention-test' });
    await until(
      async () => ((await s.queue.get(job._id))?.status === 'done' ? true : null),
      30_000,
      'purge job done',
    );

    expect((await w.clientA.req('GET', `/api/recordings/${old.recording._id}`)).status).to.equal(404);
    expect(await s.store.collection('segments').countDocuments({ recordingId: old.recording._id })).to.equal(
      0,
    );
    expect(await s.blobs.stat(old.recording.peaksKey!)).to.equal(null);
    expect(await s.blobs.stat(old.segments[0].audioKey)).to.equal(null);
    expect((await w.clientA.req('GET', `/api/recordings/${recent.recording._id}`)).status).to.equal(200);
    expect((await w.clientB.req('GET', `/api/recordings/${otherOrg.recording._id}`)).status).to.equal(200);

    const audit = await srv.admin.ok('GET', '/api/audit?action=retention.purge');
    const entry = audit.entries.find((e: { orgId: string }) => e.orgId === w.orgA);
    expect(entry.details.recordings.map((r: { id: string }) => r.id)).to.deep.equal([old.recording._id]);
    const each = await srv.admin.ok('GET', '/api/audit?action=recording.purge');
    expect(each.entries.some((e: { target: string }) => e.target === old.recording._id)).to.equal(true);
    // The next day's purge is queued already.
    expect(
      await collectionOf(s.store, 'jobs').countDocuments({ name: 'purge', status: 'queued' }),
    ).to.be.greaterThan(0);
  });
});
