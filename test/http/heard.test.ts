import { expect } from 'chai';
import { startServer, makeWorld, type TestServer, type World } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';

describe('heard ranges over HTTP: listening combined across sessions and transcribers', () => {
  let srv: TestServer;
  let world: World;
  before(async () => {
    srv = await startServer();
    world = await makeWorld(srv, 2);
  });
  after(() => srv?.stop());

  it('adds up what was heard in two browsers and by the next transcriber, and never lowers it', async () => {
    const { segments } = await seedRecording(srv, world.orgA, { segments: 1, segmentSec: 120 });
    const [t1, t2] = world.transcribers;
    const seg = (await t1.ok('POST', '/api/work/claim')).segment;
    expect(seg.id).to.equal(segments[0]._id);
    const at = (a: number, b: number) => [seg.start + a, seg.start + b];

    // The first quarter in one browser.
    let r = await t1.ok('POST', `/api/segments/${seg.id}/heard`, {
      ranges: [at(0, 30)],
    });
    expect(r.heard).to.deep.equal([at(0, 30)]);
    expect(r.heardRatio).to.equal(0.25);

    // A second browser (a new session) knows nothing locally; what it hears is added, not replacing.
    const other = srv.api();
    await other.login(t1.user!.email, 'password-123');
    r = await other.ok('POST', `/api/segments/${seg.id}/heard`, { ranges: [at(30, 60)] });
    expect(r.heard).to.deep.equal([at(0, 60)]);
    expect(r.heardRatio).to.equal(0.5);

    // A draft from an old client with a lower figure does not lower it.
    const { segment } = await other.ok('GET', `/api/segments/${seg.id}`);
    await other.ok('PUT', `/api/segments/${seg.id}/draft`, {
      turns: [],
      version: segment.version,
      heardRatio: 0.1,
    });
    expect((await other.ok('GET', `/api/segments/${seg.id}`)).segment.heardRatio).to.equal(0.5);

    // Handed on: the next transcriber starts from what was heard, and finishes it (the trailing
    // context beyond the segment's end counts for nothing).
    await t1.ok('POST', `/api/segments/${seg.id}/release`);
    const again = (await t2.ok('POST', '/api/work/claim')).segment;
    expect(again.id).to.equal(seg.id);
    expect(again.heard).to.deep.equal([at(0, 60)]);
    r = await t2.ok('POST', `/api/segments/${seg.id}/heard`, { ranges: [at(60, 200)] });
    expect(r.heardRatio).to.equal(1);
  });

  it('records nothing for someone whose hold ended, and hides the segment from strangers', async () => {
    await seedRecording(srv, world.orgA, { segments: 1 });
    const [t1, t2] = world.transcribers;
    const seg = (await t1.ok('POST', '/api/work/claim')).segment;
    await t1.ok('POST', `/api/segments/${seg.id}/release`);
    const late = await t1.req('POST', `/api/segments/${seg.id}/heard`, {
      ranges: [[seg.start, seg.start + 1]],
    });
    expect(late.status).to.equal(409);
    expect(late.body.error.code).to.equal('lease_expired');
    const stranger = await t2.req('POST', `/api/segments/${seg.id}/heard`, {
      ranges: [[seg.start, seg.end]],
    });
    expect(stranger.status).to.equal(404);
    const bad = await t1.req('POST', `/api/segments/${seg.id}/heard`, { ranges: [[5, 1]] });
    expect(bad.status).to.equal(400);
  });

  it('keeps slivers from growing the segment: what is heard is kept to a tenth of a second', async () => {
    await seedRecording(srv, world.orgA, { segments: 1 });
    const [t1] = world.transcribers;
    const seg = (await t1.ok('POST', '/api/work/claim')).segment;
    const slivers = Array.from({ length: 1000 }, (_, i) => [
      seg.start + i * 0.1 + 0.01,
      seg.start + i * 0.1 + 0.05,
    ]);
    const r = await t1.ok('POST', `/api/segments/${seg.id}/heard`, { ranges: slivers });
    expect(r.heard).to.deep.equal([]);
    const whole = await t1.ok('POST', `/api/segments/${seg.id}/heard`, {
      ranges: [[seg.start + 0.04, seg.start + 2.06]],
    });
    expect(whole.heard).to.deep.equal([[seg.start + 0.1, seg.start + 2]]);
    await t1.ok('POST', `/api/segments/${seg.id}/release`);
  });
});
