import { expect } from 'chai';
import { startServer, type TestServer } from '../helpers/server.ts';

describe('HTTP basics', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startServer({ MAX_JSON_BYTES: '2048' });
  });
  after(() => srv.stop());

  it('reports health with the store engine, the ffmpeg version and the classifier state', async () => {
    const r = await srv.api().req('GET', '/healthz');
    expect(r.status).to.equal(200);
    expect(r.body.ok).to.equal(true);
    expect(r.body.store).to.equal(process.env.MONGODB_URI ? 'mongodb' : 'embedded');
    expect(r.body.ffmpeg).to.be.a('string').and.not.equal('missing');
    expect(r.body.classifier).to.be.oneOf(['yamnet', 'off']);
  });

  it('sends security headers and a request id on every answer', async () => {
    const r = await srv.api().req('GET', '/healthz');
    expect(r.headers.get('content-security-policy')).to.include("default-src 'self'");
    expect(r.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(r.headers.get('x-request-id')).to.match(/^[\w-]+$/);
    expect(r.headers.get('x-powered-by')).to.equal(null);
  });

  it('logs each answer once, under the request id the caller sent, with the signed-in user, status and time', async () => {
    const lines: string[] = [];
    const logged = await startServer({ LOG_LEVEL: 'debug' }, { logs: (l) => lines.push(l) });
    try {
      const r = await logged.admin.req('GET', '/api/me?x=1', undefined, {
        'x-request-id': 'support-case-42',
      });
      expect(r.status).to.equal(200);
      expect(r.headers.get('x-request-id')).to.equal('support-case-42');
      const requests = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.msg === 'request' && l.reqId === 'support-case-42');
      expect(requests).to.have.length(1);
      expect(requests[0]).to.include({ method: 'GET', url: '/api/me', status: 200, level: 20 });
      expect(requests[0]!.user).to.be.a('string');
      expect(requests[0]!.ms).to.be.a('number');
    } finally {
      await logged.stop();
    }
  });

  it('answers malformed JSON with 400 invalid_json and no stack trace', async () => {
    const r = await srv.admin.req('POST', '/api/orgs', '{"name": ', { 'content-type': 'application/json' });
    expect(r.status).to.equal(400);
    expect(r.body.error.code).to.equal('invalid_json');
    expect(r.text).to.not.match(/at .*\.ts:\d+/);
  });

  it('answers an oversized body with 413 and stores nothing', async () => {
    const before = (await srv.admin.ok('GET', '/api/orgs')).orgs.length;
    const r = await srv.admin.req('POST', '/api/orgs', { name: 'x'.repeat(5000) });
    expect(r.status).to.equal(413);
    expect(r.body.error.code).to.equal('payload_too_large');
    expect((await srv.admin.ok('GET', '/api/orgs')).orgs.length).to.equal(before);
  });

  it('names the failing fields of wrong types and unknown fields', async () => {
    const r = await srv.admin.req('POST', '/api/users', {
      email: 42,
      password: 'password-1',
      role: 'boss',
      extra: true,
    });
    expect(r.status).to.equal(400);
    expect(r.body.error.code).to.equal('validation_failed');
    const fields = r.body.error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).to.include.members(['email', 'role']);
    expect(JSON.stringify(r.body.error.details)).to.include('extra');
  });

  it('answers unknown API paths with 404 in the API error shape', async () => {
    const r = await srv.admin.req('GET', '/api/nothing-here');
    expect(r.status).to.equal(404);
    expect(r.body.error.code).to.equal('not_found');
  });

  it('describes every endpoint it serves in /api/openapi.json', async () => {
    const r = await srv.api().req('GET', '/api/openapi.json');
    expect(r.status).to.equal(200);
    expect(r.body.openapi).to.match(/^3\./);
    expect(Object.keys(r.body.paths)).to.include.members([
      '/api/auth/login',
      '/api/recordings/{id}/transcript',
      '/api/segments/{id}/draft',
      '/healthz',
    ]);
  });
});
