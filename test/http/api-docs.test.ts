import { expect } from 'chai';
import { startServer, type TestServer } from '../helpers/server.ts';

describe('GET /api/docs: the API reference page', () => {
  let srv: TestServer;
  let html: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  before(async () => {
    srv = await startServer();
    const r = await srv.api().req('GET', '/api/docs');
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.match(/^text\/html/);
    html = r.text;
    doc = (await srv.api().req('GET', '/api/openapi.json')).body;
  });
  after(() => srv.stop());

  it('lists every endpoint of the OpenAPI document under its tag, with its method and path', () => {
    for (const [path, item] of Object.entries(
      doc.paths as Record<string, Record<string, { tags: string[] }>>,
    )) {
      for (const [method, op] of Object.entries(item)) {
        const id = `${method} ${path}`
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '');
        expect(html, `${method} ${path}`).to.include(`id="${id}"`);
        expect(html).to.include(`id="${op.tags[0]}"`);
      }
    }
    expect(html).to.include('<span class="m post">POST</span> <code>/api/segments/{id}/return</code>');
  });

  it('says who may call each endpoint, and names its parameters and body fields', () => {
    const section = (id: string) =>
      html.slice(html.indexOf(`id="${id}"`), html.indexOf('</section>', html.indexOf(`id="${id}"`)));
    const claim = section('post-api-work-claim');
    expect(claim).to.include('<span class="role">transcriber</span>');
    expect(claim).to.not.include('<span class="role">client</span>');
    const users = section('post-api-users');
    expect(users).to.match(/<code>email<\/code> <span class="req">required<\/span>/);
    expect(users).to.match(/<code>password<\/code><\/td>/); // optional: invited without one
    expect(users).to.include(
      '<code>&quot;admin&quot; | &quot;client&quot; | &quot;transcriber&quot; | &quot;reviewer&quot;</code>',
    );
    const draft = section('put-api-segments-id-draft');
    expect(draft).to.include('<code>id (path)</code>');
    expect(draft).to.include('<code>turns[].speaker</code>');
    const audit = section('get-api-audit');
    expect(audit).to.include('<code>userId (query)</code>');
  });

  it('is self-contained: no script and nothing fetched from elsewhere', () => {
    expect(html).to.not.match(/<script|<link|<img|@import|url\(/i);
    expect(html.match(/(?:src|href)="([^"#]*)"/g) ?? []).to.deep.equal(['href="/api/openapi.json"']);
  });
});
