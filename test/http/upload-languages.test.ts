import { expect } from 'chai';
import { startServer, makeWorld, type TestServer, type World } from '../helpers/server.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('upload languages over HTTP: a meeting in several languages', () => {
  let srv: TestServer;
  let world: World;
  before(async () => {
    srv = await startServer();
    world = await makeWorld(srv, 0);
  });
  after(() => srv?.stop());

  /** Starts a tus upload (no bytes yet) with this `language` metadata. */
  function create(language: string) {
    return world.clientA.req('POST', '/api/uploads', undefined, {
      'tus-resumable': '1.0.0',
      'upload-length': '1000',
      'upload-metadata': `filename ${b64('meeting.m4a')},language ${b64(language)}`,
    });
  }

  it('keeps several languages, tidied, and "mul" for a mixed meeting', async () => {
    for (const [sent, kept] of [
      ['id, en', 'id,en'],
      ['jv,id,jv', 'jv,id'],
      ['mul', 'mul'],
      ['id-ID', 'id-ID'],
    ]) {
      const res = await create(sent);
      expect(res.status, sent).to.equal(201);
      const id = res.headers.get('notula-recording-id');
      const { recording } = await world.clientA.ok('GET', `/api/recordings/${id}`);
      expect(recording.language).to.equal(kept);
    }
  });

  it('still refuses what is not a list of language tags, saying what it wants', async () => {
    const res = await create('English and Indonesian');
    expect(res.status).to.equal(400);
    expect(res.text).to.match(/BCP-47/);
  });
});
