import { expect } from 'chai';
import fs from 'node:fs';
import * as tus from 'tus-js-client';
import { startServer, makeWorld, until, type TestServer, type World } from '../helpers/server.ts';
import { TestClock } from '../helpers/clock.ts';
import { speechRecording } from '../helpers/media.ts';
import { seedRecording } from '../helpers/seed.ts';
import { collectionOf } from '../../server/services/collections.ts';
import type { Api } from '../helpers/api.ts';

const HOUR = 3_600_000;

function form(file: string, fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', new Blob([fs.readFileSync(file)]), 'meeting.m4a');
  return fd;
}

async function tusUpload(srv: TestServer, client: Api, file: string, metadata: Record<string, string>) {
  let id = '';
  await new Promise<void>((resolve, reject) => {
    new tus.Upload(fs.readFileSync(file), {
      endpoint: `${srv.url}/api/uploads`,
      headers: { cookie: client.cookie! },
      metadata: { filename: 'call.m4a', ...metadata },
      onAfterResponse: (_req, res) => {
        id ||= res.getHeader('Notula-Recording-Id') ?? '';
      },
      onSuccess: () => resolve(),
      onError: reject,
    }).start();
  });
  return id;
}

async function waitTranscribing(api: Api, id: string) {
  return until(
    async () => {
      const { recording } = await api.ok('GET', `/api/recordings/${id}`);
      if (recording.status === 'failed') throw new Error(recording.error);
      return recording.status === 'transcribing' ? recording : null;
    },
    90_000,
    'transcribing',
  );
}

describe('orders: turnaround tiers, deadlines and the queue', function () {
  this.timeout(180_000);
  let srv: TestServer;
  let w: World;
  const clock = new TestClock();
  before(async () => {
    srv = await startServer({ WEBHOOK_ALLOW_PRIVATE: 'true' }, { now: clock.now });
    w = await makeWorld(srv, 1);
  });
  after(() => srv.stop());

  it('hands out work earliest deadline first across rush, standard and economy orders uploaded in the wrong order', async () => {
    const file = await speechRecording(12);
    // A server of its own: its queue holds these three recordings and nothing else.
    const edf = await startServer({}, { now: clock.now });
    try {
      await edfOrder(edf, file);
    } finally {
      await edf.stop();
    }
  });

  async function edfOrder(srv: TestServer, file: string) {
    const { org } = await srv.admin.ok('POST', '/api/orgs', { name: `EDF ${Date.now()}` });
    expect(org.turnarounds).to.deep.equal([
      { name: 'rush', hours: 6 },
      { name: 'standard', hours: 24 },
      { name: 'economy', hours: 72 },
    ]);
    const world = await makeWorld(srv, 1);
    const client = world.clientA;
    await srv.admin.ok('PATCH', `/api/orgs/${org.id}`, {}); // nothing asked, nothing changed
    // Economy first, standard next, rush last: the queue must turn that order round.
    const economy = (await client.ok('POST', '/api/recordings', form(file, { turnaround: 'economy' })))
      .recording;
    clock.advance(60_000);
    const standard = await tusUpload(srv, client, file, {
      verbatim: 'full',
      instructions: 'Names as in the agenda.',
    });
    clock.advance(60_000);
    const rush = (
      await client.ok(
        'POST',
        '/api/recordings',
        form(file, { turnaround: 'rush', glossary: 'Budi Santoso, PT Sinar Mas' }),
      )
    ).recording;
    const recs = await Promise.all([economy.id, standard, rush.id].map((id) => waitTranscribing(client, id)));
    const [e, s, r] = recs;
    expect(e.turnaround).to.equal('economy');
    expect(s.turnaround).to.equal('standard');
    expect(s.verbatim).to.equal('full');
    expect(r.glossary).to.deep.equal([{ term: 'Budi Santoso' }, { term: 'PT Sinar Mas' }]);
    for (const [rec, hours] of [
      [e, 72],
      [s, 24],
      [r, 6],
    ] as const) {
      // Set when the last byte arrived: within the minute of upload on the test's clock.
      const gap = Date.parse(rec.deadlineAt) - Date.parse(rec.createdAt);
      expect(gap).to.be.within(hours * HOUR, hours * HOUR + 60_000);
    }

    const t = world.transcribers[0];
    const order: string[] = [];
    for (;;) {
      const c = await t.req('POST', '/api/work/claim');
      if (c.status === 204) break;
      const seg = c.body.segment;
      if (![economy.id, standard, rush.id].includes(seg.recordingId)) throw new Error('foreign segment');
      order.push(seg.recordingId);
      expect(seg.order.deadlineAt).to.equal(recs.find((x) => x.id === seg.recordingId).deadlineAt);
      await t.ok('POST', `/api/segments/${seg.id}/submit`, {
        turns: [{ speaker: 'Speaker 1', start: seg.start, text: 'kata' }],
        version: seg.version,
      });
    }
    const firstOf = (id: string) => order.indexOf(id);
    const lastOf = (id: string) => order.lastIndexOf(id);
    expect(order.length).to.be.greaterThan(2);
    expect(lastOf(rush.id)).to.be.lessThan(firstOf(standard));
    expect(lastOf(standard)).to.be.lessThan(firstOf(economy.id));

    const reviewed: string[] = [];
    for (;;) {
      const c = await world.reviewer.req('POST', '/api/review/claim');
      if (c.status === 204) break;
      reviewed.push(c.body.segment.recordingId);
      await world.reviewer.ok('POST', `/api/segments/${c.body.segment.id}/approve`, {
        version: c.body.segment.version,
      });
    }
    expect(reviewed).to.deep.equal(order);
  }

  it('still hands an admin’s priority recording out first, whatever its deadline', async () => {
    const fresh = await startServer({}, { now: clock.now });
    try {
      const world = await makeWorld(fresh, 1);
      const now = clock.now();
      // Uploaded latest-deadline first, so age alone would give the wrong order.
      const later = await seedRecording(fresh, world.orgA, { segments: 1, deadlineAt: now + 24 * HOUR });
      const urgent = await seedRecording(fresh, world.orgA, {
        segments: 1,
        deadlineAt: now + 72 * HOUR,
        priority: 5,
      });
      const soon = await seedRecording(fresh, world.orgA, { segments: 1, deadlineAt: now + HOUR });
      const t = world.transcribers[0];
      const order: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { segment } = await t.ok('POST', '/api/work/claim');
        order.push(segment.recordingId);
        await t.ok('POST', `/api/segments/${segment.id}/submit`, {
          turns: [{ speaker: 'A', start: segment.start, text: 'kata' }],
          version: segment.version,
        });
      }
      expect(order).to.deep.equal([urgent, soon, later].map((x) => x.recording._id));
    } finally {
      await fresh.stop();
    }
  });

  it('refuses an unknown tier at upload with 400 naming turnaround, and creates nothing', async () => {
    const file = await speechRecording(12);
    const before = (await w.clientA.ok('GET', '/api/recordings')).recordings.length;
    const r = await w.clientA.req('POST', '/api/recordings', form(file, { turnaround: 'yesterday' }));
    expect(r.status, r.text).to.equal(400);
    expect(JSON.stringify(r.body.error.details)).to.include('turnaround');
    expect((await w.clientA.ok('GET', '/api/recordings')).recordings.length).to.equal(before);
  });

  it('estimates the ETA from the last 24 hours of approved audio and flags the recording at risk once the clock passes it, with one webhook', async () => {
    const fresh = await startServer({ WEBHOOK_ALLOW_PRIVATE: 'true' }, { now: clock.now });
    try {
      const world = await makeWorld(fresh, 1);
      await fresh.admin.ok('PATCH', `/api/orgs/${world.orgA}`, { webhookUrl: 'http://127.0.0.1:9/hook' });
      const { recording } = await seedRecording(fresh, world.orgA, { segments: 4, segmentSec: 120 });
      // Due in 80 hours.
      await collectionOf(fresh.running.services.store, 'recordings').updateOne(
        { _id: recording._id },
        { $set: { deadlineAt: clock.now() + 80 * HOUR } },
      );
      let b = await fresh.admin.ok('GET', '/api/admin/backlog');
      expect(b.throughputAudioSecPerHour).to.equal(0);
      expect((await world.clientA.ok('GET', `/api/recordings/${recording._id}`)).recording.etaAt).to.equal(
        null,
      );

      // One 120 s segment approved: 5 audio seconds per hour over 24 h; 360 s left → 72 h.
      const t = world.transcribers[0];
      const { segment } = await t.ok('POST', '/api/work/claim');
      await t.ok('POST', `/api/segments/${segment.id}/submit`, {
        turns: [{ speaker: 'A', start: segment.start, text: 'halo' }],
        version: segment.version,
      });
      const rc = await world.reviewer.ok('POST', '/api/review/claim');
      await world.reviewer.ok('POST', `/api/segments/${rc.segment.id}/approve`, {
        version: rc.segment.version,
      });
      const at = clock.now();
      b = await fresh.admin.ok('GET', '/api/admin/backlog');
      expect(b.throughputAudioSecPerHour).to.equal(5);
      expect(b.atRisk).to.deep.equal([]);
      const open = b.buckets.reduce((a: number, x: { openAudioSec: number }) => a + x.openAudioSec, 0);
      expect(open).to.equal(360);
      expect(b.buckets.find((x: { until: string | null }) => x.until === null).openAudioSec).to.equal(360);
      let rec = (await world.clientA.ok('GET', `/api/recordings/${recording._id}`)).recording;
      expect(Date.parse(rec.etaAt) - at).to.be.within(72 * HOUR - 5000, 72 * HOUR + 5000);
      expect(rec.atRisk).to.equal(false);

      // Ten hours on with nothing approved: the ETA moves past the deadline.
      clock.advance(10 * HOUR);
      b = await fresh.admin.ok('GET', '/api/admin/backlog');
      expect(b.atRisk.map((x: { id: string }) => x.id)).to.deep.equal([recording._id]);
      rec = (await world.clientA.ok('GET', `/api/recordings/${recording._id}`)).recording;
      expect(rec.atRisk).to.equal(true);
      expect(Date.parse(rec.etaAt)).to.be.greaterThan(Date.parse(rec.deadlineAt));
      await fresh.admin.ok('GET', '/api/admin/backlog');
      const { deliveries } = await fresh.admin.ok('GET', '/api/webhooks/deliveries');
      const atRisk = deliveries.filter((d: { event: string }) => d.event === 'recording.at_risk');
      expect(atRisk).to.have.length(1);
      expect(atRisk[0].recordingId).to.equal(recording._id);
    } finally {
      await fresh.stop();
    }
  });

  it('keeps deadlines already set when the organisation changes its tiers', async () => {
    const file = await speechRecording(12);
    const { recording } = await w.clientA.ok('POST', '/api/recordings', form(file, { turnaround: 'rush' }));
    await srv.admin.ok('PATCH', `/api/orgs/${w.orgA}`, {
      turnarounds: [
        { name: 'rush', hours: 1 },
        { name: 'standard', hours: 12 },
      ],
    });
    const after = (await w.clientA.ok('GET', `/api/recordings/${recording.id}`)).recording;
    expect(after.deadlineAt).to.equal(recording.deadlineAt);
    expect(Date.parse(after.deadlineAt) - Date.parse(after.createdAt)).to.be.at.least(6 * HOUR);
  });

  it('shows the transcriber and the reviewer the client’s rules with the segment, rendered safely, never the organisation or the file name', async () => {
    const world = await makeWorld(srv, 1);
    const { org } = await srv.admin.ok('PATCH', `/api/orgs/${world.orgA}`, {
      styleGuide: '# House style\n\nWrite **Rp** amounts. <script>alert(1)</script> [x](javascript:alert(1))',
      glossary: [{ term: 'Budi Santoso', note: 'CEO' }, { term: 'PT Sinar Mas' }],
    });
    // An admin's priority puts it before anything else in this server's queue.
    const { recording } = await seedRecording(srv, world.orgA, { segments: 1, priority: 10 });
    await collectionOf(srv.running.services.store, 'recordings').updateOne(
      { _id: recording._id },
      {
        $set: {
          verbatim: 'full',
          instructions: 'The chair is Budi.',
          glossary: [{ term: 'Sari Dewi' }, { term: 'budi santoso' }],
        },
      },
    );
    const t = world.transcribers[0];
    const { segment } = await t.ok('POST', '/api/work/claim');
    expect(segment.recordingId).to.equal(recording._id);
    const o = segment.order;
    expect(o.verbatim).to.equal('full');
    expect(o.instructions).to.equal('The chair is Budi.');
    expect(o.glossary).to.deep.equal([
      { term: 'Budi Santoso', note: 'CEO' },
      { term: 'PT Sinar Mas' },
      { term: 'Sari Dewi' },
    ]);
    expect(o.styleGuideHtml).to.include('<h1>House style</h1>').and.include('<strong>Rp</strong>');
    expect(o.styleGuideHtml).to.not.include('<script').and.not.include('href="javascript');
    expect(o.styleGuideHtml).to.include('&lt;script&gt;');
    const text = JSON.stringify(segment);
    expect(text).to.not.include(org.name).and.not.include('seeded.m4a');
    await t.ok('POST', `/api/segments/${segment.id}/submit`, {
      turns: [{ speaker: 'A', start: segment.start, text: 'Budi' }],
      version: segment.version,
    });
    const review = await world.reviewer.ok('POST', '/api/review/claim');
    expect(review.segment.order.instructions).to.equal('The chair is Budi.');
    expect(JSON.stringify(review.segment)).to.not.include(org.name);
    const whole = await world.reviewer.ok('GET', `/api/review/recordings/${recording._id}`);
    expect(whole.order.verbatim).to.equal('full');
    expect(whole.order.glossary.map((g: { term: string }) => g.term)).to.include('Sari Dewi');
    expect(JSON.stringify(whole)).to.not.include(org.name).and.not.include('seeded.m4a');
  });
});
