import { collectionOf } from '../../server/services/collections.ts';
import { expect } from 'chai';
import path from 'node:path';
import fs from 'node:fs';
import type { SegmentDoc } from '../../server/domain.ts';
import { ENDPOINTS } from '../../server/http/endpoints.ts';
import { tone } from '../helpers/hostile-media.ts';
import { seedRecording } from '../helpers/seed.ts';
import { makeTempDir } from '../helpers/store.ts';
import { makeWorld, startServer, type TestServer, type World } from '../helpers/server.ts';
import type { Api } from '../helpers/api.ts';

const EVIL = 'https://evil.example';
const TUS = { 'Tus-Resumable': '1.0.0' };
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** A multipart body holding `bytes` as the file, as a browser's form or FormData would send it. */
function form(bytes: Buffer, filename: string): FormData {
  const f = new FormData();
  f.set('file', new Blob([new Uint8Array(bytes)]), filename);
  return f;
}

describe('hostile origins: state-changing requests from another site', () => {
  let srv: TestServer;
  let w: World;
  let work: string;
  let mp3: Buffer;

  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 1);
    work = makeTempDir('notula-origin-');
    mp3 = await tone(path.join(work, 'tone.mp3'), 2);
  });
  after(async () => {
    await srv?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  function expectForbidden(r: { status: number; text: string; body?: { error?: { code?: string } } }): void {
    expect(r.status, r.text).to.equal(403);
    expect(r.body?.error?.code).to.equal('forbidden_origin');
  }

  const unsafe = ENDPOINTS.filter((e) => !['get', 'head', 'options'].includes(e.method));
  for (const e of unsafe) {
    it(`refuses ${e.method.toUpperCase()} ${e.path} from ${EVIL} with 403 forbidden_origin`, async () => {
      const url = e.path.replace(/\{\w+\}/g, 'x1');
      const r = await srv.admin.req(e.method.toUpperCase(), url, undefined, { Origin: EVIL, ...TUS });
      expectForbidden(r);
    });
  }

  it('claims nothing for a transcriber whose claim comes from another site', async () => {
    const { segments } = await seedRecording(srv, w.orgA, { segments: 1 });
    const r = await w.transcribers[0].req('POST', '/api/work/claim', undefined, { Origin: EVIL });
    expectForbidden(r);
    const seg = await srv.running.services.store
      .collection<SegmentDoc>('segments')
      .findOne({ _id: segments[0]._id });
    expect(seg?.status).to.equal('open');
    const mine = await w.transcribers[0].req('POST', '/api/work/claim', undefined, { Origin: srv.url });
    expect(mine.status, mine.text).to.equal(200);
  });

  it('stores nothing from a multipart upload posted by another site, and accepts it from its own pages', async () => {
    const count = (): Promise<number> =>
      collectionOf(srv.running.services.store, 'recordings').countDocuments({});
    const before = await count();
    const evil = await w.clientA.req('POST', '/api/recordings', form(mp3, 'evil.mp3'), { Origin: EVIL });
    expectForbidden(evil);
    expect(await count()).to.equal(before);
    const own = await w.clientA.req('POST', '/api/recordings', form(mp3, 'own.mp3'), { Origin: srv.url });
    expect(own.status, own.text).to.equal(201);
  });

  it('refuses Origin: null (a sandboxed frame) and a cross-site Sec-Fetch-Site without an Origin', async () => {
    expectForbidden(await w.transcribers[0].req('POST', '/api/work/claim', undefined, { Origin: 'null' }));
    expectForbidden(
      await w.transcribers[0].req('POST', '/api/work/claim', undefined, { 'Sec-Fetch-Site': 'cross-site' }),
    );
  });

  it('refuses a tus creation and a tus PATCH from another site, and takes them from its own pages', async () => {
    const meta = {
      ...TUS,
      'Upload-Length': String(mp3.length),
      'Upload-Metadata': `filename ${b64('t.mp3')}`,
    };
    expectForbidden(await w.clientA.req('POST', '/api/uploads', undefined, { ...meta, Origin: EVIL }));
    const created = await w.clientA.req('POST', '/api/uploads', undefined, { ...meta, Origin: srv.url });
    expect(created.status, created.text).to.equal(201);
    const id = created.headers.get('notula-recording-id')!;
    const patch = (origin: string): Promise<{ status: number; text: string }> =>
      w.clientA.req('PATCH', `/api/uploads/${id}`, new Uint8Array(mp3), {
        ...TUS,
        'Upload-Offset': '0',
        'Content-Type': 'application/offset+octet-stream',
        Origin: origin,
        'Sec-Fetch-Site': origin === srv.url ? 'same-origin' : 'cross-site',
      });
    expectForbidden(await patch(EVIL));
    const head = await w.clientA.req('HEAD', `/api/uploads/${id}`, undefined, TUS);
    expect(head.headers.get('upload-offset')).to.equal('0');
    const own = await patch(srv.url);
    expect(own.status, own.text).to.equal(204);
  });

  it('refuses a sign-in posted by another site (login CSRF)', async () => {
    const r = await srv
      .api()
      .req(
        'POST',
        '/api/auth/login',
        { email: w.clientA.user!.email, password: 'password-123' },
        { Origin: EVIL },
      );
    expectForbidden(r);
    expect(r.headers.getSetCookie()).to.deep.equal([]);
  });

  it('keeps answering reads from any origin (CORS keeps their bodies from the other site)', async () => {
    const r = await w.clientA.req('GET', '/api/recordings', undefined, { Origin: EVIL });
    expect(r.status).to.equal(200);
    expect(r.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('grants no other origin access to the upload endpoint: no Access-Control-Allow-Origin on tus answers', async () => {
    for (const path of ['/api/uploads', '/api/uploads/x1']) {
      const pre = await srv.api().req('OPTIONS', path, undefined, {
        Origin: EVIL,
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'tus-resumable, upload-offset, content-type',
      });
      expect(pre.status, pre.text).to.be.below(300);
      expect(pre.headers.get('access-control-allow-origin'), `OPTIONS ${path}`).to.equal(null);
      expect(pre.headers.get('access-control-allow-credentials')).to.equal(null);
    }
    const created = await w.clientA.req('POST', '/api/uploads', undefined, {
      ...TUS,
      'Upload-Length': '10',
      'Upload-Metadata': `filename ${b64('cors.mp3')}`,
    });
    expect(created.status, created.text).to.equal(201);
    expect(created.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('serves programmatic clients: a bearer token with no Origin changes state as before', async () => {
    const token = (await w.clientA.ok('POST', '/api/tokens', { name: 'script' })).token as string;
    const script: Api = srv.api();
    script.bearer = token;
    const r = await script.req('POST', '/api/recordings', form(mp3, 'script.mp3'));
    expect(r.status, r.text).to.equal(201);
    const gone = await script.req('DELETE', `/api/recordings/${r.body.recording.id}`);
    expect(gone.status, gone.text).to.equal(204);
  });

  it('does not take X-Forwarded-Host and -Proto from an untrusted peer as its own origin', async () => {
    const r = await w.transcribers[0].req('POST', '/api/work/claim', undefined, {
      Origin: 'https://notula.example',
      'X-Forwarded-Host': 'notula.example',
      'X-Forwarded-Proto': 'https',
    });
    expectForbidden(r);
  });
});

describe('hostile origins: behind a trusted proxy, and with ALLOWED_ORIGINS', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startServer({ TRUST_PROXY: 'true', ALLOWED_ORIGINS: 'https://app.partner.example' });
  });
  after(() => srv?.stop());

  const orgs = (headers: Record<string, string>) =>
    srv.admin.req('POST', '/api/orgs', { name: `Org ${Math.random()}` }, headers);

  it("takes the proxy's forwarded host and scheme as the server's own origin", async () => {
    const r = await orgs({
      Origin: 'https://notula.example',
      'X-Forwarded-Host': 'notula.example',
      'X-Forwarded-Proto': 'https',
      'Sec-Fetch-Site': 'same-origin',
    });
    expect(r.status, r.text).to.equal(201);
    const wrongScheme = await orgs({
      Origin: 'http://notula.example',
      'X-Forwarded-Host': 'notula.example',
      'X-Forwarded-Proto': 'https',
    });
    expect(wrongScheme.status, wrongScheme.text).to.equal(403);
  });

  it('accepts an origin listed in ALLOWED_ORIGINS, even cross-site, and no other', async () => {
    const listed = await orgs({ Origin: 'https://app.partner.example', 'Sec-Fetch-Site': 'cross-site' });
    expect(listed.status, listed.text).to.equal(201);
    const other = await orgs({ Origin: 'https://partner.example' });
    expect(other.status, other.text).to.equal(403);
    expect(other.body.error.code).to.equal('forbidden_origin');
  });
});
