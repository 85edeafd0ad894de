import { expect } from 'chai';
import type { Express } from 'express';
import { createApp } from '../../server/http/app.ts';
import { ENDPOINTS } from '../../server/http/openapi.ts';
import { createLogger } from '../../server/log.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

interface Layer {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every route the app really registers, as "METHOD /api/x/{id}", walked from Express's own stack. */
function registeredRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const p = `${prefix}${layer.route.path}`.replace(/:(\w+)/g, '{$1}');
        for (const [m, on] of Object.entries(layer.route.methods))
          if (on) out.push(`${m.toUpperCase()} ${p}`);
      } else if (layer.handle.stack) {
        walk(
          layer.handle.stack,
          prefix + (typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''),
        );
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

describe('the endpoint table and the OpenAPI document', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startServer();
  });
  after(() => srv?.stop());

  it('holds every route the server registers, and nothing it does not serve', () => {
    const { running, config } = srv;
    const app = createApp(config, running.services, createLogger('silent'), running.health);
    // The browser app's shell and its source-map refusal are pages, not API routes.
    const routes = registeredRoutes(app).filter((r) => /^\w+ \/(api\/|healthz$)/.test(r));
    const table = ENDPOINTS.map((e) => `${e.method.toUpperCase()} ${e.path}`);
    expect(routes.length).to.be.greaterThan(30);
    expect([...routes].sort()).to.deep.equal([...table].sort());
    expect(new Set(table).size, 'each method and path once').to.equal(table.length);
  });

  it('serves the document generated from the table: every endpoint, its roles and its schemas', async () => {
    const r = await srv.api().req('GET', '/api/openapi.json');
    const doc = r.body as {
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(doc.openapi).to.equal('3.1.0');
    for (const e of ENDPOINTS) {
      const op = doc.paths[e.path]?.[e.method];
      expect(op, `${e.method} ${e.path}`).to.be.an('object');
      expect(op['x-roles']).to.deep.equal(e.roles);
      expect(Boolean(op.requestBody), `${e.method} ${e.path} request body`).to.equal(Boolean(e.body));
    }
    const login = doc.paths['/api/auth/login'].post as {
      requestBody: { content: { 'application/json': { schema: { required: string[] } } } };
      responses: Record<string, { content?: Record<string, { schema?: { properties?: object } }> }>;
    };
    expect(login.requestBody.content['application/json'].schema.required).to.deep.equal([
      'email',
      'password',
    ]);
    expect(login.responses['200'].content?.['application/json'].schema?.properties).to.have.property('user');
    const search = doc.paths['/api/search'].get as { parameters: Array<{ name: string; required: boolean }> };
    expect(search.parameters.find((p) => p.name === 'q')?.required).to.equal(true);
    expect(search.parameters.find((p) => p.name === 'limit')?.required).to.equal(false);
  });
});
