import { expect } from 'chai';
import { startServer, type TestServer } from '../helpers/server.ts';
import { TestClock } from '../helpers/clock.ts';
import { seedRecording } from '../helpers/seed.ts';
import type { Api } from '../helpers/api.ts';

const HOUR = 3600 * 1000;
const turn = (start: number, text: string) => ({ speaker: 'Speaker 1', start, text });

describe('the return loop: a returned segment goes back to its transcriber first', () => {
  // Each test has its own server, so no test's leftovers sit in another's queue.
  let srv: TestServer;
  let clock: TestClock;
  let orgId: string;
  let ani: Api;
  let bayu: Api;
  let rina: Api;

  async function person(role: string, name: string): Promise<Api> {
    const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@notula.test`;
    await srv.admin.ok('POST', '/api/users', { email, name, password: 'password-123', role });
    const api = srv.api();
    await api.login(email, 'password-123');
    return api;
  }

  beforeEach(async () => {
    clock = new TestClock();
    srv = await startServer({ RETURN_HOLD_HOURS: '2' }, { now: clock.now });
    orgId = (await srv.admin.ok('POST', '/api/orgs', { name: 'Return loop org' })).org.id;
    ani = await person('transcriber', 'Ani');
    bayu = await person('transcriber', 'Bayu');
    rina = await person('reviewer', 'Rina');
  });
  afterEach(() => srv.stop());

  /** Ani transcribes the only open segment, Rina returns it with a comment. */
  async function submittedAndReturned(comment: string) {
    const { segments } = await seedRecording(srv, orgId, { segments: 1, priority: 50 });
    const { segment } = await ani.ok('POST', '/api/work/claim');
    expect(segment.id).to.equal(segments[0]._id);
    const sub = await ani.ok('POST', `/api/segments/${segment.id}/submit`, {
      turns: [turn(segment.start, 'Selamat pagi semua.')],
      version: segment.version,
    });
    const review = await rina.ok('POST', '/api/review/claim');
    expect(review.segment.id).to.equal(segment.id);
    await rina.ok('POST', `/api/segments/${segment.id}/return`, {
      comment,
      version: sub.segment.version,
    });
    return segment.id as string;
  }

  it('lists the returned segment with the comment on its transcriber’s Work page and keeps it from everyone else', async () => {
    const id = await submittedAndReturned('The second sentence is missing.');
    const mine = await ani.ok('GET', '/api/work/mine');
    expect(mine.segments).to.have.length(0);
    expect(mine.returned).to.have.length(1);
    expect(mine.returned[0]).to.include({ id, comment: 'The second sentence is missing.' });
    expect(Date.parse(mine.returned[0].holdUntil) - clock.now()).to.be.within(2 * HOUR - 60_000, 2 * HOUR);
    expect((await bayu.ok('GET', '/api/work/mine')).returned).to.have.length(0);

    expect((await bayu.req('POST', '/api/work/claim')).status).to.equal(204);
    const back = await ani.ok('POST', '/api/work/claim', { segmentId: id });
    expect(back.segment.id).to.equal(id);
    expect(back.segment.turns[0].text).to.equal('Selamat pagi semua.');
    expect(back.segment.comments.at(-1).text).to.equal('The second sentence is missing.');
    await ani.ok('POST', `/api/segments/${id}/release`);
    // Released, it still waits for Ani, not for the queue.
    expect((await bayu.req('POST', '/api/work/claim')).status).to.equal(204);
    expect((await ani.ok('GET', '/api/work/mine')).returned.map((r: { id: string }) => r.id)).to.include(id);
  });

  it('hands a returned segment to anyone once RETURN_HOLD_HOURS have passed', async () => {
    const id = await submittedAndReturned('Please check the names.');
    expect((await bayu.req('POST', '/api/work/claim')).status).to.equal(204);
    clock.advance(2 * HOUR + 1000);
    expect((await ani.ok('GET', '/api/work/mine')).returned).to.have.length(0);
    const taken = await bayu.ok('POST', '/api/work/claim');
    expect(taken.segment.id).to.equal(id);
    await bayu.ok('POST', `/api/segments/${id}/release`);
    // Back in the queue, it is anyone's: the hold does not come back.
    expect((await ani.ok('POST', '/api/work/claim')).segment.id).to.equal(id);
    await ani.ok('POST', `/api/segments/${id}/release`);
  });

  it('shows the reviewer who did what by name, and the version it was returned at', async () => {
    const id = await submittedAndReturned('The second sentence is missing.');
    const again = await ani.ok('POST', '/api/work/claim');
    await ani.ok('POST', `/api/segments/${id}/submit`, {
      turns: [turn(again.segment.start, 'Selamat pagi semua. Mari kita mulai.')],
      version: again.segment.version,
    });
    const { segment } = await rina.ok('POST', '/api/review/claim');
    expect(segment.transcriberName).to.equal('Ani');
    const kinds = segment.history.map((h: { kind: string; byName: string }) => `${h.kind}:${h.byName}`);
    expect(kinds).to.deep.equal(['submitted:Ani', 'returned:Rina', 'submitted:Ani']);
    const returned = segment.history[1];
    expect(returned.turns[0].text).to.equal('Selamat pagi semua.');
    expect(segment.comments[0].byName).to.equal('Rina');
    await rina.ok('POST', `/api/segments/${segment.id}/approve`, { version: segment.version });

    const audit = await srv.admin.ok('GET', '/api/audit?action=segment.return');
    expect(audit.entries[0].actorName).to.equal('Rina');
  });
});
