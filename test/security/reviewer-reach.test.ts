/**
 * Reviewers work on a need-to-know basis: the segments they hold, and the whole-recording view of
 * recordings in review. A completed recording is the client's: only an admin changes it, audited.
 */
import { expect } from 'chai';
import type { SegmentDoc } from '../../server/domain.ts';
import { seedRecording } from '../helpers/seed.ts';
import { makeWorld, startServer, until, type TestServer, type World } from '../helpers/server.ts';

describe('reviewers reach only the work in front of them', () => {
  let srv: TestServer;
  let w: World;

  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 1);
  });
  after(async () => srv?.stop());

  const segments = () => srv.running.services.store.collection<SegmentDoc>('segments');

  /** A recording of org A taken to completed over HTTP: segment 0 closed as [no speech], segment 1 typed and approved. */
  async function completedRecording(): Promise<{ id: string; noSpeechId: string }> {
    // Top priority, so the claims below take this recording whatever other tests left open.
    const { recording, segments: segs } = await seedRecording(srv, w.orgA, {
      segments: 2,
      segmentSec: 30,
      priority: 10,
    });
    await segments().updateOne(
      { _id: segs[0]._id },
      {
        $set: {
          status: 'approved',
          autoClosed: true,
          turns: [{ speaker: '', start: 0, text: '[no speech]' }],
        },
      },
    );
    await srv.running.services.recordings.refresh(recording._id);
    const t = w.transcribers[0];
    const claimed = (await t.ok('POST', '/api/work/claim')).segment;
    expect(claimed.id).to.equal(segs[1]._id);
    await t.ok('POST', `/api/segments/${claimed.id}/submit`, {
      turns: [{ speaker: 'Speaker 1', start: 31, text: 'The budget is approved.' }],
      version: claimed.version,
    });
    const review = (await w.reviewer.ok('POST', '/api/review/claim')).segment;
    await w.reviewer.ok('POST', `/api/segments/${review.id}/approve`, { version: review.version });
    await until(async () => {
      const r = await w.clientA.ok('GET', `/api/recordings/${recording._id}`);
      return r.recording.status === 'completed';
    });
    return { id: recording._id, noSpeechId: segs[0]._id };
  }

  it('a reviewer cannot hear or read an open segment it does not hold', async () => {
    const { segments: segs } = await seedRecording(srv, w.orgA, { segments: 1, segmentSec: 30 });
    for (const part of ['', '/audio', '/peaks']) {
      const r = await w.reviewer.req('GET', `/api/segments/${segs[0]._id}${part}`);
      expect(r.status, `GET /api/segments/:id${part}`).to.equal(404);
    }
    expect((await srv.admin.req('GET', `/api/segments/${segs[0]._id}/audio`)).status).to.equal(200);
  });

  it("a reviewer's list shows recordings in review only, never completed ones", async () => {
    const done = await completedRecording();
    const { recording: inWork } = await seedRecording(srv, w.orgB, { segments: 1, segmentSec: 30 });
    const ids = (await w.reviewer.ok('GET', '/api/review/recordings')).recordings.map(
      (r: { id: string }) => r.id,
    );
    expect(ids).to.include(inWork._id);
    expect(ids).to.not.include(done.id);
    expect((await w.reviewer.req('GET', `/api/review/recordings/${done.id}`)).status).to.equal(404);
    const adminIds = (await srv.admin.ok('GET', '/api/review/recordings')).recordings.map(
      (r: { id: string }) => r.id,
    );
    expect(adminIds).to.include(done.id);
  });

  it("a reviewer cannot rename speakers in a completed recording; the client's download stays as approved", async () => {
    const done = await completedRecording();
    const before = (await w.clientA.req('GET', `/api/recordings/${done.id}/transcript?format=txt`)).text;
    const r = await w.reviewer.req('PUT', `/api/recordings/${done.id}/speakers`, {
      map: { 'Speaker 1': 'Mallory' },
    });
    expect(r.status).to.equal(404);
    const after = await w.clientA.req('GET', `/api/recordings/${done.id}/transcript?format=txt`);
    expect(after.status).to.equal(200);
    expect(after.text).to.equal(before);
    expect(after.text).to.not.include('Mallory');
  });

  it('an admin may rename speakers in a completed recording, and the audit log records it', async () => {
    const done = await completedRecording();
    await srv.admin.ok('PUT', `/api/recordings/${done.id}/speakers`, { map: { 'Speaker 1': 'Budi' } });
    const txt = (await w.clientA.req('GET', `/api/recordings/${done.id}/transcript?format=txt`)).text;
    expect(txt).to.include('Budi: The budget is approved.');
    const audit = await srv.running.services.audit.list({ limit: 50, action: 'recording.speakers' });
    const entry = audit.find((e) => e.target === done.id);
    expect(entry?.actorId).to.equal(srv.admin.user!.id);
    expect(entry?.details).to.deep.include({ recordingStatus: 'completed' });
  });

  it("a reviewer cannot reopen a segment of a completed recording, so the client's transcript stays ready", async () => {
    const done = await completedRecording();
    const r = await w.reviewer.req('POST', `/api/segments/${done.noSpeechId}/reopen`);
    expect(r.status).to.equal(404);
    const rec = (await w.clientA.ok('GET', `/api/recordings/${done.id}`)).recording;
    expect(rec.status).to.equal('completed');
    expect((await w.clientA.req('GET', `/api/recordings/${done.id}/transcript`)).status).to.equal(200);
  });

  it('a reviewer still reopens a [no speech] segment while its recording is in review', async () => {
    const { segments: segs } = await seedRecording(srv, w.orgA, { segments: 2, segmentSec: 30 });
    await segments().updateOne(
      { _id: segs[0]._id },
      {
        $set: {
          status: 'approved',
          autoClosed: true,
          turns: [{ speaker: '', start: 0, text: '[no speech]' }],
        },
      },
    );
    const r = await w.reviewer.ok('POST', `/api/segments/${segs[0]._id}/reopen`);
    expect(r.segment.status).to.equal('open');
  });
});
