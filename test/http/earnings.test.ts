import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import { startServer, makeWorld, type TestServer, type World } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';
import { collectionOf } from '../../server/services/collections.ts';
import type { Api } from '../helpers/api.ts';

describe('transcriber earnings', () => {
  let srv: TestServer;
  let w: World;
  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 2);
  });
  after(() => srv.stop());

  async function claimAndSubmit(t: Api, text: string) {
    const { segment } = await t.ok('POST', '/api/work/claim');
    await t.ok('POST', `/api/segments/${segment.id}/submit`, {
      turns: [{ speaker: 'A', start: segment.start, text }],
      version: segment.version,
    });
    return segment;
  }

  async function review(action: 'approve' | 'return', turns?: unknown) {
    const { segment } = await w.reviewer.ok('POST', '/api/review/claim');
    const body =
      action === 'approve'
        ? { version: segment.version, ...(turns ? { turns } : {}) }
        : { version: segment.version, comment: 'Names are wrong.' };
    await w.reviewer.ok('POST', `/api/segments/${segment.id}/${action}`, body);
    return segment;
  }

  it('pays a returned-then-approved segment once, to its transcriber, at the rates in force when approved; returned work earns nothing', async () => {
    const [t1, t2] = w.transcribers;
    await srv.admin.ok('PUT', '/api/admin/rates', {
      currency: 'USD',
      perAudioMinute: { rush: 1, standard: 0.5 },
      fullVerbatimExtra: 0.25,
    });
    const { recording } = await seedRecording(srv, w.orgA, { segments: 2, segmentSec: 120 });
    // A full-verbatim rush order.
    await collectionOf(srv.running.services.store, 'recordings').updateOne(
      { _id: recording._id },
      { $set: { turnaround: 'rush', verbatim: 'full' } },
    );

    const first = await claimAndSubmit(t1, 'budi santoso said hello');
    await review('return');
    expect((await t1.ok('GET', '/api/earnings')).lines).to.deep.equal([]);

    const again = await claimAndSubmit(t1, 'Budi Santoso said hello');
    expect(again.id).to.equal(first.id);
    await review('approve', [{ speaker: 'A', start: first.start, text: 'Budi Santoso said hello there' }]);
    const mine = await t1.ok('GET', '/api/earnings');
    expect(mine.currency).to.equal('USD');
    expect(mine.lines).to.have.length(1);
    expect(mine.lines[0]).to.include({
      segmentId: first.id,
      audioSec: 120,
      turnaround: 'rush',
      verbatim: 'full',
      amount: 2.5,
    });
    expect(mine.total).to.equal(2.5);
    expect(mine.audioMinutes).to.equal(2);
    expect(mine.wer).to.equal(0.2); // one word added by the reviewer, of five

    // New rates apply to approvals from now on only.
    await srv.admin.ok('PUT', '/api/admin/rates', {
      currency: 'USD',
      perAudioMinute: { rush: 10 },
      fullVerbatimExtra: 0.25,
    });
    await claimAndSubmit(t2, 'second part');
    await review('approve');
    expect((await t1.ok('GET', '/api/earnings')).total).to.equal(2.5);
    expect((await t2.ok('GET', '/api/earnings')).total).to.equal(20.5);

    // Naming someone else is as if they did not exist; admins see anyone.
    const other = await t1.req('GET', `/api/earnings?userId=${t2.user!.id}`);
    expect(other.status).to.equal(404);
    expect((await srv.admin.ok('GET', `/api/earnings?userId=${t1.user!.id}`)).total).to.equal(2.5);
  });

  it('gives admins a payroll CSV of everyone that a CSV parser reads back', async () => {
    const world = await makeWorld(srv, 2);
    await srv.admin.ok('PUT', '/api/admin/rates', {
      currency: 'USD',
      perAudioMinute: { standard: 0.5 },
      fullVerbatimExtra: 0,
    });
    for (const [i, t] of world.transcribers.entries()) {
      await seedRecording(srv, world.orgA, { segments: 1, segmentSec: 60 * (i + 1) });
      await claimAndSubmit(t, 'kata');
      const { segment } = await world.reviewer.ok('POST', '/api/review/claim');
      await world.reviewer.ok('POST', `/api/segments/${segment.id}/approve`, { version: segment.version });
    }
    const month = new Date().toISOString().slice(0, 7);
    const r = await srv.admin.req('GET', `/api/earnings?month=${month}&format=csv`);
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.match(/^text\/csv/);
    expect(r.headers.get('content-disposition')).to.include(`earnings-${month}.csv`);
    const rows = parseCsv(r.text, { columns: true }) as Array<Record<string, string>>;
    const json = await srv.admin.ok('GET', `/api/earnings?month=${month}`);
    expect(rows).to.have.length(json.lines.length);
    const byUser = new Map<string, number>();
    for (const row of rows) byUser.set(row.email, (byUser.get(row.email) ?? 0) + Number(row.amount));
    expect(byUser.get(world.transcribers[0].user!.email)).to.equal(0.5);
    expect(byUser.get(world.transcribers[1].user!.email)).to.equal(1);
    expect(rows.every((row) => row.currency === 'USD')).to.equal(true);
    // A month with no approvals is an empty sheet with its header.
    const empty = await srv.admin.req('GET', '/api/earnings?month=2001-01&format=csv');
    expect(parseCsv(empty.text, { columns: true })).to.deep.equal([]);
  });

  it('refuses rates below zero, naming the field, and keeps the rates', async () => {
    const before = await srv.admin.ok('GET', '/api/admin/rates');
    for (const [body, field] of [
      [{ currency: 'USD', perAudioMinute: { rush: -1 }, fullVerbatimExtra: 0 }, 'perAudioMinute.rush'],
      [{ currency: 'USD', perAudioMinute: {}, fullVerbatimExtra: -0.5 }, 'fullVerbatimExtra'],
      [{ currency: 'dollars', perAudioMinute: {}, fullVerbatimExtra: 0 }, 'currency'],
    ] as const) {
      const r = await srv.admin.req('PUT', '/api/admin/rates', body);
      expect(r.status, r.text).to.equal(400);
      expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).to.include(field);
    }
    expect(await srv.admin.ok('GET', '/api/admin/rates')).to.deep.equal(before);
    const bad = await w.transcribers[0].req('GET', '/api/earnings?month=2026-13');
    expect(bad.status).to.equal(400);
  });
});
