import { expect } from 'chai';
import { startServer, makeWorld, type TestServer, type World } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';
import type { Reply } from '../helpers/api.ts';

const DEPTH = 100_000;

describe('hostile JSON bodies and query strings', () => {
  let srv: TestServer;
  let w: World;
  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 1);
  });
  after(() => srv?.stop());

  async function expectServing(): Promise<void> {
    const h = await srv.api().req('GET', '/healthz');
    expect(h.status, h.text).to.equal(200);
    expect((await w.clientA.req('GET', '/api/me')).status).to.equal(200);
  }

  function expectError(r: Reply, status: number[], code?: RegExp): void {
    expect(status, r.text.slice(0, 300)).to.include(r.status);
    expect(r.body?.error?.code, r.text.slice(0, 300)).to.be.a('string');
    if (code) expect(r.body.error.code).to.match(code);
    expect(r.body.error.message).to.match(/^[A-Z].{10,}/);
  }

  it('refuses a 2 MB body with 413 before reading it into a handler', async () => {
    const r = await w.clientA.req('POST', '/api/tokens', { name: 'x'.repeat(2 * 1024 * 1024) });
    expectError(r, [413], /payload_too_large/);
    expect(r.body.error.message).to.match(/larger than/);
    await expectServing();
  });

  it('refuses 2 MB to the anonymous login endpoint with 413', async () => {
    const r = await srv
      .api()
      .req('POST', '/api/auth/login', { email: 'a@b.c', password: 'p'.repeat(2 * 1024 * 1024) });
    expectError(r, [413]);
    await expectServing();
  });

  const deep: [string, string][] = [
    ['100 000 nested arrays', '['.repeat(DEPTH) + ']'.repeat(DEPTH)],
    ['100 000 nested objects', '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH)],
    ['100 000 unclosed arrays', '['.repeat(DEPTH)],
    ['nesting inside a valid field', `{"name":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`],
  ];
  for (const [name, body] of deep) {
    it(`answers ${name} with 400/413 and keeps serving (signed in and anonymous)`, async () => {
      const signedIn = await w.clientA.req('POST', '/api/tokens', body, {
        'content-type': 'application/json',
      });
      expectError(signedIn, [400, 413]);
      const anon = await srv
        .api()
        .req('POST', '/api/auth/login', body, { 'content-type': 'application/json' });
      expectError(anon, [400, 413]);
      await expectServing();
    });
  }

  it('answers deeply nested turns in a draft with 400 and leaves the draft as it was', async () => {
    await seedRecording(srv, w.orgA, { segments: 1 });
    const t = w.transcribers[0];
    const { segment } = await t.ok('POST', '/api/work/claim');
    const nested = `{"version":${segment.version},"turns":[{"speaker":"S","start":0,"text":${'['.repeat(50_000)}${']'.repeat(50_000)}}]}`;
    const r = await t.req('PUT', `/api/segments/${segment.id}/draft`, nested, {
      'content-type': 'application/json',
    });
    expectError(r, [400], /validation_failed/);
    const after = (await t.ok('GET', `/api/segments/${segment.id}`)).segment;
    expect(after.version).to.equal(segment.version);
    expect(after.turns).to.deep.equal(segment.turns);
    await t.ok('POST', `/api/segments/${segment.id}/release`);
    await expectServing();
  });

  it('ignores __proto__ and constructor keys: a strict schema refuses them and nothing is polluted', async () => {
    const body = '{"name":"t","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
    const r = await w.clientA.req('POST', '/api/tokens', body, { 'content-type': 'application/json' });
    expectError(r, [400], /validation_failed/);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    const login = await srv
      .api()
      .req('POST', '/api/auth/login', '{"email":"x@y.z","password":"p","__proto__":{"role":"admin"}}', {
        'content-type': 'application/json',
      });
    expectError(login, [400, 401]);
    expect(({} as Record<string, unknown>).role).to.equal(undefined);
    await expectServing();
  });

  it('refuses bodies that are not UTF-8 JSON with 400/415', async () => {
    const latin = await w.clientA.req('POST', '/api/tokens', '{"name":"x"}', {
      'content-type': 'application/json; charset=iso-8859-1',
    });
    expectError(latin, [415]);
    const utf16 = await w.clientA.req(
      'POST',
      '/api/tokens',
      new Uint8Array(Buffer.from('{"name":"x"}', 'utf16le')),
      { 'content-type': 'application/json' },
    );
    expectError(utf16, [400]);
    const scalar = await w.clientA.req('POST', '/api/tokens', '"just a string"', {
      'content-type': 'application/json',
    });
    expectError(scalar, [400]);
    const nul = await w.clientA.req('POST', '/api/tokens', '{"name":"a\\u0000b"}', {
      'content-type': 'application/json',
    });
    expect([201, 400], nul.text).to.include(nul.status);
    await expectServing();
  });

  it('never reads query parameters as operators, and answers repeated or absurd ones with 400', async () => {
    const { recording } = await seedRecording(srv, w.orgA, { segments: 1 });
    // Bracketed keys stay literal names (Express 5's simple parser), so they are unknown and ignored.
    const cases: [string, number][] = [
      [`/api/recordings/${recording._id}/transcript?format[$ne]=x`, 409],
      [`/api/recordings/${recording._id}/transcript?format=txt&format=json`, 400],
      ['/api/recordings?status[$ne]=completed', 200],
      ['/api/recordings?status=completed&status=failed', 400],
      ['/api/recordings?limit=1e309', 400],
      ['/api/recordings?limit=-1', 400],
    ];
    for (const [c, status] of cases) {
      const r = await w.clientA.req('GET', c);
      expect(r.status, `${c}: ${r.text}`).to.equal(status);
    }
    const list = await w.clientB.req('GET', `/api/recordings?orgId=${w.orgA}`);
    expect(list.status).to.equal(200);
    expect(list.text).to.not.include(recording._id);
    await expectServing();
  });

  it('does not treat an operator in a path id as a query', async () => {
    for (const id of ['{"$ne":null}', '[$ne]', '..%2F..%2Fetc%2Fpasswd', '%00']) {
      const r = await w.clientB.req('GET', `/api/recordings/${encodeURIComponent(id)}`);
      expect(r.status, `${id}: ${r.text}`).to.be.oneOf([400, 404]);
    }
    await expectServing();
  });
});
