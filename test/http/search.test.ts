import { expect } from 'chai';
import { startServer, makeWorld, type TestServer, type World } from '../helpers/server.ts';
import { seedCompleted } from '../helpers/seed.ts';

const q = (s: string, extra = ''): string => `/api/search?q=${encodeURIComponent(s)}${extra}`;

describe('search (GET /api/search)', () => {
  let srv: TestServer;
  let w: World;
  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 0);
  });
  after(() => srv.stop());

  it('finds a word of a completed recording with its title, speaker, time, snippet and marks', async () => {
    const rec = await seedCompleted(srv, w.orgA, {
      title: 'Rapat anggaran',
      segments: [
        [{ speaker: 'Budi', start: 2, text: 'Selamat pagi semua.' }],
        [{ speaker: 'Sari', start: 4, text: 'Anggaran pemasaran naik lima persen tahun ini.' }],
      ],
    });
    const r = await w.clientA.ok('GET', q('ANGGARAN'));
    expect(r.hits).to.have.length(1);
    const [hit] = r.hits;
    expect(hit).to.include({ recordingId: rec._id, title: 'Rapat anggaran', speaker: 'Sari', start: 34 });
    expect(hit.createdAt).to.equal(new Date(rec.createdAt).toISOString());
    expect(hit.snippet).to.equal('Anggaran pemasaran naik lima persen tahun ini.');
    expect(hit.marks).to.deep.equal([[0, 8]]);
    expect(r.nextCursor).to.equal(null);
  });
});
