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
});
