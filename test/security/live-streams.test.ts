import { expect } from 'chai';
import { seedRecording } from '../helpers/seed.ts';
import { ADMIN, makeWorld, startServer, until, type TestServer, type World } from '../helpers/server.ts';
import type { Api } from '../helpers/api.ts';
import { TestClock } from '../helpers/clock.ts';

const CAP = 3;

/** An open event stream over real HTTP: its status, and a promise that settles when the server ends it. */
interface Stream {
  status: number;
  body: string;
  ended: Promise<void>;
  /** Events received so far, by name. */
  events: () => string[];
  close: () => void;
}

async function open(srv: TestServer, api: Api, recordingId: string): Promise<Stream> {
  const ac = new AbortController();
  const headers: Record<string, string> = {};
  if (api.cookie) headers.cookie = api.cookie;
  if (api.bearer) headers.authorization = `Bearer ${api.bearer}`;
  const res = await fetch(`${srv.url}/api/recordings/${recordingId}/events`, { headers, signal: ac.signal });
  if (res.status !== 200 || !res.body) {
    return {
      status: res.status,
      body: await res.text(),
      ended: Promise.resolve(),
      events: () => [],
      close: () => {},
    };
  }
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let text = '';
  let first: () => void = () => {};
  const gotFirst = new Promise<void>((r) => (first = r));
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += dec.decode(value, { stream: true });
        if (text.includes('event: recording')) first();
      }
    } catch {
      // aborted by the test
    }
  })();
  await gotFirst;
  return {
    status: 200,
    body: '',
    ended,
    events: () => [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]),
    close: () => ac.abort(),
  };
}

/** Resolves when the server has ended the stream; fails the test if it is still open after `ms`. */
function endsWithin(s: Stream, ms: number, what: string): Promise<void> {
  return Promise.race([
    s.ended,
    new Promise<void>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: the stream was still open after ${ms} ms`)), ms).unref(),
    ),
  ]);
}

describe('live event streams: no longer than the session, and capped per user', () => {
  let srv: TestServer;
  let w: World;
  let recId: string;
  const clock = new TestClock();
  before(async () => {
    srv = await startServer({ MAX_STREAMS_PER_USER: String(CAP) }, { now: clock.now });
    w = await makeWorld(srv, 0);
    recId = (await seedRecording(srv, w.orgA, { segments: 2 })).recording._id;
  });
  after(() => srv?.stop());

  /** Another signed-in session of client A's user (a second browser). */
  async function secondSession(): Promise<Api> {
    const api = srv.api();
    await api.login(w.clientA.user!.email, 'password-123');
    return api;
  }

  it('ends an open stream when its session signs out, and leaves the same user’s other sessions streaming', async () => {
    const laptop = await secondSession();
    const phone = await secondSession();
    const onLaptop = await open(srv, laptop, recId);
    const onPhone = await open(srv, phone, recId);
    expect((await laptop.req('POST', '/api/auth/logout')).status).to.equal(204);
    await endsWithin(onLaptop, 5000, 'after sign-out');
    let phoneEnded = false;
    void onPhone.ended.then(() => (phoneEnded = true));
    // A change to the recording reaches the session still signed in.
    await srv.admin.ok('PUT', `/api/recordings/${recId}/speakers`, { map: { 'Speaker 1': 'Budi' } });
    await until(
      async () => onPhone.events().filter((e) => e === 'recording').length >= 2,
      5000,
      'phone update',
    );
    expect(phoneEnded).to.equal(false);
    onPhone.close();
  });

  it('ends the streams of a user an admin disables', async () => {
    const { clientB: api, orgB } = await makeWorld(srv, 0);
    const otherRec = (await seedRecording(srv, orgB, { segments: 1 })).recording._id;
    const s = await open(srv, api, otherRec);
    await srv.admin.ok('PATCH', `/api/users/${api.user!.id}`, { disabled: true });
    await endsWithin(s, 5000, 'after the user was disabled');
  });

  it('ends a stream opened with an API token when the token is revoked', async () => {
    const session = await secondSession();
    const { token, id } = await session.ok('POST', '/api/tokens', { name: 'dashboard' });
    const script = srv.api();
    script.bearer = token;
    const s = await open(srv, script, recId);
    expect((await session.req('DELETE', `/api/tokens/${id}`)).status).to.equal(204);
    await endsWithin(s, 5000, 'after the token was revoked');
  });

  it('ends a stream opened with an API token when the token expires', async () => {
    const session = await secondSession();
    const { token } = await session.ok('POST', '/api/tokens', { name: 'for a day', expiresInDays: 1 });
    const script = srv.api();
    script.bearer = token;
    const s = await open(srv, script, recId);
    clock.advance(25 * 3600 * 1000);
    await endsWithin(s, 5000, 'after the token expired');
  });

  it(`answers 429 to a user's stream beyond ${CAP} at once, and 200 again once one closes`, async () => {
    // A user of its own, so streams other tests closed a moment ago cannot count against it.
    const fresh = await makeWorld(srv, 0);
    const api = fresh.clientA;
    const recId = (await seedRecording(srv, fresh.orgA, { segments: 1 })).recording._id;
    const streams: Stream[] = [];
    for (let i = 0; i < CAP; i++) streams.push(await open(srv, api, recId));
    expect(streams.map((s) => s.status)).to.deep.equal(Array(CAP).fill(200));
    const over = await open(srv, api, recId);
    expect(over.status).to.equal(429);
    expect(JSON.parse(over.body).error.code).to.equal('rate_limited');
    // The cap is per user, not per server: the admin still gets a stream.
    const admin = srv.api();
    await admin.login(ADMIN.email, ADMIN.password);
    const adminStream = await open(srv, admin, recId);
    expect(adminStream.status).to.equal(200);
    adminStream.close();
    streams.pop()!.close();
    const again = await until(
      async () => {
        const s = await open(srv, api, recId);
        return s.status === 200 ? s : null;
      },
      5000,
      'a stream once one closed',
    );
    for (const s of [...streams, again]) s.close();
  });
});
