import { expect } from 'chai';
import { startServer, type TestServer } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';
import { Fixture, KIND, ROLES, send, type Reply, type Role, type Target } from './fixture.ts';
import { MATRIX, type Case, type Outcome, type Req } from './matrix.ts';

interface DocOperation {
  'x-roles': string[];
  requestBody?: unknown;
}
type OpenApi = { paths: Record<string, Record<string, DocOperation>> };

const ERROR_CODE: Record<number, string[]> = {
  401: ['unauthenticated'],
  404: ['not_found'],
  409: ['not_completed', 'lease_expired', 'version_conflict', 'invalid_transition'],
};

/** Every operation of the document as "METHOD path". */
function operations(doc: OpenApi): Map<string, DocOperation> {
  const out = new Map<string, DocOperation>();
  for (const [p, ops] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(ops)) out.set(`${m.toUpperCase()} ${p}`, op);
  return out;
}

/** Denied callers first, so a shared resource is probed before an allowed call changes it. */
const callOrder = (c: Case): Role[] =>
  [...ROLES].sort((a, b) => Number(c.expect[a] === 'ok') - Number(c.expect[b] === 'ok'));

describe('isolation matrix (every endpoint × every caller × every resource it names)', () => {
  let srv: TestServer;
  let fx: Fixture;
  let doc: OpenApi;
  before(async () => {
    srv = await startServer();
    fx = await Fixture.build(srv);
    const r = await send(srv.url, 'GET', '/api/openapi.json');
    doc = r.body as OpenApi;
    // T1 and the reviewer each hold something, and an urgent open segment waits for T2's claim.
    await fx.heldByT1();
    await fx.inReview();
    await seedRecording(srv, fx.orgB, { segments: 1, priority: 5, title: 'Urgent' });
  });
  after(() => srv?.stop());

  it('has a row for every endpoint of the OpenAPI document, and no row without an endpoint', () => {
    const documented = [...operations(doc).keys()];
    const rows = Object.keys(MATRIX);
    expect(
      documented.filter((k) => !rows.includes(k)),
      'endpoints without a row',
    ).to.deep.equal([]);
    expect(
      rows.filter((k) => !documented.includes(k)),
      'rows without an endpoint',
    ).to.deep.equal([]);
    for (const [key, row] of Object.entries(MATRIX)) {
      for (const c of row.cases)
        expect(Object.keys(c.expect).sort(), `${key} [${c.name}] names every caller`).to.deep.equal(
          [...ROLES].sort(),
        );
    }
  });

  it('grants nothing the document does not: only roles in x-roles get an answer that proves access', () => {
    const ops = operations(doc);
    const wrong: string[] = [];
    for (const [key, row] of Object.entries(MATRIX)) {
      const roles = ops.get(key)?.['x-roles'] ?? [];
      for (const c of row.cases) {
        for (const r of ROLES) {
          const grants = c.expect[r] === 'ok' || c.expect[r] === 409;
          const documented = roles.includes(KIND[r]) || roles.includes('anonymous');
          if (grants && !documented)
            wrong.push(
              `${key} [${c.name}] ${r}: the table grants, x-roles ${JSON.stringify(roles)} does not`,
            );
          if (!grants && roles.includes('anonymous'))
            wrong.push(`${key} [${c.name}] ${r}: a public endpoint refused`);
        }
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it('answers every caller as the table says, refuses with 404/401 that reveal nothing, and changes nothing when refusing', async function () {
    this.timeout(600_000);
    const failures: string[] = [];
    const ops = operations(doc);
    for (const key of ops.keys()) {
      const row = MATRIX[key];
      if (!row) continue; // reported by the coverage test
      const [method, path] = key.split(' ');
      for (const c of row.cases) {
        let shared: Target | undefined;
        for (const role of callOrder(c)) {
          const label = `${key} [${c.name}] as ${role}`;
          try {
            const target = c.fresh || !shared ? await build(c, role) : shared;
            if (!c.fresh) shared = target;
            const req = (await row.req?.(target, role, fx)) ?? {};
            const url = path.replace(/\{id\}/, encodeURIComponent(target.id)) + (req.query ?? '');
            const before = await target.snapshot?.();
            const reply = await call(method, url, role, req);
            const want = c.expect[role];
            failures.push(...judge(label, method, want, reply, target, role));
            if (want !== 'ok' && target.snapshot) {
              const after = await target.snapshot();
              if (JSON.stringify(after) !== JSON.stringify(before))
                failures.push(
                  `${label}: the refused call changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
                );
            }
            // Authorisation comes before validation: a refused caller with a bad body is still refused.
            if ((want === 404 || want === 401) && req.json !== undefined) {
              const bad = await call(method, url, role, { ...req, json: { unexpectedField: true } });
              if (bad.status !== want)
                failures.push(
                  `${label} with an invalid body: expected ${want}, got ${bad.status} ${bad.text.slice(0, 200)}`,
                );
            }
          } catch (e) {
            failures.push(`${label}: ${(e as Error).stack ?? String(e)}`);
          }
        }
      }
    }
    expect(failures, `\n${failures.join('\n')}\n`).to.deep.equal([]);
  });

  it('keeps the server serving after the matrix', async () => {
    expect((await send(srv.url, 'GET', '/healthz')).status).to.equal(200);
  });

  async function build(c: Case, role: Role): Promise<Target> {
    return c.target ? await c.target(fx, role) : { id: '', secrets: [] };
  }

  function call(method: string, url: string, role: Role, req: Req): Promise<Reply> {
    const cookie = req.cookie !== undefined ? req.cookie : fx.callers[role].cookie;
    return send(srv.url, method, url, { cookie, json: req.json, body: req.body, headers: req.headers });
  }

  /** Every way the reply differs from what `want` demands. */
  function judge(
    label: string,
    method: string,
    want: Outcome,
    reply: Reply,
    target: Target,
    role: Role,
  ): string[] {
    const out: string[] = [];
    const said = `${reply.status} ${reply.text.slice(0, 300)}`;
    const ok = reply.status >= 200 && reply.status < 300;
    if (want === 'ok' ? !ok : reply.status !== want) out.push(`${label}: expected ${want}, got ${said}`);
    const finds = target.search?.finds[role];
    if (want === 'ok' && ok && finds) {
      const named = ((reply.body?.hits ?? []) as Array<{ recordingId: string }>).map((h) => h.recordingId);
      if (JSON.stringify([...new Set(named)].sort()) !== JSON.stringify([...finds].sort()))
        out.push(`${label}: found ${JSON.stringify(named)}, expected exactly ${JSON.stringify(finds)}`);
    } else if (want !== 'ok' && method !== 'HEAD') {
      const code = reply.body?.error?.code;
      if (!ERROR_CODE[want].includes(code) || typeof reply.body?.error?.message !== 'string')
        out.push(`${label}: not the API error shape: ${said}`);
      if (want !== 409) {
        const keys = Object.keys(reply.body ?? {});
        if (keys.length !== 1 || keys[0] !== 'error')
          out.push(`${label}: a refusal carries more than the error: ${said}`);
        const leaked = target.secrets.filter((s) => s && reply.text.includes(s));
        if (leaked.length) out.push(`${label}: the refusal names the resource: ${JSON.stringify(leaked)}`);
      }
    }
    const seen = (
      reply.text +
      '\n' +
      [...reply.headers].map(([k, v]) => `${k}: ${v}`).join('\n')
    ).toLowerCase();
    const leaks = fx.forbidden(role).filter((s) => s && seen.includes(s.toLowerCase()));
    if (leaks.length) out.push(`${label}: ${role} received ${JSON.stringify(leaks)} in ${said}`);
    return out;
  }
});
