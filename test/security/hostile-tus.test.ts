import { collectionOf } from '../../server/services/collections.ts';
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { DetailedError, Upload } from 'tus-js-client';
import { files, tone, truncate } from '../helpers/hostile-media.ts';
import { makeTempDir } from '../helpers/store.ts';
import { startServer, until, type TestServer } from '../helpers/server.ts';
import type { Api } from '../helpers/api.ts';

const MAX_UPLOAD = 2_000_000;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

interface Sent {
  id: string | null;
  error: { status: number; body: string } | null;
}

describe('hostile uploads through tus (tus-js-client)', () => {
  let srv: TestServer;
  let client: Api;
  let work: string;
  let mp3: Buffer;
  let m4a: Buffer;

  before(async () => {
    srv = await startServer({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD) });
    const orgA = (await srv.admin.ok('POST', '/api/orgs', { name: 'Tus Org' })).org.id;
    await srv.admin.ok('POST', '/api/users', {
      email: 'tus@hostile.test',
      password: 'password-123',
      role: 'client',
      orgId: orgA,
    });
    client = srv.api();
    await client.login('tus@hostile.test', 'password-123');
    work = makeTempDir('notula-tus-');
    mp3 = await tone(path.join(work, 'tone.mp3'), 2);
    m4a = await tone(path.join(work, 'tone.m4a'), 2);
  });
  after(async () => {
    await srv?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** Uploads with the real tus client, in small chunks and without retries; resolves either way. */
  function send(
    bytes: Buffer,
    metadata: Record<string, string>,
    opts: { uploadSize?: number } = {},
  ): Promise<Sent> {
    return new Promise((resolve) => {
      let id: string | null = null;
      const upload = new Upload(bytes, {
        endpoint: `${srv.url}/api/uploads`,
        headers: { cookie: client.cookie! },
        metadata,
        chunkSize: 16 * 1024,
        retryDelays: [],
        storeFingerprintForResuming: false,
        ...(opts.uploadSize ? { uploadSize: opts.uploadSize } : {}),
        onAfterResponse: (_req, res) => {
          id ??= res.getHeader('Notula-Recording-Id') ?? null;
        },
        onError: (err) => {
          const res = err instanceof DetailedError ? err.originalResponse : null;
          resolve({ id, error: { status: res?.getStatus() ?? 0, body: res?.getBody() ?? String(err) } });
        },
        onSuccess: () => resolve({ id, error: null }),
      });
      upload.start();
    });
  }

  async function stillServing(): Promise<void> {
    expect((await srv.api().req('GET', '/healthz')).status).to.equal(200);
    expect(files(path.join(srv.dataDir, 'uploads')), 'files left under DATA_DIR/uploads').to.deep.equal([]);
    const stuck = await collectionOf(srv.running.services.store, 'recordings').find({ status: 'uploading' });
    expect(
      stuck.map((r) => r.filename),
      'recordings left uploading',
    ).to.deep.equal([]);
  }

  /** The upload ended with `status`, a message naming the problem, and the recording failed with that reason. */
  async function expectRefused(sent: Sent, status: number, message: RegExp): Promise<void> {
    expect(sent.error, 'the upload should have failed').to.not.equal(null);
    expect(sent.error!.status, sent.error!.body).to.equal(status);
    const body = JSON.parse(sent.error!.body);
    expect(body.error.message).to.match(message);
    if (sent.id) {
      const rec = (await client.ok('GET', `/api/recordings/${sent.id}`)).recording;
      expect(rec.status).to.equal('failed');
      expect(rec.error).to.match(message);
    }
    await stillServing();
  }

  it('refuses text named .mp3 when the last byte arrives (415), with the reason on the recording', async () => {
    const sent = await send(Buffer.from('Not a recording, just notes.\n'.repeat(2000)), {
      filename: 'notes.mp3',
    });
    await expectRefused(sent, 415, /plain text/);
  });

  it('refuses an m4a cut off before its index (422)', async () => {
    const sent = await send(truncate(m4a, 0.5), { filename: 'cut.m4a' });
    await expectRefused(sent, 422, /truncated/);
  });

  it('refuses a declared length over MAX_UPLOAD_BYTES at creation (413) and creates nothing', async () => {
    const before = await collectionOf(srv.running.services.store, 'recordings').countDocuments({});
    const sent = await send(Buffer.alloc(10), { filename: 'big.wav' }, { uploadSize: MAX_UPLOAD + 1 });
    expect(sent.error?.status, sent.error?.body).to.equal(413);
    expect(JSON.parse(sent.error!.body).error.message).to.match(/larger than/);
    expect(await collectionOf(srv.running.services.store, 'recordings').countDocuments({})).to.equal(before);
    await stillServing();
  });

  it('refuses metadata without a file name (400) and creates nothing', async () => {
    const sent = await send(mp3, { title: 'No name' });
    expect(sent.error?.status, sent.error?.body).to.equal(400);
    expect(JSON.parse(sent.error!.body).error.message).to.match(/filename/);
    await stillServing();
  });

  it('stores a name with path parts, NUL, bell and a right-to-left override safely, and strips controls from title and participants', async () => {
    const sent = await send(mp3, {
      filename: '../../uploads/tus/\u202Ea\u0000b\u0007.mp3',
      title: '\u202EQuarterly\u0000 review\u001b[0m',
      participants: 'Budi\u0007, \u2066Sari\u2069',
    });
    expect(sent.error, sent.error?.body).to.equal(null);
    const rec = await until(async () => {
      const r = (await client.ok('GET', `/api/recordings/${sent.id}`)).recording;
      return ['transcribing', 'reviewing', 'completed', 'failed'].includes(r.status) ? r : null;
    }, 60_000);
    expect(rec.filename).to.equal('ab.mp3');
    expect(rec.title).to.not.match(UNSAFE);
    expect(rec.title).to.include('Quarterly');
    expect(rec.participants).to.deep.equal(['Budi', 'Sari']);
    expect(rec.status, rec.error).to.not.equal('failed');
    await stillServing();
  });
});
