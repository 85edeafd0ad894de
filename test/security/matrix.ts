/**
 * The isolation matrix: for every endpoint of the OpenAPI document, keyed "METHOD path", the
 * outcome each caller must get on each resource the endpoint can name. `ok` is a 2xx; 409 is a
 * documented business answer that proves access (a transcript not ready yet, a lease held by
 * someone else); 404 and 401 are refusals that must reveal nothing.
 */
import { wavBuffer } from '../helpers/hostile-media.ts';
import { b64, login, M, next, ROLES, type Fixture, type Role, type Target } from './fixture.ts';

export type Outcome = 'ok' | 401 | 404 | 409;
export type Expect = Record<Role, Outcome>;

export interface Req {
  /** Appended to the path: `?format=json`. */
  query?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Call with this session instead of the role's own (fresh sessions, throw-away users). */
  cookie?: string | null;
}

export interface Case {
  name: string;
  /** Builds the resource the URL names; once per row, or once per call when `fresh`. */
  target?: (fx: Fixture, role: Role) => Promise<Target> | Target;
  fresh?: boolean;
  expect: Expect;
}

export interface Row {
  cases: Case[];
  req?: (t: Target, role: Role, fx: Fixture) => Req | Promise<Req>;
}

/** Anonymous gets 401, the listed callers `ok`, everyone else 404. */
export function only(...allowed: Role[]): Expect {
  const e = {} as Expect;
  for (const r of ROLES) e[r] = allowed.includes(r) ? 'ok' : r === 'anon' ? 401 : 404;
  return e;
}
const everyone = (): Expect => Object.fromEntries(ROLES.map((r) => [r, 'ok'])) as Expect;
const signedIn = (): Expect => only('clientA', 'clientB', 't1', 't2', 'reviewer', 'admin');

const TUS = { 'tus-resumable': '1.0.0' };
const turn = (t: Target, text: string) => [{ speaker: 'Speaker 1', start: t.seg!.start + 1, text }];
const row = (expect: Expect, req?: Row['req'], target?: Case['target'], fresh = false): Row => ({
  cases: [{ name: 'the resource', expect, target, fresh }],
  req,
});

/** Fresh sessions for rows that end them; a throw-away user where a row changes the account. */
const ownSession = async (fx: Fixture, role: Role): Promise<Target> => {
  const c = fx.callers[role];
  if (role === 'anon') return { id: '', secrets: [], as: c };
  return { id: '', secrets: [], as: { ...c, cookie: await login(fx.url, c.email, c.password) } };
};
const ownUser = async (fx: Fixture, role: Role): Promise<Target> => ({
  id: '',
  secrets: [],
  as: await fx.sameKindAs(role),
});

const recordings = {
  completedA: {
    name: 'completed recording of A',
    target: async (fx: Fixture) => fx.recTarget(await fx.completedA()),
  },
  inWorkA: {
    name: 'recording of A in work',
    target: async (fx: Fixture) => fx.recTarget(await fx.inWork('A')),
  },
  inWorkB: {
    name: 'recording of B in work',
    target: async (fx: Fixture) => fx.recTarget(await fx.inWork('B')),
  },
};

const segments = {
  heldByT1: { name: 'segment held by T1', target: async (fx: Fixture) => fx.segTarget(await fx.heldByT1()) },
  submittedByT1: {
    name: 'segment T1 submitted',
    target: async (fx: Fixture) => fx.segTarget(await fx.submittedByT1()),
  },
  inReview: {
    name: 'segment the reviewer holds',
    target: async (fx: Fixture) => fx.segTarget(await fx.inReview()),
  },
};

/** Who may read a segment: its holder and admins. */
const segmentReaders: Case[] = [
  { ...segments.heldByT1, expect: only('t1', 'admin') },
  { ...segments.submittedByT1, expect: only('admin') },
  { ...segments.inReview, expect: only('reviewer', 'admin') },
];

/** Client B uploads into its own organisation, so its upload carries B's markers. */
const marks = (role: Role) =>
  role === 'clientB' ? { title: M.titleB, file: M.fileB } : { title: M.titleA, file: M.fileA };

async function multipart(fx: Fixture, role: Role): Promise<Req> {
  const n = next();
  const form = new FormData();
  form.append('title', `${marks(role).title} multipart ${n}`);
  if (role === 'admin') form.append('orgId', fx.orgA);
  form.append(
    'file',
    new Blob([new Uint8Array(wavBuffer(0.5))], { type: 'audio/wav' }),
    `${marks(role).file}-mp-${n}.wav`,
  );
  return { body: form };
}

export const MATRIX: Record<string, Row> = {
  'GET /healthz': row(everyone()),
  'GET /api/openapi.json': row(everyone()),
  'GET /api/docs': row(everyone()),
  'POST /api/auth/login': row(everyone(), (_t, _r, fx) => ({
    json: { email: fx.callers.t2.email, password: fx.callers.t2.password },
  })),
  'POST /api/auth/logout': row(everyone(), (t) => ({ cookie: t.as!.cookie }), ownSession, true),
  'POST /api/auth/password': row(
    signedIn(),
    (t) => ({
      cookie: t.as!.cookie,
      json: { currentPassword: t.as!.password, newPassword: 'another-password-9' },
    }),
    ownUser,
    true,
  ),
  'POST /api/auth/accept': row(
    everyone(),
    (t) => ({ json: { token: t.token, password: 'chosen-password-1' } }),
    (fx) => fx.inviteTarget(),
    true,
  ),
  'POST /api/auth/forgot': row(everyone(), () => ({ json: { email: `nobody-${next()}@nowhere.test` } })),
  'GET /api/me': row(signedIn()),
  'PATCH /api/me': row(signedIn(), () => ({ json: { locale: 'id' } })),
  'POST /api/tokens': row(signedIn(), () => ({ json: { name: `token ${next()}` } })),
  'GET /api/tokens': row(signedIn()),
  'DELETE /api/tokens/{id}': row(only('clientA'), undefined, (fx) => fx.tokenA(), true),

  'POST /api/orgs': row(only('admin'), () => ({ json: { name: `New org ${next()}` } })),
  'GET /api/orgs': row(only('admin')),
  'PATCH /api/orgs/{id}': row(
    only('admin'),
    () => ({ json: { segmentSeconds: 90 } }),
    (fx) => fx.orgTarget(),
  ),
  'POST /api/users': row(only('admin'), () => ({
    json: { email: `made-${next()}@staff.test`, password: 'password-456', role: 'transcriber' },
  })),
  'GET /api/users': row(only('admin')),
  'PATCH /api/users/{id}': row(
    only('admin'),
    () => ({ json: { disabled: false } }),
    (fx) => fx.userTarget(),
  ),
  'POST /api/users/{id}/reset': row(only('admin'), undefined, (fx) => fx.userTarget()),
  'GET /api/audit': row(only('admin')),
  'GET /api/admin/queue': row(only('admin')),
  'GET /api/admin/quality': row(only('admin')),
  'GET /api/webhooks/deliveries': row(only('admin')),
  'GET /api/admin/backlog': row(only('admin')),
  'GET /api/turnarounds': row(only('clientA', 'clientB', 'admin')),
  'GET /api/admin/rates': row(only('admin')),
  'PUT /api/admin/rates': row(only('admin'), () => ({
    json: { currency: 'USD', perAudioMinute: { standard: 0.5 }, fullVerbatimExtra: 0.1 },
  })),
  // A transcriber reads its own earnings; naming another's is 404, like any resource not theirs.
  'GET /api/earnings': {
    req: (t) => ({ query: t.id ? `?userId=${t.id}&format=csv` : '' }),
    cases: [
      { name: 'own', expect: only('t1', 't2', 'admin') },
      {
        name: "t1's",
        target: (fx) => ({ id: fx.callers.t1.id!, secrets: [] }),
        expect: only('t1', 'admin'),
      },
    ],
  },

  'POST /api/uploads': row(only('clientA', 'clientB', 'admin'), (_t, role, fx) => {
    const n = next();
    const meta = [
      `filename ${b64(`${marks(role).file}-tus-${n}.wav`)}`,
      ...(role === 'admin' ? [`orgId ${b64(fx.orgA)}`] : []),
    ].join(',');
    return { headers: { ...TUS, 'upload-length': '100', 'upload-metadata': meta } };
  }),
  'OPTIONS /api/uploads': row(everyone(), () => ({ headers: TUS })),
  'OPTIONS /api/uploads/{id}': row(
    everyone(),
    () => ({ headers: TUS }),
    (fx) => fx.upload(),
  ),
  'HEAD /api/uploads/{id}': row(
    only('clientA', 'admin'),
    () => ({ headers: TUS }),
    (fx) => fx.upload(),
  ),
  'PATCH /api/uploads/{id}': row(
    only('clientA', 'admin'),
    () => ({
      headers: { ...TUS, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(10),
    }),
    (fx) => fx.upload(),
    true,
  ),
  'DELETE /api/uploads/{id}': row(
    only('clientA', 'admin'),
    () => ({ headers: TUS }),
    (fx) => fx.upload(),
    true,
  ),

  'POST /api/recordings': row(only('clientA', 'clientB', 'admin'), (_t, role, fx) => multipart(fx, role)),
  'GET /api/recordings': row(only('clientA', 'clientB', 'admin')),
  'GET /api/search': {
    req: (t) => ({ query: `?q=${encodeURIComponent(t.search!.q)}` }),
    cases: [
      {
        name: 'completed recordings of A and B with the same word',
        target: (fx) => fx.searchTarget(),
        expect: only('clientA', 'clientB', 'admin'),
      },
    ],
  },
  'GET /api/recordings/{id}': {
    cases: [
      { ...recordings.completedA, expect: only('clientA', 'admin') },
      { ...recordings.inWorkA, expect: only('clientA', 'admin') },
      { ...recordings.inWorkB, expect: only('clientB', 'admin') },
    ],
  },
  'GET /api/recordings/{id}/events': { cases: [{ ...recordings.inWorkA, expect: only('clientA', 'admin') }] },
  'GET /api/recordings/{id}/audio': {
    cases: [{ ...recordings.completedA, expect: only('clientA', 'admin') }],
  },
  'GET /api/recordings/{id}/peaks': { cases: [{ ...recordings.inWorkA, expect: only('clientA', 'admin') }] },
  'GET /api/recordings/{id}/transcript': {
    req: () => ({ query: '?format=json' }),
    cases: [
      { ...recordings.completedA, expect: only('clientA', 'admin') },
      { ...recordings.inWorkA, expect: { ...only(), clientA: 409, admin: 409 } },
      { ...recordings.inWorkB, expect: { ...only(), clientB: 409, admin: 409 } },
    ],
  },
  'PUT /api/recordings/{id}/speakers': {
    req: () => ({ json: { map: { 'Speaker 1': 'Budi' } } }),
    cases: [
      { ...recordings.inWorkA, expect: only('reviewer', 'admin') },
      { ...recordings.completedA, fresh: true, expect: only('admin') },
    ],
  },
  'PUT /api/recordings/{id}/draft': {
    req: () => ({
      body: '1\n00:00:01,000 --> 00:00:02,000\nBudi: hello\n',
      headers: { 'content-type': 'text/plain' },
    }),
    cases: [{ ...recordings.inWorkA, fresh: true, expect: only('clientA', 'admin') }],
  },
  'DELETE /api/recordings/{id}': {
    cases: [{ ...recordings.inWorkA, fresh: true, expect: only('clientA', 'admin') }],
  },

  'POST /api/work/claim': row(only('t1', 't2')),
  'GET /api/work/mine': row(only('t1', 't2')),
  'GET /api/segments/{id}': { cases: segmentReaders },
  'GET /api/segments/{id}/audio': { cases: segmentReaders },
  'GET /api/segments/{id}/peaks': { cases: segmentReaders },
  'PUT /api/segments/{id}/draft': {
    req: (t) => ({ json: { turns: turn(t, 'a saved draft'), version: t.seg!.version } }),
    cases: [
      { ...segments.heldByT1, fresh: true, expect: only('t1') },
      { ...segments.inReview, fresh: true, expect: only('reviewer') },
    ],
  },
  'POST /api/segments/{id}/submit': {
    req: (t) => ({ json: { turns: turn(t, 'the submitted text'), version: t.seg!.version } }),
    cases: [{ ...segments.heldByT1, fresh: true, expect: only('t1') }],
  },
  'POST /api/segments/{id}/heard': {
    req: (t) => ({ json: { ranges: [[t.seg!.start, t.seg!.start + 1]] } }),
    cases: [{ ...segments.heldByT1, fresh: true, expect: only('t1') }],
  },
  'POST /api/segments/{id}/release': {
    cases: [
      { ...segments.heldByT1, fresh: true, expect: only('t1') },
      { ...segments.inReview, fresh: true, expect: only('reviewer') },
    ],
  },
  'POST /api/review/claim': row(only('reviewer')),
  'GET /api/review/mine': row(only('reviewer')),
  'GET /api/review/recordings': row(only('reviewer', 'admin')),
  'GET /api/review/recordings/{id}': {
    cases: [
      { ...recordings.inWorkA, expect: only('reviewer', 'admin') },
      { ...recordings.completedA, expect: only('admin') },
    ],
  },
  'POST /api/segments/{id}/approve': {
    req: (t) => ({ json: { version: t.seg!.version } }),
    cases: [{ ...segments.inReview, fresh: true, expect: only('reviewer') }],
  },
  'POST /api/segments/{id}/return': {
    req: (t) => ({ json: { comment: 'Please check the names.', version: t.seg!.version } }),
    cases: [{ ...segments.inReview, fresh: true, expect: only('reviewer') }],
  },
  'POST /api/segments/{id}/reopen': {
    cases: [
      {
        name: 'segment closed as [no speech]',
        target: async (fx) => fx.segTarget(await fx.noSpeech()),
        fresh: true,
        expect: only('reviewer', 'admin'),
      },
      {
        name: 'segment closed as [no speech] in a completed recording',
        target: async (fx) => fx.segTarget(await fx.noSpeech('completed')),
        fresh: true,
        expect: only('admin'),
      },
    ],
  },
};
