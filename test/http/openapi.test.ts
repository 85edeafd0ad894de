import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { ENDPOINTS } from '../../server/http/openapi.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every `r.get('/x/:id', …)` style route registered under server/http, as "METHOD /api/x/{id}". */
function registeredRoutes(): string[] {
  const dir = path.join(ROOT, 'server/http');
  const files = [
    ...fs.readdirSync(path.join(dir, 'routes')).map((f) => path.join(dir, 'routes', f)),
    path.join(dir, 'tus.ts'),
  ];
  const out: string[] = [];
  for (const f of files) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\br\.(get|post|put|patch|delete|all|options)\(\s*(\[[^\]]*\]|'[^']*')/g)) {
      const paths = m[2].startsWith('[')
        ? [...m[2].matchAll(/'([^']*)'/g)].map((x) => x[1])
        : [m[2].slice(1, -1)];
      for (const p of paths) out.push(`${m[1].toUpperCase()} /api${p.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  it('lists every route the server registers, and nothing it does not serve', () => {
    const documented = new Set(ENDPOINTS.map((e) => `${e.method.toUpperCase()} ${e.path}`));
    const routes = registeredRoutes();
    expect(routes.length).to.be.greaterThan(30);
    for (const r of routes) {
      if (r.startsWith('ALL ')) {
        const p = r.slice(4);
        expect(
          [...documented].some((d) => d.endsWith(` ${p}`)),
          `${r} documented`,
        ).to.equal(true);
      } else {
        expect(documented.has(r), `${r} is in the OpenAPI document`).to.equal(true);
      }
    }
    const served = new Set(routes.map((r) => r.replace(/^\w+ /, '')));
    for (const e of ENDPOINTS) {
      // Served by the app itself (app.ts), not a route file.
      if (['/healthz', '/api/openapi.json', '/api/docs'].includes(e.path)) continue;
      expect(served.has(e.path), `${e.method} ${e.path} is served`).to.equal(true);
    }
  });
});
