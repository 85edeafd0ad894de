import { collectionOf } from '../../server/services/collections.ts';
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { DetailedError, Upload } from 'tus-js-client';
import type { SegmentDoc } from '../../server/domain.ts';
import { files, pulses, tone } from '../helpers/hostile-media.ts';
import { makeTempDir } from '../helpers/store.ts';
import { makeWorld, startServer, until, type TestServer } from '../helpers/server.ts';
import type { Api } from '../helpers/api.ts';

// Small caps, so that short generated recordings cross them.
const MAX_SECONDS = 40;
const MAX_SEGMENTS = 3;

describe('recording limits: duration and segments per recording', () => {
  let srv: TestServer;
  let client: Api;
  let work: string;
  let long: Buffer;
  let choppy: Buffer;

  before(async function () {
    this.timeout(120_000);
    srv = await startServer({
      MAX_RECORDING_SECONDS: String(MAX_SECONDS),
      MAX_SEGMENTS_PER_RECORDING: String(MAX_SEGMENTS),
    });
    client = (await makeWorld(srv, 0)).clientA;
    work = makeTempDir('notula-limits-');
    long = await tone(path.join(work, 'long.mp3'), MAX_SECONDS + 20);
    // 36 s with a pause every 5 s: at 10 s segments it would make four.
    choppy = await pulses(path.join(work, 'choppy.mp3'), 36);
  });
  after(async () => {
    await srv?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  function form(bytes: Buffer, filename: string, fields: Record<string, string> = {}): FormData {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    f.set('file', new Blob([new Uint8Array(bytes)]), filename);
    return f;
  }

  const count = (): Promise<number> =>
    collectionOf(srv.running.services.store, 'recordings').countDocuments({});

  it('refuses a multipart upload longer than MAX_RECORDING_SECONDS with 422 recording_too_long, keeping nothing', async () => {
    const before = await count();
    const r = await client.req('POST', '/api/recordings', form(long, 'long.mp3'));
    expect(r.status, r.text).to.equal(422);
    expect(r.body.error.code).to.equal('recording_too_long');
    expect(r.body.error.message).to.match(/1 min 0 s long; at most 40\.0 s is accepted/);
    expect(await count()).to.equal(before);
    expect(files(path.join(srv.dataDir, 'uploads'))).to.deep.equal([]);
  });

  it('answers the tus upload of a too-long recording with 422 when its last byte arrives, and fails the recording with the reason', async () => {
    const sent = await new Promise<{ id: string | null; status: number; body: string }>((resolve) => {
      let id: string | null = null;
      const upload = new Upload(long, {
        endpoint: `${srv.url}/api/uploads`,
        headers: { cookie: client.cookie! },
        metadata: { filename: 'long.mp3' },
        retryDelays: [],
        storeFingerprintForResuming: false,
        onAfterResponse: (_req, res) => {
          id ??= res.getHeader('Notula-Recording-Id') ?? null;
        },
        onError: (err) => {
          const res = err instanceof DetailedError ? err.originalResponse : null;
          resolve({ id, status: res?.getStatus() ?? 0, body: res?.getBody() ?? String(err) });
        },
        onSuccess: () => resolve({ id, status: 204, body: '' }),
      });
      upload.start();
    });
    expect(sent.status, sent.body).to.equal(422);
    expect(JSON.parse(sent.body).error.code).to.equal('recording_too_long');
    const rec = (await client.ok('GET', `/api/recordings/${sent.id}`)).recording;
    expect(rec.status).to.equal('failed');
    expect(rec.error).to.match(/at most 40\.0 s is accepted/);
    expect(files(path.join(srv.dataDir, 'uploads'))).to.deep.equal([]);
  });

  it(`raises a segment length that would make more than MAX_SEGMENTS_PER_RECORDING segments, and makes at most ${MAX_SEGMENTS}`, async () => {
    const r = await client.req(
      'POST',
      '/api/recordings',
      form(choppy, 'choppy.mp3', { segmentSeconds: '10' }),
    );
    expect(r.status, r.text).to.equal(201);
    const rec = await until(
      async () => {
        const x = (await client.ok('GET', `/api/recordings/${r.body.recording.id}`)).recording;
        return ['transcribing', 'reviewing', 'completed', 'failed'].includes(x.status) ? x : null;
      },
      60_000,
      'the recording ingested',
    );
    expect(rec.status, rec.error).to.not.equal('failed');
    expect(rec.segments.total).to.be.within(2, MAX_SEGMENTS);
    const segs = await srv.running.services.store
      .collection<SegmentDoc>('segments')
      .find({ recordingId: rec.id }, { sort: { index: 1 } });
    expect(segs).to.have.length(rec.segments.total);
    expect(segs[0].start).to.equal(0);
    expect(segs.at(-1)!.end).to.be.closeTo(36, 0.1);
  });
});
