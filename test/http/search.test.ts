import { collectionOf } from '../../server/services/collections.ts';
import { expect } from 'chai';
import type { SegmentDoc } from '../../server/domain.ts';
import { startServer, makeWorld, until, type TestServer, type World } from '../helpers/server.ts';
import { seedCompleted, seedRecording } from '../helpers/seed.ts';

const DAY = 24 * 3600 * 1000;
const q = (s: string, extra = ''): string => `/api/search?q=${encodeURIComponent(s)}${extra}`;

interface Hit {
  recordingId: string;
  title: string;
  speaker: string;
  start: number;
  snippet: string;
  marks: Array<[number, number]>;
}

describe('search (GET /api/search)', () => {
  let srv: TestServer;
  let w: World;
  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 0);
  });
  after(() => srv.stop());

  const hits = async (api: World['clientA'], query: string, extra = ''): Promise<Hit[]> =>
    (await api.ok('GET', q(query, extra))).hits;

  it('finds a word of a completed recording with its title, speaker, time, snippet and marks', async () => {
    const rec = await seedCompleted(srv, w.orgA, {
      title: 'Rapat anggaran',
      segments: [
        [{ speaker: 'Budi', start: 2, text: 'Selamat pagi semua.' }],
        [{ speaker: 'Sari', start: 4, text: 'Anggaran pemasaran naik lima persen tahun ini.' }],
      ],
    });
    const r = await w.clientA.ok('GET', q('ANGGARAN pemasaran'));
    expect(r.hits).to.have.length(1);
    const [hit] = r.hits;
    expect(hit).to.deep.equal({
      recordingId: rec._id,
      title: 'Rapat anggaran',
      createdAt: new Date(rec.createdAt).toISOString(),
      start: 34,
      end: 60,
      speaker: 'Sari',
      snippet: 'Anggaran pemasaran naik lima persen tahun ini.',
      marks: [
        [0, 8],
        [9, 18],
      ],
    });
    expect(r.nextCursor).to.equal(null);
  });

  it('finds phrases and prefixes, folding case and accents (Indonesian and English)', async () => {
    await seedCompleted(srv, w.orgA, {
      title: 'Kick-off',
      segments: [
        [
          { speaker: 'Désirée', start: 1, text: 'The kick-off is on Monday; tindak lanjut minggu depan.' },
          { speaker: 'Budi', start: 9, text: 'Pembayaran sudah diterima oleh bagian keuangan.' },
        ],
      ],
    });
    expect((await hits(w.clientA, '"tindak lanjut"')).map((h) => h.speaker)).to.deep.equal(['Désirée']);
    expect(await hits(w.clientA, '"lanjut tindak"')).to.deep.equal([]);
    const [pay] = await hits(w.clientA, 'pembayar* KEUANGAN');
    expect(pay.snippet.slice(pay.marks[0][0], pay.marks[0][1])).to.equal('Pembayaran');
    expect((await hits(w.clientA, 'kick-off')).map((h) => h.speaker)).to.deep.equal(['Désirée']);
    expect((await hits(w.clientA, 'pembayaran', '&speaker=budi')).length).to.equal(1);
    expect((await hits(w.clientA, 'monday', '&speaker=DESIREE')).length).to.equal(1);
    expect(await hits(w.clientA, 'monday', '&speaker=Budi')).to.deep.equal([]);
  });

  it('finds nothing of a recording that is not completed yet', async () => {
    const { recording, segments } = await seedRecording(srv, w.orgA, { segments: 2 });
    await srv.running.services.store
      .collection<SegmentDoc>('segments')
      .updateOne(
        { _id: segments[0]._id },
        { $set: { status: 'approved', turns: [{ speaker: 'A', start: 1, text: 'belumselesai kata' }] } },
      );
    await srv.running.services.search.indexRecording(recording._id);
    expect(await hits(w.clientA, 'belumselesai')).to.deep.equal([]);
  });

  it('keeps organisations apart: a client finds only its own; an admin finds all, or one organisation', async () => {
    const a = await seedCompleted(srv, w.orgA, {
      title: 'A confidential',
      segments: [[{ speaker: 'A', start: 0, text: 'strategi rahasia kuartal' }]],
    });
    const b = await seedCompleted(srv, w.orgB, {
      title: 'B confidential',
      segments: [[{ speaker: 'B', start: 0, text: 'strategi rahasia tahunan' }]],
    });
    expect((await hits(w.clientA, 'rahasia')).map((h) => h.recordingId)).to.deep.equal([a._id]);
    expect((await hits(w.clientB, 'rahasia')).map((h) => h.recordingId)).to.deep.equal([b._id]);
    // A client cannot widen its search to another organisation or reach into another's recording.
    expect((await hits(w.clientB, 'rahasia', `&orgId=${w.orgA}`)).map((h) => h.recordingId)).to.deep.equal([
      b._id,
    ]);
    expect(await hits(w.clientB, 'rahasia', `&recordingId=${a._id}`)).to.deep.equal([]);
    expect((await hits(srv.admin, 'rahasia')).map((h) => h.recordingId).sort()).to.deep.equal(
      [a._id, b._id].sort(),
    );
    expect((await hits(srv.admin, 'rahasia', `&orgId=${w.orgB}`)).map((h) => h.recordingId)).to.deep.equal([
      b._id,
    ]);
  });

  it('shows the new speaker name after a rename, and finds nothing under the old one', async () => {
    const rec = await seedCompleted(srv, w.orgA, {
      segments: [[{ speaker: 'Speaker 1', start: 0, text: 'penjualan ekspor meningkat' }]],
    });
    await srv.admin.ok('PUT', `/api/recordings/${rec._id}/speakers`, { map: { 'Speaker 1': 'Ibu Ratna' } });
    const found = await hits(w.clientA, 'ekspor');
    expect(found.map((h) => h.speaker)).to.deep.equal(['Ibu Ratna']);
    expect(await hits(w.clientA, 'ekspor', '&speaker=Speaker%201')).to.deep.equal([]);
    expect(await hits(w.clientA, 'ekspor', '&speaker=ibu%20ratna')).to.have.length(1);
  });

  it('never finds a deleted recording again', async () => {
    const rec = await seedCompleted(srv, w.orgA, {
      segments: [[{ speaker: 'A', start: 0, text: 'dihapusnanti kalimat' }]],
    });
    expect(await hits(w.clientA, 'dihapusnanti')).to.have.length(1);
    expect((await w.clientA.req('DELETE', `/api/recordings/${rec._id}`)).status).to.equal(204);
    expect(await hits(w.clientA, 'dihapusnanti')).to.deep.equal([]);
    expect(await hits(srv.admin, 'dihapus*')).to.deep.equal([]);
  });

  it('never finds a recording purged by retention again', async () => {
    const org = (await srv.admin.ok('POST', '/api/orgs', { name: `Retained ${Date.now()}` })).org
      .id as string;
    await srv.admin.ok('PATCH', `/api/orgs/${org}`, { retentionDays: 7 });
    const old = await seedCompleted(srv, org, {
      createdAt: Date.now() - 10 * DAY,
      segments: [[{ speaker: 'A', start: 0, text: 'kedaluwarsa laporan lama' }]],
    });
    const recent = await seedCompleted(srv, org, {
      segments: [[{ speaker: 'A', start: 0, text: 'kedaluwarsa laporan baru' }]],
    });
    const search = () => hits(srv.admin, 'kedaluwarsa', `&orgId=${org}`);
    expect((await search()).length).to.equal(2);
    const s = srv.running.services;
    const job = await s.queue.enqueue('purge', {}, { dedupeKey: `purge:search-${org}` });
    await until(async () => (await s.queue.get(job._id))?.status === 'done', 30_000, 'purge job done');
    expect((await search()).map((h) => h.recordingId)).to.deep.equal([recent._id]);
    expect(
      await s.store.search.search({
        terms: [{ tokens: ['lama'], prefix: false }],
        orgId: org,
        limit: 20,
        cursor: null,
      }),
    ).to.deep.equal({ rows: [], nextCursor: null });
    expect(old._id).to.not.equal(recent._id);
  });

  it('forgets a completed recording that a reopened segment takes back into work', async () => {
    const rec = await seedCompleted(srv, w.orgA, {
      segments: [
        [{ speaker: 'A', start: 0, text: 'dibukalagi kalimat' }],
        [{ speaker: 'B', start: 0, text: 'x' }],
      ],
    });
    expect(await hits(w.clientA, 'dibukalagi')).to.have.length(1);
    const s = srv.running.services;
    await s.store
      .collection<SegmentDoc>('segments')
      .updateOne({ recordingId: rec._id, index: 1 }, { $set: { status: 'open' } });
    await s.recordings.refresh(rec._id);
    expect(await hits(w.clientA, 'dibukalagi')).to.deep.equal([]);
  });

  it('shows no hit of a recording that is gone even if the index still had it (a crash between two writes)', async () => {
    const rec = await seedCompleted(srv, w.orgA, {
      segments: [[{ speaker: 'A', start: 0, text: 'tertinggal kalimat' }]],
    });
    await collectionOf(srv.running.services.store, 'recordings').deleteOne({ _id: rec._id });
    expect(await hits(w.clientA, 'tertinggal')).to.deep.equal([]);
  });

  it('filters by recording and by creation date, and pages with nextCursor', async () => {
    const older = await seedCompleted(srv, w.orgA, {
      createdAt: Date.UTC(2026, 2, 10, 12),
      segments: [[{ speaker: 'A', start: 0, text: 'notulen halaman satu' }]],
    });
    const newer = await seedCompleted(srv, w.orgA, {
      createdAt: Date.UTC(2026, 3, 1, 9),
      segments: Array.from({ length: 5 }, (_, i) => [
        { speaker: 'A', start: 0, text: `notulen bagian ${i}` },
      ]),
    });
    expect((await hits(w.clientA, 'notulen', `&recordingId=${older._id}`)).length).to.equal(1);
    expect(
      (await hits(w.clientA, 'notulen', '&from=2026-03-01&to=2026-03-10')).map((h) => h.recordingId),
    ).to.deep.equal([older._id]);
    expect(
      (await hits(w.clientA, 'notulen', '&from=2026-03-11T00:00:00Z')).every(
        (h) => h.recordingId === newer._id,
      ),
    ).to.equal(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { hits: Hit[]; nextCursor: string | null } = await w.clientA.ok(
        'GET',
        q('notulen', `&limit=2${cursor ? `&cursor=${cursor}` : ''}`),
      );
      expect(page.hits.length).to.be.at.most(2);
      seen.push(...page.hits.map((h) => h.snippet));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).to.deep.equal([
      'notulen bagian 0',
      'notulen bagian 1',
      'notulen bagian 2',
      'notulen bagian 3',
      'notulen bagian 4',
      'notulen halaman satu',
    ]);
  });

  it('answers hostile queries with 400 or plain hits, never a server error', async () => {
    await seedCompleted(srv, w.orgA, {
      segments: [[{ speaker: 'A', start: 0, text: 'near and or not the plain words' }]],
    });
    const hostile = [
      'NEAR(',
      'NEAR(plain words, 2)',
      '"',
      '""',
      '*',
      '**',
      'AND OR NOT',
      'plain OR nothing',
      'words:plain',
      '{words scope}: plain',
      '^plain',
      '-plain',
      'plain"',
      "plain' OR 1=1 --",
      '\u0000',
      'plain\u0000words',
      '\u202Eplain\u2066',
      'x'.repeat(10_000),
      '😀',
      '(((',
      'a*',
    ];
    for (const text of hostile) {
      const r = await w.clientA.req('GET', q(text));
      expect(
        [200, 400],
        `${JSON.stringify(text.slice(0, 40))} → ${r.status} ${r.text.slice(0, 200)}`,
      ).to.include(r.status);
      if (r.status === 400) expect(r.body.error.code).to.equal('validation_failed');
      else expect(r.body.hits).to.be.an('array');
    }
    expect((await w.clientA.req('GET', q('AND OR NOT'))).body.hits).to.have.length(1);
    // Percent-encoded bytes that are not UTF-8 (a lone surrogate, 0xFF).
    expect([200, 400]).to.include((await w.clientA.req('GET', '/api/search?q=%ED%A0%80%FF%25')).status);
    expect((await w.clientA.req('GET', '/api/search')).status).to.equal(400);
    expect((await w.clientA.req('GET', '/api/search?q=a&q=b')).status).to.equal(400);
    expect((await w.clientA.req('GET', q('plain', '&cursor=bm9wZQ'))).status).to.equal(400);
    expect((await w.clientA.req('GET', q('plain', '&from=yesterday'))).status).to.equal(400);
    expect((await w.clientA.req('GET', q('plain', '&limit=0'))).status).to.equal(400);
    expect((await w.clientA.req('GET', q('plain', '&speaker=%E2%80%AE'))).status).to.equal(400);
  });

  it('answers 404 to transcribers and reviewers and 401 to anonymous callers', async () => {
    const t = (await makeWorld(srv, 1)).transcribers[0];
    expect((await t.req('GET', q('plain'))).status).to.equal(404);
    expect((await w.reviewer.req('GET', q('plain'))).status).to.equal(404);
    expect((await srv.api().req('GET', q('plain'))).status).to.equal(401);
  });
});
