import { expect } from 'chai';
import fs from 'node:fs';
import { startServer, makeWorld, type TestServer, type World } from '../helpers/server.ts';
import { speechRecording } from '../helpers/media.ts';
import { seedCompleted } from '../helpers/seed.ts';

const fieldsOf = (body: { error: { details?: { fields?: Array<{ field: string }> } } }): string[] =>
  (body.error.details?.fields ?? []).map((f) => f.field);

describe('orders: bad input is refused, naming the field, and changes nothing', function () {
  this.timeout(60_000);
  let srv: TestServer;
  let w: World;
  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 0);
  });
  after(() => srv.stop());

  const orgNow = async (id: string) =>
    (await srv.admin.ok('GET', '/api/orgs')).orgs.find((o: { id: string }) => o.id === id);

  it('refuses bad organisation order settings with 400 naming the field', async () => {
    const before = await orgNow(w.orgA);
    const glossary10k = Array.from({ length: 10_000 }, (_, i) => ({ term: `term ${i}` }));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ turnarounds: [{ name: 'rush', hours: -6 }] }, 'turnarounds.0.hours'],
      [{ turnarounds: [{ name: 'rush', hours: 0 }] }, 'turnarounds.0.hours'],
      [{ turnarounds: [{ name: 'slow', hours: 1e9 }] }, 'turnarounds.0.hours'],
      [{ turnarounds: [{ name: 'Rush Hour!', hours: 6 }] }, 'turnarounds.0.name'],
      [{ defaultTurnaround: 'overnight' }, 'defaultTurnaround'],
      [{ turnarounds: [{ name: 'week', hours: 168 }] }, 'defaultTurnaround'], // standard would vanish
      [{ styleGuide: 'x'.repeat(3 * 1024 * 1024) }, 'styleGuide'],
      [{ glossary: glossary10k }, 'glossary'],
      [{ glossary: [{ term: '<script>alert(1)</script>' }] }, 'glossary.0.term'],
      [{ glossary: [{ term: 'Budi\u202Eosotnas' }] }, 'glossary.0.term'],
      [{ glossary: [{ term: 'PT Sinar Mas', note: '<img src=x onerror=alert(1)>' }] }, 'glossary.0.note'],
      [{ styleGuide: 'Spell it \u2066right\u2069' }, 'styleGuide'],
    ];
    for (const [patch, field] of cases) {
      const r = await srv.admin.req('PATCH', `/api/orgs/${w.orgA}`, patch);
      expect(r.status, `${field}: ${r.text.slice(0, 200)}`).to.equal(400);
      expect(fieldsOf(r.body), JSON.stringify(r.body.error)).to.include(field);
    }
    expect(await orgNow(w.orgA)).to.deep.equal(before);
  });

  it('keeps the usual body limit for everyone but an admin changing organisation settings', async () => {
    const r = await w.clientA.req('PATCH', `/api/orgs/${w.orgA}`, {
      styleGuide: 'x'.repeat(3 * 1024 * 1024),
    });
    expect(r.status).to.equal(413);
  });

  it('refuses script tags and bidi characters in an upload’s instructions and terms, and unknown verbatim modes', async () => {
    const file = await speechRecording(12);
    const before = (await w.clientA.ok('GET', '/api/recordings')).recordings.length;
    const cases: Array<[Record<string, string>, string]> = [
      [{ instructions: 'Please <script>alert(1)</script>' }, 'instructions'],
      [{ instructions: 'Budi \u202Esays' }, 'instructions'],
      [{ instructions: 'x'.repeat(5001) }, 'instructions'],
      [{ glossary: 'Budi, <b>Sari</b>' }, 'glossary.1'],
      [{ glossary: 'Budi\u2067, Sari' }, 'glossary.0'],
      [{ verbatim: 'literal' }, 'verbatim'],
      [{ turnaround: 'RUSH!' }, 'turnaround'],
    ];
    for (const [fields, field] of cases) {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.append(k, v);
      fd.append('file', new Blob([fs.readFileSync(file)]), 'meeting.m4a');
      const r = await w.clientA.req('POST', '/api/recordings', fd);
      expect(r.status, `${field}: ${r.text.slice(0, 200)}`).to.equal(400);
      expect(fieldsOf(r.body), JSON.stringify(r.body.error)).to.include(field);
    }
    expect((await w.clientA.ok('GET', '/api/recordings')).recordings.length).to.equal(before);
  });

  it('refuses an unknown tier in tus metadata with 400 and creates no recording', async () => {
    const before = (await w.clientA.ok('GET', '/api/recordings')).recordings.length;
    const b64 = (v: string) => Buffer.from(v).toString('base64');
    const r = await w.clientA.req('POST', '/api/uploads', undefined, {
      'tus-resumable': '1.0.0',
      'upload-length': '1000',
      'upload-metadata': `filename ${b64('a.wav')},turnaround ${b64('overnight')}`,
    });
    expect(r.status, r.text).to.equal(400);
    expect(r.text).to.include('turnaround');
    expect((await w.clientA.ok('GET', '/api/recordings')).recordings.length).to.equal(before);
  });

  it('refuses an unknown timestamps mode for a transcript with 400', async () => {
    const rec = await seedCompleted(srv, w.orgA, {
      segments: [[{ speaker: 'A', start: 1, text: 'Halo semua.' }]],
    });
    const r = await w.clientA.req('GET', `/api/recordings/${rec._id}/transcript?format=txt&timestamps=15`);
    expect(r.status).to.equal(400);
    expect(fieldsOf(r.body)).to.include('timestamps');
    const ok = await w.clientA.req('GET', `/api/recordings/${rec._id}/transcript?format=txt&timestamps=none`);
    expect(ok.status).to.equal(200);
    expect(ok.text).to.include('A: Halo semua.');
    expect(ok.text).to.not.include('[00:00:01]');
  });
});
