import { expect } from 'chai';
import { startServer, makeWorld, until, type TestServer, type World } from '../helpers/server.ts';
import { TestClock } from '../helpers/clock.ts';
import { seedRecording } from '../helpers/seed.ts';
import type { Api } from '../helpers/api.ts';

const turn = (start: number, text: string, speaker = 'Speaker 1') => ({ speaker, start, text });

describe('transcriber and reviewer workflow', () => {
  let srv: TestServer;
  let w: World;
  const clock = new TestClock();
  before(async () => {
    srv = await startServer({ LEASE_SECONDS: '60' }, { now: clock.now });
    w = await makeWorld(srv, 3);
  });
  after(() => srv.stop());

  async function claim(t: Api) {
    const r = await t.req('POST', '/api/work/claim');
    expect(r.status, r.text).to.equal(200);
    return r.body;
  }

  it('hands out the oldest open segment of the most urgent recording first, and nothing when the queue is empty', async () => {
    const fresh = await startServer();
    try {
      const world = await makeWorld(fresh, 1);
      expect((await world.transcribers[0].req('POST', '/api/work/claim')).status).to.equal(204);
      const old = await seedRecording(fresh, world.orgA, { segments: 2 });
      await seedRecording(fresh, world.orgA, { segments: 2, priority: 5 });
      const urgent = (await claim(world.transcribers[0])).segment;
      expect(urgent.index).to.equal(0);
      expect(urgent.recordingId).to.not.equal(old.recording._id);
      expect(urgent).to.not.have.property('orgId');
      expect(JSON.stringify(urgent)).to.not.include('seeded.m4a');
    } finally {
      await fresh.stop();
    }
  });

  it('lets only the holder read and hear a segment; others get 404', async () => {
    const { segments } = await seedRecording(srv, w.orgA, { segments: 1 });
    const [t1, t2] = w.transcribers;
    const { segment } = await claim(t1);
    expect(segment.id).to.equal(segments[0]._id);
    expect((await t1.req('GET', `/api/segments/${segment.id}`)).status).to.equal(200);
    expect(
      (await t1.req('GET', `/api/segments/${segment.id}/audio`, undefined, { range: 'bytes=0-99' })).status,
    ).to.equal(206);
    expect((await t2.req('GET', `/api/segments/${segment.id}`)).status).to.equal(404);
    expect((await t2.req('GET', `/api/segments/${segment.id}/audio`)).status).to.equal(404);
    expect((await w.clientA.req('GET', `/api/segments/${segment.id}`)).status).to.equal(404);
    await t1.ok('POST', `/api/segments/${segment.id}/release`);
    expect((await t1.req('GET', `/api/segments/${segment.id}`)).status).to.equal(404);
  });

  it('refuses a stale version with version_conflict and changes nothing', async () => {
    await seedRecording(srv, w.orgA, { segments: 1 });
    const t = w.transcribers[0];
    const { segment } = await claim(t);
    const a = await t.ok('PUT', `/api/segments/${segment.id}/draft`, {
      turns: [turn(segment.start, 'first')],
      version: segment.version,
    });
    expect(a.version).to.equal(segment.version + 1);
    const stale = await t.req('PUT', `/api/segments/${segment.id}/draft`, {
      turns: [turn(segment.start, 'stale')],
      version: segment.version,
    });
    expect(stale.status).to.equal(409);
    expect(stale.body.error.code).to.equal('version_conflict');
    expect(stale.body.error.details.currentVersion).to.equal(a.version);
    const now = (await t.ok('GET', `/api/segments/${segment.id}`)).segment;
    expect(now.turns[0].text).to.equal('first');
    await t.ok('POST', `/api/segments/${segment.id}/release`);
  });

  it("audits the claim and the release of a segment, not each of the editor's autosaves in between", async () => {
    await seedRecording(srv, w.orgA, { segments: 1 });
    const t = w.transcribers[0];
    const { segment } = await claim(t);
    let version = segment.version;
    for (const text of ['so', 'so the', 'so the budget']) {
      version = (
        await t.ok('PUT', `/api/segments/${segment.id}/draft`, {
          turns: [turn(segment.start, text)],
          version,
        })
      ).version;
    }
    await t.ok('POST', `/api/segments/${segment.id}/release`);
    // Newest first: the last two entries on this segment (an earlier test may have held it too).
    const audit = await srv.admin.ok('GET', `/api/audit?userId=${t.user!.id}&limit=1000`);
    const onSegment = (audit.entries as Array<{ action: string; target: string }>)
      .filter((e) => e.target === segment.id)
      .map((e) => e.action);
    expect(onSegment.slice(0, 2)).to.deep.equal(['segment.release', 'segment.claim']);
    expect(onSegment).to.not.include('segment.save');
    expect((await t.ok('GET', '/api/work/mine')).segments).to.deep.equal([]);
  });

  it('lets exactly one of two saves racing with the same version win', async () => {
    await seedRecording(srv, w.orgA, { segments: 1 });
    const t = w.transcribers[1];
    const { segment } = await claim(t);
    const [x, y] = await Promise.all([
      t.req('PUT', `/api/segments/${segment.id}/draft`, {
        turns: [turn(segment.start, 'tab one')],
        version: segment.version,
      }),
      t.req('PUT', `/api/segments/${segment.id}/draft`, {
        turns: [turn(segment.start, 'tab two')],
        version: segment.version,
      }),
    ]);
    expect([x.status, y.status].sort()).to.deep.equal([200, 409]);
    const winner = x.status === 200 ? 'tab one' : 'tab two';
    expect((await t.ok('GET', `/api/segments/${segment.id}`)).segment.turns[0].text).to.equal(winner);
    await t.ok('POST', `/api/segments/${segment.id}/release`);
  });

  it('sends an expired lease back to the queue with its draft; the old holder gets lease_expired and loses nothing', async () => {
    await seedRecording(srv, w.orgA, { segments: 1, priority: 9 });
    const [t1, t2] = w.transcribers;
    const { segment } = await claim(t1);
    const saved = await t1.ok('PUT', `/api/segments/${segment.id}/draft`, {
      turns: [turn(segment.start, 'kept words')],
      version: segment.version,
    });
    clock.advance(61_000);
    const late = await t1.req('PUT', `/api/segments/${segment.id}/draft`, {
      turns: [turn(segment.start, 'late')],
      version: saved.version,
    });
    expect(late.status).to.equal(409);
    expect(late.body.error.code).to.equal('lease_expired');
    const next = await claim(t2);
    expect(next.segment.id).to.equal(segment.id);
    expect(next.segment.turns[0].text).to.equal('kept words');
    // Also once somebody else holds it, the old holder learns its lease ended (not that the segment vanished).
    const later = await t1.req('PUT', `/api/segments/${segment.id}/draft`, {
      turns: [turn(segment.start, 'later')],
      version: saved.version,
    });
    expect(later.status).to.equal(409);
    expect(later.body.error.code).to.equal('lease_expired');
    expect(JSON.stringify(later.body)).to.not.include('kept words');
    await t2.ok('POST', `/api/segments/${segment.id}/release`);
  });

  it('runs a segment through submit, return with a comment, fix, approve; keeps every version; completes and merges the recording', async () => {
    const fresh = await startServer();
    try {
      const world = await makeWorld(fresh, 1);
      const { recording } = await seedRecording(fresh, world.orgA, { segments: 2, segmentSec: 60 });
      const t = world.transcribers[0];
      const rv = world.reviewer;
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const { segment } = await claim(t);
        ids.push(segment.id);
        const text = i === 0 ? 'Good morning everyone.' : 'Let us begin [inaudible].';
        const sub = await t.ok('POST', `/api/segments/${segment.id}/submit`, {
          turns: [turn(segment.start + 1, text)],
          version: segment.version,
          heardRatio: 0.95,
        });
        expect(sub.segment.status).to.equal('submitted');
      }
      const rc = await rv.req('POST', '/api/review/claim');
      expect(rc.status).to.equal(200);
      const first = rc.body.segment;
      expect(first.heardRatio).to.equal(0.95);
      const ret = await rv.ok('POST', `/api/segments/${first.id}/return`, {
        comment: 'Name the speaker: it is \u202eBudi.\u0007',
        version: first.version,
      });
      expect(ret.segment.status).to.equal('open');
      const again = (await claim(t)).segment;
      expect(again.id).to.equal(first.id);
      expect(again.comments[0].text).to.equal('Name the speaker: it is Budi.');
      expect(again.turns[0].text).to.equal('Good morning everyone.');
      await t.ok('POST', `/api/segments/${again.id}/submit`, {
        turns: [turn(again.start + 1, 'Good morning everyone.', 'Budi')],
        version: again.version,
      });

      for (let i = 0; i < 2; i++) {
        const c = await rv.ok('POST', '/api/review/claim');
        const corrected =
          c.segment.index === 1
            ? [turn(c.segment.start + 1, 'Let us begin now [inaudible].', 'Budi')]
            : undefined;
        const ap = await rv.ok('POST', `/api/segments/${c.segment.id}/approve`, {
          version: c.segment.version,
          ...(corrected ? { turns: corrected } : {}),
        });
        expect(ap.segment.status).to.equal('approved');
        expect(ap.segment.history.map((h: { kind: string }) => h.kind)).to.include.members([
          'submitted',
          'approved',
        ]);
      }
      const done = await until(
        async () => {
          const r = await world.clientA.ok('GET', `/api/recordings/${recording._id}`);
          return r.recording.status === 'completed' ? r.recording : null;
        },
        15_000,
        'recording completed',
      );
      expect(done.segments).to.deep.include({ total: 2, approved: 2 });
      const txt = await world.clientA.req('GET', `/api/recordings/${recording._id}/transcript?format=txt`);
      expect(txt.status).to.equal(200);
      expect(txt.headers.get('content-disposition')).to.match(/^attachment/);
      expect(txt.text).to.include('Budi: Good morning everyone. Let us begin now [inaudible].');
      const quality = await fresh.admin.ok('GET', '/api/admin/quality');
      const row = quality.transcribers.find((q: { userId: string }) => q.userId === t.user!.id);
      expect(row.segments).to.equal(2);
      expect(row.audioMinutes).to.equal(2);
      // One word inserted by the reviewer over 8 approved words.
      expect(row.wer).to.equal(0.125);
      // The merge job announces the completion (audit, webhook) after indexing the transcript for
      // search, so the entry may follow the status by a moment.
      const actions = await until(
        async () => {
          const audit = await fresh.admin.ok('GET', '/api/audit?limit=500');
          const all: string[] = audit.entries.map((e: { action: string }) => e.action);
          return all.includes('recording.completed') ? all : null;
        },
        15_000,
        'recording.completed in the audit log',
      );
      expect(actions).to.include.members([
        'segment.claim',
        'segment.submit',
        'segment.return',
        'segment.approve',
        'segment.review_claim',
        'recording.completed',
      ]);
    } finally {
      await fresh.stop();
    }
  });

  it('gives 20 simultaneous claims 20 different segments', async () => {
    const fresh = await startServer();
    try {
      const world = await makeWorld(fresh, 20);
      await seedRecording(fresh, world.orgA, { segments: 25 });
      const replies = await Promise.all(world.transcribers.map((t) => t.req('POST', '/api/work/claim')));
      expect(replies.map((r) => r.status)).to.deep.equal(Array(20).fill(200));
      const ids = new Set(replies.map((r) => r.body.segment.id));
      expect(ids.size).to.equal(20);
    } finally {
      await fresh.stop();
    }
  });

  it('rejects turns outside the segment and empty submissions with a message naming the problem', async () => {
    await seedRecording(srv, w.orgA, { segments: 2, priority: 20 });
    const t = w.transcribers[2];
    const { segment } = await claim(t);
    const outside = await t.req('POST', `/api/segments/${segment.id}/submit`, {
      turns: [turn(segment.end + 10, 'x')],
      version: segment.version,
    });
    expect(outside.status).to.equal(400);
    expect(outside.body.error.message).to.match(/outside this segment/);
    const empty = await t.req('POST', `/api/segments/${segment.id}/submit`, {
      turns: [],
      version: segment.version,
    });
    expect(empty.status).to.equal(400);
    const badType = await t.req('PUT', `/api/segments/${segment.id}/draft`, {
      turns: [{ speaker: 1, start: 'a', text: null }],
      version: segment.version,
    });
    expect(badType.status).to.equal(400);
    expect((await t.ok('GET', `/api/segments/${segment.id}`)).segment.version).to.equal(segment.version);
    await t.ok('POST', `/api/segments/${segment.id}/release`);
  });
});
