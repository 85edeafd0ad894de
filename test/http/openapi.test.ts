import { expect } from 'chai';
import express, { type Express } from 'express';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { createApp } from '../../server/http/app.ts';
import { endpoint, registerEndpoints } from '../../server/http/contract.ts';
import { errorHandler } from '../../server/http/middleware.ts';
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

  it('registers the calls made all day first without changing which endpoint answers any request', () => {
    // A hot endpoint is tried before endpoints declared ahead of it, so no other endpoint of its
    // method may match a path it matches: same number of parts, each equal or a parameter.
    const parts = (path: string) => path.split('/');
    const param = (part: string) => part.startsWith('{');
    const overlap = (a: string, b: string) =>
      parts(a).length === parts(b).length &&
      parts(a).every((x, i) => x === parts(b)[i] || param(x) || param(parts(b)[i]!));
    const hot = ENDPOINTS.filter((e) => e.hot);
    expect(hot.map((e) => `${e.method} ${e.path}`)).to.include('put /api/segments/{id}/draft');
    for (const h of hot)
      for (const e of ENDPOINTS)
        if (e !== h && e.method === h.method)
          expect(overlap(h.path, e.path), `${h.method} ${h.path} and ${e.path}`).to.equal(false);
    const { running, config } = srv;
    const routes = registeredRoutes(
      createApp(config, running.services, createLogger('silent'), running.health),
    );
    expect(routes.indexOf('PUT /api/segments/{id}/draft')).to.be.below(
      routes.indexOf('POST /api/auth/login'),
    );
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
      expect(Boolean(op.requestBody), `${e.method} ${e.path} request body`).to.equal(
        Boolean(e.body ?? e.consumes),
      );
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

  it('answers 500 naming the field when a JSON answer breaks its response schema (CHECK_RESPONSES)', async () => {
    // A real app with one endpoint whose handler sends what its schema refuses.
    const drifted = endpoint({
      method: 'get',
      path: '/drifted',
      summary: 'Sends a number where its schema says a string',
      roles: ['anonymous'],
      ok: 200,
      tag: 'test',
      mount: 'app',
      response: z.strictObject({ name: z.string() }),
      handler: async () => JSON.parse('{"name": 7}') as { name: string },
    });
    const lines: string[] = [];
    const log = createLogger('error', 'notula', { write: (l: string) => void lines.push(l) });
    const answer = async (checkResponses: boolean) => {
      const app = express();
      const { running, config } = srv;
      const d = {
        s: running.services,
        config: { ...config, checkResponses },
        log,
        health: running.health,
        openApi: {},
      };
      registerEndpoints(app, { mount: 'app' }, [drifted], d);
      app.use(errorHandler(log));
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const r = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/drifted`);
        return { status: r.status, body: (await r.json()) as { error?: { code: string; message: string } } };
      } finally {
        server.close();
      }
    };
    const checked = await answer(true);
    expect(checked.status).to.equal(500);
    expect(checked.body.error?.code).to.equal('response_contract_violated');
    expect(checked.body.error?.message).to.include('GET /drifted').and.include('name');
    expect(lines.join('')).to.include('response schema refuses');
    // Production does not pay for the check: the answer goes out as the handler made it.
    const unchecked = await answer(false);
    expect(unchecked.status).to.equal(200);
  });
});
