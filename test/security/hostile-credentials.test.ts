import { expect } from 'chai';
import { startServer, ADMIN, type TestServer } from '../helpers/server.ts';
import type { Reply } from '../helpers/api.ts';

/** Session cookie values no server ever set: broken percent-encoding and invalid UTF-8. */
const MALFORMED = [
  '%E0%A4%A', // truncated escape (the probe's case)
  '%',
  '%ZZ',
  '%C0%80', // overlong NUL
  '%ED%A0%80', // lone surrogate
  `${'%E0'.repeat(2000)}`,
];

describe('hostile credentials: cookies and bearer tokens', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startServer();
  });
  after(() => srv?.stop());

  const as = (cookie: string | null, bearer: string | null = null) => {
    const api = srv.api();
    api.cookie = cookie;
    api.bearer = bearer;
    return api;
  };

  function expectUnauthenticated(r: Reply): void {
    expect(r.status, r.text).to.equal(401);
    expect(r.body.error.code).to.equal('unauthenticated');
  }

  for (const value of MALFORMED) {
    it(`treats the session cookie "${value.slice(0, 12)}" as no cookie, on public, signed-in and sign-in endpoints`, async () => {
      const cookie = `notula_session=${value}`;
      expect((await as(cookie).req('GET', '/healthz')).status).to.equal(200);
      expectUnauthenticated(await as(cookie).req('GET', '/api/me'));
      expectUnauthenticated(await as(cookie).req('GET', '/api/recordings'));
      expect((await as(cookie).req('POST', '/api/auth/logout')).status).to.equal(204);
      const login = await as(cookie).req('POST', '/api/auth/login', ADMIN);
      expect(login.status, login.text).to.equal(200);
    });
  }

  it('skips a malformed session cookie sent beside a valid one', async () => {
    const valid = srv.admin.cookie!;
    const r = await as(`notula_session=%E0%A4%A; ${valid}`).req('GET', '/api/me');
    expect(r.status, r.text).to.equal(200);
    expect(r.body.user.email).to.equal(ADMIN.email);
  });

  it('answers made-up, truncated and oversized bearer tokens with 401 naming the token', async () => {
    const { token } = await srv.admin.ok('POST', '/api/tokens', { name: 'real' });
    for (const bearer of [
      'nt_',
      'nt_x',
      token.slice(0, -1),
      `${token}x`,
      `nt_${'A'.repeat(6000)}`,
      '%E0%A4%A',
    ]) {
      const r = await as(null, bearer).req('GET', '/api/me');
      expectUnauthenticated(r);
      expect(r.body.error.message).to.match(/token/i);
    }
  });

  it('refuses an expiresInDays that is not a whole number from 1 to 3650 with 400 naming the field', async () => {
    const api = srv.api();
    await api.login(ADMIN.email, ADMIN.password);
    const before = (await api.ok('GET', '/api/tokens')).tokens.length;
    for (const expiresInDays of [0, -1, 3651, 1.5, '30', null, 1e20, { $gt: 0 }, [30]]) {
      const r = await api.req('POST', '/api/tokens', { name: 'x', expiresInDays });
      expect(r.status, `${JSON.stringify(expiresInDays)}: ${r.text}`).to.equal(400);
      expect(r.text).to.include('expiresInDays');
    }
    expect((await api.ok('GET', '/api/tokens')).tokens.length).to.equal(before);
  });

  it('does not let a bearer token mint tokens, whatever else the request carries', async () => {
    const { token } = await srv.admin.ok('POST', '/api/tokens', { name: 'leaked' });
    const names = async () =>
      (await srv.admin.ok('GET', '/api/tokens')).tokens.map((t: { name: string }) => t.name);
    const before = await names();
    // A token alone, beside a malformed cookie, or beside its owner's own session cookie: the
    // request is authenticated by the token (it wins over the cookie), so it may not mint.
    for (const cookie of [null, 'notula_session=%E0%A4%A', srv.admin.cookie]) {
      const r = await as(cookie, token).req('POST', '/api/tokens', { name: 'minted', expiresInDays: 3650 });
      expect(r.status, r.text).to.equal(403);
      expect(r.body.error.code).to.equal('forbidden');
    }
    expect(await names()).to.deep.equal(before);
  });
});
