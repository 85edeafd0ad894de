import { expect } from 'chai';
import net from 'node:net';
import { startServer, type TestServer } from '../helpers/server.ts';
import { TestClock } from '../helpers/clock.ts';
import { Api } from '../helpers/api.ts';
import { seedRecording } from '../helpers/seed.ts';
import { linkIn, startMailCatcher, type MailCatcher } from '../helpers/smtp.ts';
import { collectionOf } from '../../server/services/collections.ts';

const HOUR = 3600 * 1000;

/** A loopback port free right now, so PUBLIC_URL can name the server before it starts. */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The secret of a link in a mail or shown to the admin (it travels in the fragment). */
const tokenOf = (link: string): string => new URL(link).hash.replace(/^#token=/, '');

describe('invites, password resets and e-mail through SMTP', () => {
  let mail: MailCatcher;
  let srv: TestServer;
  let clock: TestClock;
  let publicUrl: string;

  before(async () => {
    mail = await startMailCatcher();
  });
  after(() => mail.stop());

  beforeEach(async () => {
    clock = new TestClock();
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    srv = await startServer(
      {
        PORT: String(port),
        SMTP_URL: mail.url,
        MAIL_FROM: 'Notula <notula@bureau.test>',
        PUBLIC_URL: publicUrl,
      },
      { now: clock.now },
    );
  });
  afterEach(() => srv.stop());

  const unique = (who: string) => `${who}-${Math.random().toString(36).slice(2, 8)}@bureau.test`;
  const to = (email: string) => (m: { to: string[] }) => m.to.includes(email);

  it('invites a user by e-mail; the link from the mail sets their password and signs them in, once', async () => {
    const email = unique('dewi');
    const made = await srv.admin.req('POST', '/api/users', {
      email,
      name: 'Dewi Lestari',
      role: 'transcriber',
    });
    expect(made.status, made.text).to.equal(201);
    expect(made.body.user).to.include({ name: 'Dewi Lestari', invitePending: true });
    expect(made.body.mailed).to.equal(true);

    const m = await mail.next(to(email));
    expect(m.from).to.equal('notula@bureau.test');
    expect(m.authUser).to.equal('notula');
    expect(m.subject).to.equal('Your Notula account');
    expect(m.text).to.include('Hello Dewi Lestari');
    const link = linkIn(m, `${publicUrl}/invite#token=`);
    expect(link).to.equal(made.body.inviteUrl);

    // The page the link opens is served, and the secret never reaches the server in a URL.
    const page = await fetch(link);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.include('text/html');

    const dewi = new Api(srv.url);
    expect((await dewi.req('POST', '/api/auth/login', { email, password: '' })).status).to.equal(400);
    expect((await dewi.req('POST', '/api/auth/login', { email, password: 'anything-1' })).status).to.equal(
      401,
    );
    const accepted = await dewi.req('POST', '/api/auth/accept', {
      token: tokenOf(link),
      password: 'dewi-chose-this',
    });
    expect(accepted.status, accepted.text).to.equal(200);
    expect(accepted.body.user).to.include({ email, name: 'Dewi Lestari', invitePending: false });
    expect((await dewi.ok('GET', '/api/me')).user.email).to.equal(email);

    const again = await new Api(srv.url).req('POST', '/api/auth/accept', {
      token: tokenOf(link),
      password: 'someone-else-9',
    });
    expect(again.status).to.equal(400);
    expect(again.body.error.code).to.equal('invalid_token');
    await new Api(srv.url).login(email, 'dewi-chose-this');

    // Stored hashed: the secret appears in no collection.
    const store = srv.running.services.store;
    for (const name of ['password_links', 'jobs', 'audit', 'users'] as const) {
      const docs = await collectionOf(store, name).find({});
      expect(JSON.stringify(docs), name).to.not.include(tokenOf(link));
    }
  });

  it('answers "forgot password" alike for known and unknown addresses and mails a working link only to the known one', async () => {
    const email = unique('bayu');
    await srv.admin.ok('POST', '/api/users', {
      email,
      name: 'Bayu',
      password: 'old-password-1',
      role: 'reviewer',
    });
    const bayu = new Api(srv.url);
    await bayu.login(email, 'old-password-1');
    const stranger = unique('nobody');

    const unknown = await new Api(srv.url).req('POST', '/api/auth/forgot', { email: stranger });
    const known = await new Api(srv.url).req('POST', '/api/auth/forgot', { email: email.toUpperCase() });
    expect([unknown.status, known.status]).to.deep.equal([204, 204]);
    expect(unknown.text).to.equal(known.text);

    const m = await mail.next(to(email));
    expect(m.subject).to.equal('Reset your Notula password');
    await srv.running.services.mailer.idle();
    expect(mail.received.filter(to(stranger))).to.have.length(0);

    const link = linkIn(m, `${publicUrl}/reset#token=`);
    const fresh = new Api(srv.url);
    await fresh.ok('POST', '/api/auth/accept', { token: tokenOf(link), password: 'new-password-2' });
    expect((await fresh.ok('GET', '/api/me')).user.email).to.equal(email);
    // The old password and the session it opened are over.
    expect((await bayu.req('GET', '/api/me')).status).to.equal(401);
    expect(
      (await new Api(srv.url).req('POST', '/api/auth/login', { email, password: 'old-password-1' })).status,
    ).to.equal(401);
  });

  it('stops a reset link once the password changes another way, and after 72 hours', async () => {
    const email = unique('sari');
    const made = await srv.admin.ok('POST', '/api/users', {
      email,
      password: 'first-password-1',
      role: 'client',
      orgId: (await srv.admin.ok('POST', '/api/orgs', { name: `Org ${email}` })).org.id,
    });
    const first = await srv.admin.ok('POST', `/api/users/${made.user.id}/reset`);
    expect(first).to.include({ kind: 'reset', mailed: true });
    const sari = new Api(srv.url);
    await sari.login(email, 'first-password-1');
    await sari.ok('POST', '/api/auth/password', {
      currentPassword: 'first-password-1',
      newPassword: 'second-password-2',
    });
    const used = await new Api(srv.url).req('POST', '/api/auth/accept', {
      token: tokenOf(first.url),
      password: 'third-password-3',
    });
    expect(used.body.error.code).to.equal('invalid_token');

    const second = await srv.admin.ok('POST', `/api/users/${made.user.id}/reset`);
    const third = await srv.admin.ok('POST', `/api/users/${made.user.id}/reset`);
    // A newer link replaces the older one.
    expect(
      (
        await new Api(srv.url).req('POST', '/api/auth/accept', {
          token: tokenOf(second.url),
          password: 'third-password-3',
        })
      ).body.error.code,
    ).to.equal('invalid_token');
    clock.advance(72 * HOUR + 1000);
    const late = await new Api(srv.url).req('POST', '/api/auth/accept', {
      token: tokenOf(third.url),
      password: 'third-password-3',
    });
    expect(late.status).to.equal(400);
    expect(late.body.error.code).to.equal('invalid_token');
    await new Api(srv.url).login(email, 'second-password-2');
  });

  it('throttles reset requests per address, and mails one person at most three links an hour', async () => {
    const email = unique('rina');
    await srv.admin.ok('POST', '/api/users', { email, password: 'password-123', role: 'transcriber' });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await new Api(srv.url).req('POST', '/api/auth/forgot', { email })).status);
    expect(statuses.slice(0, 10)).to.deep.equal(Array(10).fill(204));
    expect(statuses[10]).to.equal(429);
    await srv.running.services.mailer.idle();
    expect(mail.received.filter(to(email))).to.have.length(3);
  });

  it('e-mails the client’s users when a recording is completed, and the transcriber when a segment comes back', async () => {
    const orgId = (await srv.admin.ok('POST', '/api/orgs', { name: 'PT Sinar Terang' })).org.id;
    const clientEmail = unique('client');
    const tEmail = unique('transcriber');
    await srv.admin.ok('POST', '/api/users', {
      email: clientEmail,
      name: 'Pak Hadi',
      password: 'password-123',
      role: 'client',
      orgId,
    });
    await srv.admin.ok('POST', '/api/users', {
      email: tEmail,
      name: 'Ani',
      password: 'password-123',
      role: 'transcriber',
    });
    const rEmail = unique('reviewer');
    await srv.admin.ok('POST', '/api/users', { email: rEmail, password: 'password-123', role: 'reviewer' });
    const t = new Api(srv.url);
    await t.login(tEmail, 'password-123');
    const r = new Api(srv.url);
    await r.login(rEmail, 'password-123');
    const { recording } = await seedRecording(srv, orgId, { segments: 1, title: 'Rapat direksi Desember' });

    const claimed = await t.ok('POST', '/api/work/claim');
    const sub = await t.ok('POST', `/api/segments/${claimed.segment.id}/submit`, {
      turns: [{ speaker: 'Budi', start: claimed.segment.start, text: 'Selamat pagi.' }],
      version: claimed.segment.version,
    });
    await r.ok('POST', '/api/review/claim');
    await r.ok('POST', `/api/segments/${claimed.segment.id}/return`, {
      comment: 'Who speaks at 0:40?',
      version: sub.segment.version,
    });
    const back = await mail.next(to(tEmail));
    expect(back.subject).to.equal('A segment came back to you (segment 1)');
    expect(back.text).to.include('> Who speaks at 0:40?');
    expect(back.text).to.include(`${publicUrl}/work`);
    // A transcriber never learns whose meeting it is.
    expect(back.text).to.not.include('Rapat direksi');
    expect(back.text).to.not.include('Sinar Terang');

    const again = await t.ok('POST', '/api/work/claim');
    const sub2 = await t.ok('POST', `/api/segments/${again.segment.id}/submit`, {
      turns: [{ speaker: 'Budi', start: again.segment.start, text: 'Selamat pagi, semua.' }],
      version: again.segment.version,
    });
    await r.ok('POST', '/api/review/claim');
    await r.ok('POST', `/api/segments/${again.segment.id}/approve`, { version: sub2.segment.version });
    const done = await mail.next(to(clientEmail));
    expect(done.subject).to.equal('Transcript ready: Rapat direksi Desember');
    expect(done.text).to.include(`${publicUrl}/recordings/${recording._id}`);
  });

  it('e-mails the client’s users when their recording cannot be processed', async () => {
    const orgId = (await srv.admin.ok('POST', '/api/orgs', { name: 'PT Gagal' })).org.id;
    const clientEmail = unique('client');
    await srv.admin.ok('POST', '/api/users', {
      email: clientEmail,
      password: 'password-123',
      role: 'client',
      orgId,
    });
    const { recording } = await seedRecording(srv, orgId, { segments: 1, title: 'Rekaman rusak' });
    const s = srv.running.services;
    // As an upload leaves it, but its bytes are no audio at all: the ingest job fails for good.
    await s.blobs.putBuffer(`rec/${recording._id}/source.m4a`, Buffer.from('this is not audio'));
    await collectionOf(s.store, 'recordings').updateOne(
      { _id: recording._id },
      { $set: { status: 'uploaded', sourceKey: `rec/${recording._id}/source.m4a` } },
    );
    await s.queue.enqueue('ingest', { recordingId: recording._id }, { maxAttempts: 1 });
    const failed = await mail.next(to(clientEmail));
    expect(failed.subject).to.equal('Recording failed: Rekaman rusak');
    expect(failed.text).to.include('could not be processed');
  });

  it('keeps answering when the mail server refuses, and sends the next mail once it is back', async () => {
    mail.refuse(true);
    const refused = unique('refused');
    const made = await srv.admin.req('POST', '/api/users', { email: refused, role: 'transcriber' });
    expect(made.status).to.equal(201);
    expect(made.body.inviteUrl).to.match(/#token=/);
    mail.refuse(false);
    const later = unique('later');
    await srv.admin.ok('POST', '/api/users', { email: later, role: 'transcriber' });
    expect((await mail.next(to(later))).subject).to.equal('Your Notula account');
  });
});

describe('invites with mail off', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startServer();
  });
  after(() => srv.stop());

  it('shows the admin the invite link instead, and the link works', async () => {
    const email = `offline-${Date.now()}@bureau.test`;
    const made = await srv.admin.ok('POST', '/api/users', { email, name: 'Wayan', role: 'reviewer' });
    expect(made.mailed).to.equal(false);
    expect(made.inviteUrl.startsWith(`${srv.url}/invite#token=`)).to.equal(true);
    const wayan = new Api(srv.url);
    const r = await wayan.req('POST', '/api/auth/accept', {
      token: tokenOf(made.inviteUrl),
      password: 'wayan-pass-1',
    });
    expect(r.status, r.text).to.equal(200);
    expect((await wayan.ok('GET', '/api/me')).user.name).to.equal('Wayan');
    // "Forgot password" still answers alike, and sends nothing.
    expect((await new Api(srv.url).req('POST', '/api/auth/forgot', { email })).status).to.equal(204);
  });

  it('stops an address guessing links after 10 wrong ones', async () => {
    const guesses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await new Api(srv.url).req('POST', '/api/auth/accept', {
        token: `guess-${i}-${'x'.repeat(40)}`,
        password: 'guessed-password-1',
      });
      guesses.push(r.status);
    }
    expect(guesses.slice(0, 10)).to.deep.equal(Array(10).fill(400));
    expect(guesses[10]).to.equal(429);
  });
});
