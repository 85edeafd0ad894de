import { expect } from 'chai';
import { startServer, ADMIN, type TestServer } from '../helpers/server.ts';

describe('accounts and sign-in over HTTP', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startServer({ LOGIN_MAX_ATTEMPTS: '3' });
  });
  after(() => srv.stop());

  it('creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD and signs it in with an httpOnly SameSite=Lax cookie', async () => {
    const api = srv.api();
    const r = await api.req('POST', '/api/auth/login', ADMIN);
    expect(r.status).to.equal(200);
    expect(r.body.user).to.include({ email: ADMIN.email, role: 'admin' });
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('notula_session='))!;
    expect(cookie)
      .to.match(/HttpOnly/i)
      .and.match(/SameSite=Lax/i);
    expect((await api.req('GET', '/api/me')).body.user.email).to.equal(ADMIN.email);
  });

  it('refuses a wrong password with 401 and the API error shape, and records it in the audit log', async () => {
    const r = await srv.api().req('POST', '/api/auth/login', { email: ADMIN.email, password: 'nope-nope' });
    expect(r.status).to.equal(401);
    expect(r.body.error.code).to.equal('unauthenticated');
    expect(r.body.error.message).to.match(/wrong e-mail or password/i);
    const audit = await srv.admin.ok('GET', '/api/audit?action=login.failed');
    expect(audit.entries.length).to.be.greaterThan(0);
  });

  it('rate-limits repeated failed sign-ins with 429', async () => {
    const api = srv.api();
    const email = 'victim@notula.test';
    await srv.admin.ok('POST', '/api/users', { email, password: 'password-123', role: 'transcriber' });
    for (let i = 0; i < 3; i++)
      expect((await api.req('POST', '/api/auth/login', { email, password: 'bad-pass' })).status).to.equal(
        401,
      );
    const r = await api.req('POST', '/api/auth/login', { email, password: 'password-123' });
    expect(r.status).to.equal(429);
    expect(r.headers.get('retry-after')).to.match(/^\d+$/);
    expect(r.body.error.code).to.equal('rate_limited');
  });

  it('answers 401 without a session and after logout, which ends the session on the server', async () => {
    const api = srv.api();
    expect((await api.req('GET', '/api/me')).status).to.equal(401);
    await api.login(ADMIN.email, ADMIN.password);
    const stolen = api.cookie;
    expect((await api.req('POST', '/api/auth/logout')).status).to.equal(204);
    const replay = srv.api();
    replay.cookie = stolen;
    expect((await replay.req('GET', '/api/me')).status).to.equal(401);
  });

  it('issues bearer tokens shown once, lists and revokes them; a revoked token answers 401', async () => {
    const { token, id } = await srv.admin.ok('POST', '/api/tokens', { name: 'ci' });
    expect(token).to.match(/^nt_/);
    const bot = srv.api();
    bot.bearer = token;
    expect((await bot.req('GET', '/api/me')).body.user.email).to.equal(ADMIN.email);
    const list = await srv.admin.ok('GET', '/api/tokens');
    expect(list.tokens.map((t: { id: string }) => t.id)).to.include(id);
    expect(JSON.stringify(list)).to.not.include(token);
    expect((await srv.admin.req('DELETE', `/api/tokens/${id}`)).status).to.equal(204);
    const r = await bot.req('GET', '/api/me');
    expect(r.status).to.equal(401);
    expect(r.body.error.message).to.match(/token/i);
  });

  it('refuses a disabled user at once, and a token of a disabled user', async () => {
    const email = 'soon-disabled@notula.test';
    const { user } = await srv.admin.ok('POST', '/api/users', {
      email,
      password: 'password-123',
      role: 'reviewer',
    });
    const api = srv.api();
    await api.login(email, 'password-123');
    const { token } = await api.ok('POST', '/api/tokens', { name: 'x' });
    await srv.admin.ok('PATCH', `/api/users/${user.id}`, { disabled: true });
    expect((await api.req('GET', '/api/me')).status).to.equal(401);
    const bot = srv.api();
    bot.bearer = token;
    expect((await bot.req('GET', '/api/me')).status).to.equal(401);
    const again = await srv.api().req('POST', '/api/auth/login', { email, password: 'password-123' });
    expect(again.status).to.equal(401);
    expect(again.body.error.message).to.match(/disabled/);
  });

  it('ends the other sessions when a password changes', async () => {
    const email = 'changer@notula.test';
    await srv.admin.ok('POST', '/api/users', { email, password: 'password-123', role: 'transcriber' });
    const laptop = srv.api();
    const phone = srv.api();
    await laptop.login(email, 'password-123');
    await phone.login(email, 'password-123');
    const wrong = await laptop.req('POST', '/api/auth/password', {
      currentPassword: 'not-it-1',
      newPassword: 'password-456',
    });
    expect(wrong.status).to.equal(400);
    expect(
      (
        await laptop.req('POST', '/api/auth/password', {
          currentPassword: 'password-123',
          newPassword: 'password-456',
        })
      ).status,
    ).to.equal(204);
    expect((await laptop.req('GET', '/api/me')).status).to.equal(200);
    expect((await phone.req('GET', '/api/me')).status).to.equal(401);
    await srv.api().login(email, 'password-456');
  });

  it('lets only admins manage organisations and users; others get 404, anonymous 401', async () => {
    const { org } = await srv.admin.ok('POST', '/api/orgs', { name: 'Acme Legal' });
    await srv.admin.ok('POST', '/api/users', {
      email: 'c@acme.test',
      password: 'password-123',
      role: 'client',
      orgId: org.id,
    });
    const client = srv.api();
    await client.login('c@acme.test', 'password-123');
    expect((await client.req('GET', '/api/users')).status).to.equal(404);
    expect((await client.req('POST', '/api/orgs', { name: 'x' })).status).to.equal(404);
    expect((await srv.api().req('GET', '/api/orgs')).status).to.equal(401);
    const dup = await srv.admin.req('POST', '/api/users', {
      email: 'C@acme.test',
      password: 'password-123',
      role: 'client',
      orgId: org.id,
    });
    expect(dup.status).to.equal(409);
    const noOrg = await srv.admin.req('POST', '/api/users', {
      email: 'd@acme.test',
      password: 'password-123',
      role: 'client',
    });
    expect(noOrg.status).to.equal(400);
    expect(noOrg.body.error.message).to.match(/orgId/);
    const patched = await srv.admin.ok('PATCH', `/api/orgs/${org.id}`, {
      retentionDays: 30,
      segmentSeconds: 90,
      webhookSecret: 's3cret-s3cret',
    });
    expect(patched.org).to.include({ retentionDays: 30, segmentSeconds: 90, webhookSecretSet: true });
    expect(JSON.stringify(patched)).to.not.include('s3cret');
  });
});
