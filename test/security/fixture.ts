/**
 * The world the isolation matrix runs in: two organisations whose names, titles, file names and
 * transcript text carry markers, so a leak shows up as a plain substring in any response; seven
 * callers (admin, a client of each organisation, the transcriber holding a segment, one who does
 * not, a reviewer, anonymous); and factories that seed each resource in the state a row needs.
 */
import { collectionOf } from '../../server/services/collections.ts';
import type { RecordingDoc, SegmentDoc, Turn } from '../../server/domain.ts';
import { newId } from '../../server/ids.ts';
import { seedRecording } from '../helpers/seed.ts';
import { ADMIN, type TestServer } from '../helpers/server.ts';

export const ROLES = ['anon', 'clientA', 'clientB', 't1', 't2', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What each caller is, in the OpenAPI document's `x-roles` vocabulary. */
export const KIND: Record<Role, 'anonymous' | 'admin' | 'client' | 'transcriber' | 'reviewer'> = {
  anon: 'anonymous',
  clientA: 'client',
  clientB: 'client',
  t1: 'transcriber',
  t2: 'transcriber',
  reviewer: 'reviewer',
  admin: 'admin',
};

/** Markers: an organisation's name and its client's e-mail share one, titles and file names have their own. */
export const M = {
  orgA: 'Acmesecret Holdings',
  orgB: 'Betasecret Partners',
  acme: 'acmesecret',
  beta: 'betasecret',
  titleA: 'TITLEAMARK',
  titleB: 'TITLEBMARK',
  fileA: 'FILEAMARK',
  fileB: 'FILEBMARK',
  /** Text of the draft T1 is typing. */
  draft: 'DRAFTT1MARK',
  /** Text of submitted and approved turns of organisation A. */
  spoken: 'SPOKENAMARK',
  tokenA: 'TOKENAMARK',
} as const;

const PASSWORD = 'password-123';

export interface Caller {
  id: string | null;
  email: string;
  password: string;
  cookie: string | null;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // The matrix reads error codes and a few fields out of arbitrary JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface SendOpts {
  cookie?: string | null;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/**
 * One request with the given cookie and nothing remembered: a login inside a row must not
 * change who the caller is for the next row. An event stream is read up to its first event.
 */
export async function send(url: string, method: string, path: string, o: SendOpts = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.cookie) headers.cookie = o.cookie;
  let body = o.body;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers['content-type'] ??= 'application/json';
  }
  const ac = new AbortController();
  const res = await fetch(url + path, { method, headers, body, redirect: 'manual', signal: ac.signal });
  let text: string;
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream') && res.body) {
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    text = '';
    while (!/\nevent: recording\ndata: [^\n]*\n\n/.test('\n' + text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
    }
    ac.abort();
    await reader.cancel().catch(() => {});
  } else {
    text = Buffer.from(await res.arrayBuffer()).toString('utf8');
  }
  let parsed: unknown;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export async function login(url: string, email: string, password: string): Promise<string> {
  const r = await send(url, 'POST', '/api/auth/login', { json: { email, password } });
  if (r.status !== 200) throw new Error(`login as ${email}: ${r.status} ${r.text}`);
  const pair = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('notula_session='));
  if (!pair) throw new Error('no session cookie');
  return pair;
}

let seq = 0;
/** A number unique within the test process, for names that must not collide. */
export const next = (): number => ++seq;

export interface Target {
  /** The id the URL names ('' when the path names none). */
  id: string;
  /** Field values of the target that a denied caller must not see. */
  secrets: string[];
  /** State that a denied call must leave as it was. */
  snapshot?: () => Promise<unknown>;
  /** For segment rows: the segment as seeded. */
  seg?: SegmentDoc;
  /** A caller made for this target (fresh sessions, throw-away users). */
  as?: Caller;
  /** For rows that follow a password link: the link's secret. */
  token?: string;
  /** For search rows: the words to search for, and the recordings each allowed caller's hits must name. */
  search?: { q: string; finds: Partial<Record<Role, string[]>> };
}

interface SegSpec {
  status: SegmentDoc['status'];
  holder?: string | null;
  transcriber?: string | null;
  reviewer?: string | null;
  turns?: Turn[];
  autoClosed?: boolean;
  leaseExpiresAt?: number | null;
}

export class Fixture {
  readonly callers = {} as Record<Role, Caller>;
  orgA = '';
  orgB = '';
  /** A third transcriber: submits the segments reviewers work on, so T1 is not their author. */
  t3 = '';
  /** Every recording and segment id of organisation A seeded so far. */
  readonly idsA: string[] = [];

  constructor(readonly srv: TestServer) {}

  get url(): string {
    return this.srv.url;
  }

  static async build(srv: TestServer): Promise<Fixture> {
    const fx = new Fixture(srv);
    const admin = srv.admin;
    fx.orgA = (await admin.ok('POST', '/api/orgs', { name: M.orgA })).org.id;
    fx.orgB = (await admin.ok('POST', '/api/orgs', { name: M.orgB })).org.id;
    fx.callers.anon = { id: null, email: '', password: '', cookie: null };
    fx.callers.admin = {
      id: admin.user!.id,
      email: ADMIN.email,
      password: ADMIN.password,
      cookie: await login(srv.url, ADMIN.email, ADMIN.password),
    };
    const users: [Role, string, string | undefined][] = [
      ['clientA', 'client', fx.orgA],
      ['clientB', 'client', fx.orgB],
      ['t1', 'transcriber', undefined],
      ['t2', 'transcriber', undefined],
      ['reviewer', 'reviewer', undefined],
    ];
    for (const [role, kind, org] of users) fx.callers[role] = await fx.user(kind, org);
    fx.t3 = (await fx.user('transcriber')).id!;
    return fx;
  }

  /** A new signed-in user; clients of organisation A/B carry that organisation's marker in their e-mail. */
  async user(kind: string, orgId?: string): Promise<Caller> {
    const mark = orgId === this.orgA ? M.acme : orgId === this.orgB ? M.beta : 'staff';
    const email = `${kind}-${next()}-${process.pid}@${mark}.test`;
    const made = await this.srv.admin.ok('POST', '/api/users', {
      email,
      password: PASSWORD,
      role: kind,
      ...(orgId ? { orgId } : {}),
    });
    return { id: made.user.id, email, password: PASSWORD, cookie: await login(this.url, email, PASSWORD) };
  }

  /** Another signed-in user of the same kind (and organisation) as `role`. */
  async sameKindAs(role: Role): Promise<Caller> {
    if (role === 'anon') return this.callers.anon;
    const org = role === 'clientA' ? this.orgA : role === 'clientB' ? this.orgB : undefined;
    return this.user(KIND[role], org);
  }

  /** Strings `role` must never receive, in any response. */
  forbidden(role: Role): string[] {
    const a = [M.acme, M.titleA, M.fileA, M.draft, M.spoken, M.tokenA, this.orgA];
    const b = [M.beta, M.titleB, M.fileB, this.orgB];
    const orgs = [M.acme, M.beta, this.orgA, this.orgB];
    switch (role) {
      case 'admin':
        return [];
      case 'clientA':
        return b;
      case 'clientB':
        return [...a, ...this.idsA];
      case 't1':
        return [...orgs, M.titleA, M.titleB, M.fileA, M.fileB, M.spoken, M.tokenA];
      case 't2':
        return [...orgs, M.titleA, M.titleB, M.fileA, M.fileB, M.spoken, M.draft, M.tokenA];
      case 'reviewer':
        return [...orgs, M.fileA, M.fileB, M.tokenA];
      case 'anon':
        return [...a, ...b, ...this.idsA];
    }
  }

  private get s() {
    return this.srv.running.services;
  }

  /** A recording of organisation A (or B) whose segments are in the given states. */
  async recording(
    specs: SegSpec[],
    opts: { org?: 'A' | 'B'; status?: RecordingDoc['status'] } = {},
  ): Promise<{ rec: RecordingDoc; segs: SegmentDoc[] }> {
    const n = next();
    const isA = (opts.org ?? 'A') === 'A';
    const title = `${isA ? M.titleA : M.titleB} meeting ${n}`;
    const filename = `${isA ? M.fileA : M.fileB}-${n}.m4a`;
    const { recording, segments } = await seedRecording(this.srv, isA ? this.orgA : this.orgB, {
      segments: specs.length,
      segmentSec: 30,
      title,
    });
    const segCol = this.s.store.collection<SegmentDoc>('segments');
    const segs: SegmentDoc[] = [];
    for (const [i, spec] of specs.entries()) {
      const seg = segments[i];
      const live = spec.status === 'assigned' || spec.status === 'reviewing';
      const set: Partial<SegmentDoc> = {
        status: spec.status,
        holderId: spec.holder ?? null,
        transcriberId: spec.transcriber ?? null,
        reviewerId: spec.reviewer ?? null,
        turns: spec.turns ?? [],
        autoClosed: spec.autoClosed ?? false,
        leaseExpiresAt:
          spec.leaseExpiresAt !== undefined ? spec.leaseExpiresAt : live ? Date.now() + 3_600_000 : null,
        // Below the segment set aside for T2's claim, so that claim never takes a row's target.
        priority: -1,
      };
      await segCol.updateOne({ _id: seg._id }, { $set: set });
      segs.push({ ...seg, ...set });
    }
    await collectionOf(this.s.store, 'recordings').updateOne(
      { _id: recording._id },
      { $set: { filename, priority: -1 } },
    );
    await this.s.recordings.refresh(recording._id);
    if (opts.status)
      await collectionOf(this.s.store, 'recordings').updateOne(
        { _id: recording._id },
        { $set: { status: opts.status, completedAt: opts.status === 'completed' ? Date.now() : null } },
      );
    if (isA) this.idsA.push(recording._id, ...segs.map((s) => s._id));
    const rec = (await collectionOf(this.s.store, 'recordings').findOne({ _id: recording._id }))!;
    return { rec, segs };
  }

  /** Target for a recording: everything a denied caller could learn about it. */
  recTarget(r: { rec: RecordingDoc; segs: SegmentDoc[] }): Target {
    const { rec, segs } = r;
    return {
      id: rec._id,
      secrets: [
        rec.title,
        rec.filename,
        rec.orgId,
        rec.orgId === this.orgA ? M.orgA : M.orgB,
        ...segs.map((s) => s._id),
        ...segs.flatMap((s) => s.turns.map((t) => t.text)),
      ],
      snapshot: async () => {
        const doc = await collectionOf(this.s.store, 'recordings').findOne({ _id: rec._id });
        return doc && { status: doc.status, speakerMap: doc.speakerMap, title: doc.title };
      },
    };
  }

  /** Target for one segment of a recording. */
  segTarget(r: { rec: RecordingDoc; segs: SegmentDoc[] }, i = 0): Target {
    const seg = r.segs[i];
    const base = this.recTarget(r);
    return {
      id: seg._id,
      seg,
      secrets: base.secrets.filter((x) => !seg._id.includes(x)),
      snapshot: async () => {
        const doc = await this.s.store.collection<SegmentDoc>('segments').findOne({ _id: seg._id });
        return (
          doc && {
            status: doc.status,
            version: doc.version,
            holderId: doc.holderId,
            turns: doc.turns,
            comments: doc.comments.length,
          }
        );
      },
    };
  }

  // Recordings and segments in the states the rows need.
  completedA = () =>
    this.recording(
      [
        {
          status: 'approved',
          transcriber: this.t3,
          turns: [{ speaker: 'Speaker 1', start: 1, text: `${M.spoken} final words` }],
        },
      ],
      { status: 'completed' },
    );
  inWork = (org: 'A' | 'B' = 'A') =>
    this.recording(
      [
        {
          status: 'approved',
          transcriber: this.t3,
          turns: [{ speaker: 'Speaker 1', start: 1, text: `${M.spoken} approved` }],
        },
        { status: 'open' },
      ],
      { org },
    );
  heldByT1 = () =>
    this.recording([
      {
        status: 'assigned',
        holder: this.callers.t1.id,
        turns: [{ speaker: 'Speaker 1', start: 2, text: `${M.draft} typing` }],
      },
      { status: 'open' },
    ]);
  submittedByT1 = () =>
    this.recording([
      {
        status: 'submitted',
        transcriber: this.callers.t1.id,
        turns: [{ speaker: 'Speaker 1', start: 2, text: `${M.spoken} submitted` }],
      },
      { status: 'open' },
    ]);
  /** Submitted by T3 and claimed by the reviewer. */
  inReview = () =>
    this.recording([
      {
        status: 'reviewing',
        transcriber: this.t3,
        holder: this.callers.reviewer.id,
        reviewer: this.callers.reviewer.id,
        turns: [{ speaker: 'Speaker 1', start: 2, text: `${M.spoken} in review` }],
      },
      { status: 'open' },
    ]);
  noSpeech = (status?: 'completed') =>
    this.recording(
      [
        { status: 'approved', autoClosed: true, turns: [{ speaker: '', start: 0, text: '[no speech]' }] },
        { status: status === 'completed' ? 'approved' : 'open' },
      ],
      { status },
    );

  /**
   * Completed recordings of A and of B whose transcripts share a word no other row uses, indexed
   * for search as the merge job indexes them: each client must find its own and only its own.
   */
  async searchTarget(): Promise<Target> {
    const word = `findable${next()}`;
    const completed = (org: 'A' | 'B', text: string) =>
      this.recording(
        [{ status: 'approved', transcriber: this.t3, turns: [{ speaker: 'Speaker 1', start: 1, text }] }],
        { org, status: 'completed' },
      );
    const a = await completed('A', `${M.spoken} ${word} of A`);
    const b = await completed('B', `${word} of B`);
    for (const r of [a, b]) await this.s.search.indexRecording(r.rec._id);
    return {
      id: '',
      secrets: [...this.recTarget(a).secrets, ...this.recTarget(b).secrets],
      search: {
        q: word,
        finds: { clientA: [a.rec._id], clientB: [b.rec._id], admin: [a.rec._id, b.rec._id] },
      },
    };
  }

  /** A tus upload of organisation A, started by the admin on its behalf, with 100 bytes declared. */
  async upload(): Promise<Target> {
    const n = next();
    const meta = [
      `filename ${b64(`${M.fileA}-${n}.wav`)}`,
      `title ${b64(`${M.titleA} upload ${n}`)}`,
      `orgId ${b64(this.orgA)}`,
    ].join(',');
    const r = await send(this.url, 'POST', '/api/uploads', {
      cookie: this.callers.admin.cookie,
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '100', 'upload-metadata': meta },
    });
    if (r.status !== 201) throw new Error(`tus create: ${r.status} ${r.text}`);
    const id = r.headers.get('notula-recording-id')!;
    this.idsA.push(id);
    return {
      id,
      secrets: [`${M.fileA}-${n}`, `${M.titleA} upload ${n}`, this.orgA, M.orgA],
      snapshot: async () => {
        const doc = await collectionOf(this.s.store, 'recordings').findOne({ _id: id });
        const head = await send(this.url, 'HEAD', `/api/uploads/${id}`, {
          cookie: this.callers.admin.cookie,
          headers: { 'tus-resumable': '1.0.0' },
        });
        return { status: doc?.status, offset: head.headers.get('upload-offset') };
      },
    };
  }

  /** An API token of client A. */
  async tokenA(): Promise<Target> {
    const name = `${M.tokenA} ${next()}`;
    const r = await send(this.url, 'POST', '/api/tokens', {
      cookie: this.callers.clientA.cookie,
      json: { name },
    });
    if (r.status !== 201) throw new Error(`token: ${r.status} ${r.text}`);
    const id: string = r.body.id;
    return {
      id,
      secrets: [name, r.body.token],
      snapshot: async () => Boolean(await this.s.store.collection('tokens').findOne({ _id: id })),
    };
  }

  /** A user invited just now (no password yet): the row follows the invite link's secret. */
  async inviteTarget(): Promise<Target> {
    const made = await this.srv.admin.ok('POST', '/api/users', {
      email: `invited-${next()}-${process.pid}@staff.test`,
      role: 'transcriber',
    });
    const token = new URL(made.inviteUrl as string).hash.replace(/^#token=/, '');
    return { id: '', secrets: [], token };
  }

  async userTarget(): Promise<Target> {
    const u = await this.user('transcriber');
    return {
      id: u.id!,
      secrets: [u.email],
      snapshot: async () => {
        const doc = await this.s.store
          .collection<{ _id: string; disabled: boolean; role: string }>('users')
          .findOne({ _id: u.id! });
        return doc && { disabled: doc.disabled, role: doc.role };
      },
    };
  }

  orgTarget(): Target {
    return {
      id: this.orgA,
      secrets: [M.orgA],
      snapshot: async () => this.s.store.collection('orgs').findOne({ _id: this.orgA }),
    };
  }

  newId = newId;
}

export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
