import { expect } from 'chai';
import { startServer, makeWorld, type TestServer, type World } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';

describe('accurate messages', () => {
  let srv: TestServer;
  let w: World;
  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 2);
  });
  after(() => srv.stop());

  it('is told the recording was deleted, not that the hold may have expired; others still get a plain 404', async () => {
    const { recording } = await seedRecording(srv, w.orgA, { segments: 2 });
    const [t1, t2] = w.transcribers;
    const { segment } = await t1.ok('POST', '/api/work/claim');
    await w.clientA.ok('DELETE', `/api/recordings/${recording._id}`);

    const read = await t1.req('GET', `/api/segments/${segment.id}`);
    expect(read.status).to.equal(404);
    expect(read.body.error.code).to.equal('recording_deleted');
    expect(read.body.error.message).to.match(/recording was deleted by the client/);
    const save = await t1.req('PUT', `/api/segments/${segment.id}/draft`, {
      turns: [{ speaker: 'A', start: segment.start, text: 'late words' }],
      version: segment.version,
    });
    expect(save.status).to.equal(404);
    expect(save.body.error.code).to.equal('recording_deleted');

    const stranger = await t2.req('GET', `/api/segments/${segment.id}`);
    expect(stranger.status).to.equal(404);
    expect(stranger.body.error.code).to.equal('not_found');
    expect(JSON.stringify(stranger.body)).to.not.include('deleted');
  });

  it('names each recording’s organisation in an admin’s list, and nothing more to a client', async () => {
    await seedRecording(srv, w.orgA, { segments: 1, title: 'Meeting of A' });
    await seedRecording(srv, w.orgB, { segments: 1, title: 'Meeting of B' });
    const orgs = (await srv.admin.ok('GET', '/api/orgs')).orgs as Array<{ id: string; name: string }>;
    const nameOf = new Map(orgs.map((o) => [o.id, o.name]));
    const list = (await srv.admin.ok('GET', '/api/recordings')).recordings as Array<{
      title: string;
      orgId: string;
      orgName: string;
    }>;
    const a = list.find((r) => r.title === 'Meeting of A')!;
    const b = list.find((r) => r.title === 'Meeting of B')!;
    expect(a.orgName).to.equal(nameOf.get(w.orgA));
    expect(b.orgName).to.equal(nameOf.get(w.orgB));
    const mine = (await w.clientA.ok('GET', '/api/recordings')).recordings;
    expect(mine.every((r: { orgName?: string }) => r.orgName === undefined)).to.equal(true);
  });
});
