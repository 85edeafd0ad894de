import { expect } from 'chai';
import { startServer, type TestServer } from '../helpers/server.ts';

describe('own preferences over HTTP: the page language', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startServer();
  });
  after(() => srv?.stop());

  it('keeps the language a user chooses on their account, and forgets it on null', async () => {
    const email = `locale-${Date.now()}@notula.test`;
    await srv.admin.ok('POST', '/api/users', { email, password: 'password-123', role: 'transcriber' });
    const api = srv.api();
    await api.login(email, 'password-123');
    expect((await api.ok('GET', '/api/me')).user.locale).to.equal(null);
    expect((await api.ok('PATCH', '/api/me', { locale: 'id' })).user.locale).to.equal('id');
    // A new sign-in (another browser) finds it on the account.
    const again = srv.api();
    expect((await again.login(email, 'password-123')).body.user.locale).to.equal('id');
    expect((await api.ok('PATCH', '/api/me', { locale: null })).user.locale).to.equal(null);
  });

  it('refuses a language the pages do not speak, naming the field', async () => {
    const res = await srv.admin.req('PATCH', '/api/me', { locale: 'fr' });
    expect(res.status).to.equal(400);
    expect(res.text).to.include('locale');
  });
});
