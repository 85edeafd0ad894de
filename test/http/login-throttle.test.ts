import { expect } from 'chai';
import { startServer, ADMIN, type TestServer } from '../helpers/server.ts';
import type { Reply } from '../helpers/api.ts';

const WINDOW_MS = 15 * 60 * 1000;

/** A server whose clock the test moves forward instead of sleeping. */
async function serverWithClock(
  env: Record<string, string>,
): Promise<{ srv: TestServer; advance(ms: number): void }> {
  let offset = 0;
  const srv = await startServer(env, { now: () => Date.now() + offset });
  return { srv, advance: (ms) => (offset += ms) };
}

const statuses = (rs: Reply[]): Record<number, number> => {
  const out: Record<number, number> = {};
  for (const r of rs) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
};

function expectRateLimited(r: Reply): void {
  expect(r.status, r.text).to.equal(429);
  expect(r.body.error.code).to.equal('rate_limited');
  expect(Number(r.headers.get('retry-after'))).to.be.within(1, WINDOW_MS / 1000);
}

describe('sign-in throttling over HTTP', () => {
  let srv: TestServer | undefined;
  afterEach(async () => {
    await srv?.stop();
    srv = undefined;
  });

  it('lets at most LOGIN_MAX_ATTEMPTS of 40 simultaneous wrong passwords reach the check; the rest get 429', async () => {
    const c = await serverWithClock({ LOGIN_MAX_ATTEMPTS: '10' });
    srv = c.srv;
    const email = 'target@notula.test';
    await srv.admin.ok('POST', '/api/users', { email, password: 'password-123', role: 'transcriber' });
    const rs = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        srv!.api().req('POST', '/api/auth/login', { email, password: `wrong-guess-${i}` }),
      ),
    );
    const n = statuses(rs);
    expect(n[401] ?? 0, JSON.stringify(n)).to.be.at.most(10);
    expect((n[401] ?? 0) + (n[429] ?? 0), JSON.stringify(n)).to.equal(40);
    for (const r of rs.filter((x) => x.status === 429)) expectRateLimited(r);

    // Locked even for the right password until the window has passed.
    expectRateLimited(await srv.api().req('POST', '/api/auth/login', { email, password: 'password-123' }));
    c.advance(WINDOW_MS + 1000);
    const ok = await srv.api().req('POST', '/api/auth/login', { email, password: 'password-123' });
    expect(ok.status, ok.text).to.equal(200);
  });

  it('limits one address across many e-mails (password spraying) with 429 naming the address', async () => {
    const c = await serverWithClock({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '20' });
    srv = c.srv;
    const rs = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        srv!
          .api()
          .req('POST', '/api/auth/login', { email: `person${i}@notula.test`, password: 'Summer2026!' }),
      ),
    );
    const n = statuses(rs);
    expect(n, JSON.stringify(n)).to.deep.equal({ 401: 20, 429: 10 });
    for (const r of rs.filter((x) => x.status === 429)) {
      expectRateLimited(r);
      expect(r.body.error.message).to.match(/network address/);
    }
    c.advance(WINDOW_MS + 1000);
    const again = await srv
      .api()
      .req('POST', '/api/auth/login', { email: 'person0@notula.test', password: 'x' });
    expect(again.status, again.text).to.equal(401);
  });

  it('does not let a correct sign-in from the same address reset the count of a spray', async () => {
    const c = await serverWithClock({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '5' });
    srv = c.srv;
    const fail = (i: number) =>
      srv!.api().req('POST', '/api/auth/login', { email: `spray${i}@notula.test`, password: 'guess-guess' });
    for (let i = 0; i < 4; i++) expect((await fail(i)).status).to.equal(401);
    await srv.api().login(ADMIN.email, ADMIN.password);
    expect((await fail(4)).status).to.equal(401);
    expectRateLimited(await fail(5));
  });

  it('clears an e-mail’s failures when its right password is given', async () => {
    const c = await serverWithClock({ LOGIN_MAX_ATTEMPTS: '3' });
    srv = c.srv;
    const wrong = () => srv!.api().req('POST', '/api/auth/login', { email: ADMIN.email, password: 'not-it' });
    for (let i = 0; i < 2; i++) expect((await wrong()).status).to.equal(401);
    await srv.api().login(ADMIN.email, ADMIN.password);
    for (let i = 0; i < 3; i++) expect((await wrong()).status).to.equal(401);
    expectRateLimited(await wrong());
  });
});
