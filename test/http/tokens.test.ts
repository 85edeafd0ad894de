import { expect } from 'chai';
import { startServer, type TestServer } from '../helpers/server.ts';
import type { Api } from '../helpers/api.ts';

const DAY_MS = 24 * 3600 * 1000;

describe('API tokens over HTTP: lifetime, revocation and who may mint them', () => {
  let srv: TestServer;
  let offset = 0;
  let seq = 0;
  before(async () => {
    srv = await startServer({}, { now: () => Date.now() + offset });
  });
  after(() => srv?.stop());
  // Time moved by one test must not leak into the next (sessions expire after a week).
  afterEach(() => {
    offset = 0;
  });

  /** A fresh signed-in user, so no test sees another's tokens. */
  async function newUser(): Promise<{ api: Api; id: string; email: string }> {
    const email = `token-user-${++seq}@notula.test`;
    const { user } = await srv.admin.ok('POST', '/api/users', {
      email,
      password: 'password-123',
      role: 'transcriber',
    });
    const api = srv.api();
    await api.login(email, 'password-123');
    return { api, id: user.id, email };
  }

  function bot(token: string): Api {
    const b = srv.api();
    b.bearer = token;
    return b;
  }

  it('keeps a token with expiresInDays working until then, then answers 401 saying it expired', async () => {
    const { api } = await newUser();
    const made = await api.ok('POST', '/api/tokens', { name: 'nightly', expiresInDays: 2 });
    const expected = Date.now() + offset + 2 * DAY_MS;
    expect(Date.parse(made.expiresAt)).to.be.closeTo(expected, 60_000);
    const listed = (await api.ok('GET', '/api/tokens')).tokens;
    expect(listed).to.have.length(1);
    expect(listed[0].expiresAt).to.equal(made.expiresAt);
    expect((await bot(made.token).req('GET', '/api/me')).status).to.equal(200);

    offset += DAY_MS;
    expect((await bot(made.token).req('GET', '/api/me')).status).to.equal(200);
    offset += DAY_MS + 1000;
    const r = await bot(made.token).req('GET', '/api/me');
    expect(r.status).to.equal(401);
    expect(r.body.error.code).to.equal('unauthenticated');
    expect(r.body.error.message).to.match(/"nightly" expired on \d{4}-\d\d-\d\d/);
    expect((await api.req('GET', '/api/me')).status, 'the session is not affected').to.equal(200);
  });

  it('lists a token made without expiresInDays as never expiring (expiresAt null)', async () => {
    const { api } = await newUser();
    const made = await api.ok('POST', '/api/tokens', { name: 'forever' });
    expect(made.expiresAt).to.equal(null);
    const listed = (await api.ok('GET', '/api/tokens')).tokens;
    expect(listed[0]).to.include({ name: 'forever', expiresAt: null });
  });

  it('revokes every API token when the user changes their own password', async () => {
    const { api } = await newUser();
    const { token } = await api.ok('POST', '/api/tokens', { name: 'script' });
    expect((await bot(token).req('GET', '/api/me')).status).to.equal(200);
    const r = await api.req('POST', '/api/auth/password', {
      currentPassword: 'password-123',
      newPassword: 'password-456',
    });
    expect(r.status).to.equal(204);
    expect((await bot(token).req('GET', '/api/me')).status).to.equal(401);
    expect((await api.ok('GET', '/api/tokens')).tokens).to.deep.equal([]);
    expect((await api.req('GET', '/api/me')).status, 'the session that changed it stays').to.equal(200);
  });

  it('revokes every API token when an admin sets a new password for the user', async () => {
    const { api, id } = await newUser();
    const { token } = await api.ok('POST', '/api/tokens', { name: 'script' });
    await srv.admin.ok('PATCH', `/api/users/${id}`, { password: 'reset-by-admin-1' });
    const r = await bot(token).req('GET', '/api/me');
    expect(r.status).to.equal(401);
    const audit = await srv.admin.ok('GET', '/api/audit?action=user.update');
    const entry = audit.entries.find((e: { target: string }) => e.target === id);
    expect(entry.details).to.include({ password: '(changed)', tokensRevoked: 1 });
  });

  it('refuses to let an API token create tokens (403 forbidden); a signed-in session can', async () => {
    const { api } = await newUser();
    const { token } = await api.ok('POST', '/api/tokens', { name: 'ci' });
    const r = await bot(token).req('POST', '/api/tokens', { name: 'offspring' });
    expect(r.status).to.equal(403);
    expect(r.body.error.code).to.equal('forbidden');
    expect(r.body.error.message).to.match(/API token cannot create/);
    const names = (await api.ok('GET', '/api/tokens')).tokens.map((t: { name: string }) => t.name);
    expect(names).to.deep.equal(['ci']);
    expect((await bot(token).req('GET', '/api/tokens')).status, 'it may still list them').to.equal(200);
  });
});
