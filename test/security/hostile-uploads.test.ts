import { collectionOf } from '../../server/services/collections.ts';
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { corrupt, files, manyStreams, PNG_1X1, tone, truncate, wavBuffer } from '../helpers/hostile-media.ts';
import { makeTempDir } from '../helpers/store.ts';
import { startServer, until, type TestServer } from '../helpers/server.ts';
import type { Api, Reply } from '../helpers/api.ts';

const MAX_UPLOAD = 3_000_000;
// Control characters, DEL, C1 controls and bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const SETTLED = ['transcribing', 'reviewing', 'completed', 'failed'];

/** A clear refusal: the status, the API error shape, and a message naming the problem. */
interface Refused {
  status: number[];
  message: RegExp;
}
/** Refused clearly, or stored and then ingested (or failed by the ingest with a reason). */
type Outcome = Refused | 'refused-or-stored';

describe('hostile uploads (multipart and tus)', () => {
  let srv: TestServer;
  let orgA: string;
  let work: string;
  const media: Record<string, Buffer> = {};
  let n = 0;

  before(async function () {
    this.timeout(180_000);
    srv = await startServer({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD) });
    orgA = (await srv.admin.ok('POST', '/api/orgs', { name: 'Hostile Org' })).org.id;
    work = makeTempDir('notula-hostile-');
    for (const ext of ['.mp3', '.m4a', '.wav', '.ogg'])
      media[ext] = await tone(path.join(work, `tone${ext}`), 3);
    media.streams = await manyStreams(path.join(work, 'streams.mka'), 300);
  });
  after(async () => {
    await srv?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** A new client of organisation A for each upload, so the per-user upload limit never interferes. */
  async function client(): Promise<Api> {
    const email = `uploader-${++n}@hostile.test`;
    await srv.admin.ok('POST', '/api/users', {
      email,
      password: 'password-123',
      role: 'client',
      orgId: orgA,
    });
    const api = srv.api();
    await api.login(email, 'password-123');
    return api;
  }

  /** Built by hand so the file name reaches the server byte for byte, as a browser sends it (UTF-8, unescaped). */
  async function multipart(
    bytes: Buffer,
    filename: string,
    fields: Record<string, string> = {},
  ): Promise<{ reply: Reply; api: Api }> {
    const api = await client();
    const boundary = `----notula${n}x${Date.now()}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields))
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    const reply = await api.req('POST', '/api/recordings', Buffer.concat(parts), {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    return { reply, api };
  }

  /** The server still answers, kept no partial bytes and left no recording half-uploaded. */
  async function stillServing(): Promise<void> {
    const h = await srv.api().req('GET', '/healthz');
    expect(h.status, h.text).to.equal(200);
    expect(files(path.join(srv.dataDir, 'uploads')), 'files left under DATA_DIR/uploads').to.deep.equal([]);
    const stuck = await collectionOf(srv.running.services.store, 'recordings').find({ status: 'uploading' });
    expect(
      stuck.map((r) => r.filename),
      'recordings left uploading',
    ).to.deep.equal([]);
  }

  async function settle(api: Api, id: string): Promise<{ status: string; error?: string }> {
    return until(
      async () => {
        const r = (await api.ok('GET', `/api/recordings/${id}`)).recording;
        return SETTLED.includes(r.status) ? r : null;
      },
      60_000,
      `recording ${id} ingested or failed`,
    );
  }

  async function expectOutcome(label: string, reply: Reply, api: Api, want: Outcome): Promise<void> {
    const said = `${label}: ${reply.status} ${reply.text.slice(0, 400)}`;
    if (reply.status === 201) {
      if (want !== 'refused-or-stored') expect.fail(`${said} (should have been refused)`);
      const done = await settle(api, reply.body.recording.id);
      if (done.status === 'failed') expect(done.error ?? '', said).to.match(/\w{4,}.*\./);
      return;
    }
    expect(reply.body?.error?.code, said).to.be.a('string');
    const msg: string = reply.body.error.message;
    expect(msg, said)
      .to.be.a('string')
      .and.match(/[A-Z].{10,}/);
    expect(msg, said).to.not.match(/\/tmp|\.part\b|node_modules|at \w+ \(/);
    if (want === 'refused-or-stored') {
      expect([400, 413, 415, 422], said).to.include(reply.status);
      return;
    }
    expect(want.status, said).to.include(reply.status);
    expect(msg, said).to.match(want.message);
  }

  const corpus: [name: string, bytes: () => Buffer, filename: string, want: Outcome][] = [
    [
      'plain text named .mp3',
      () => Buffer.from('Minutes of the meeting.\nNothing to hear here.\n'),
      'minutes.mp3',
      { status: [415], message: /text/i },
    ],
    ['a PNG named .wav', () => PNG_1X1, 'photo.wav', { status: [415], message: /PNG/ }],
    [
      'an HTML page named .m4a',
      () => Buffer.from('<!doctype html><script>alert(1)</script>'),
      'page.m4a',
      { status: [415], message: /HTML|text/i },
    ],
    [
      'zero bytes',
      () => Buffer.alloc(0),
      'empty.mp3',
      { status: [415, 400], message: /empty|0 bytes|no file/i },
    ],
    [
      'random bytes named .ogg',
      () => corrupt(Buffer.alloc(4096), 0),
      'noise.ogg',
      { status: [415, 422], message: /not audio|cannot|read|decod/i },
    ],
    [
      'an m4a cut off before its index',
      () => truncate(media['.m4a'], 0.6),
      'cut.m4a',
      { status: [422], message: /truncated|moov/i },
    ],
    [
      'a wav cut off half way',
      () => truncate(media['.wav'], 0.5),
      'cut.wav',
      { status: [422], message: /truncated/i },
    ],
    ['an mp3 cut off after a few frames', () => truncate(media['.mp3'], 0.3), 'cut.mp3', 'refused-or-stored'],
    ['an ogg cut off half way', () => truncate(media['.ogg'], 0.5), 'cut.ogg', 'refused-or-stored'],
    [
      'an mp3 with noise after its first frame',
      () => corrupt(media['.mp3'], 600),
      'noisy.mp3',
      'refused-or-stored',
    ],
    [
      'an m4a with noise after its file-type box',
      () => corrupt(media['.m4a'], 40),
      'noisy.m4a',
      { status: [415, 422], message: /not audio|cannot|read|decod|truncated/i },
    ],
    [
      'a wav whose header is noise',
      () => corrupt(media['.wav'], 4),
      'noisy.wav',
      { status: [415, 422], message: /not audio|cannot|read|decod/i },
    ],
    [
      'an ogg with noise after its first page',
      () => corrupt(media['.ogg'], 200),
      'noisy.ogg',
      'refused-or-stored',
    ],
    [
      'a wav declaring 4 GB of audio',
      () => wavBuffer(1, { declaredBytes: 0xfffffff0 }),
      'huge.wav',
      { status: [422], message: /truncated|declares/i },
    ],
    [
      'a complete wav of 55 hours at 1 Hz',
      () => wavBuffer(200_000, { sampleRate: 1 }),
      'slow.wav',
      { status: [422], message: /truncated|declares/i },
    ],
    [
      'a Matroska file with 300 audio streams',
      () => media.streams,
      'streams.mka',
      { status: [422, 415], message: /300 streams/ },
    ],
  ];

  for (const [name, bytes, filename, want] of corpus) {
    it(`multipart: ${name} → ${typeof want === 'string' ? want : want.status.join('/')}`, async () => {
      const { reply, api } = await multipart(bytes(), filename);
      await expectOutcome(name, reply, api, want);
      await stillServing();
    });
  }

  it('refuses a file over MAX_UPLOAD_BYTES with 413 and keeps none of it', async () => {
    const { reply } = await multipart(Buffer.concat([media['.wav'], Buffer.alloc(MAX_UPLOAD)]), 'big.wav');
    expect(reply.status, reply.text).to.equal(413);
    expect(reply.body.error.message).to.match(/larger than/);
    await stillServing();
  });

  // Raw control characters inside a part's header make the multipart body itself malformed: a 400
  // then is the clear answer (browsers escape them); tus metadata carries them intact (tested there).
  const names: [given: string, stored: string, orMalformed?: true][] = [
    ['../../etc/passwd.mp3', 'passwd.mp3'],
    ['..\\..\\windows\\system32\\evil.mp3', 'evil.mp3'],
    ['/absolute/path/meeting.mp3', 'meeting.mp3'],
    ['a\u0000b.mp3', 'ab.mp3', true],
    ['tab\there\u0001\u001f.mp3', 'tabhere.mp3', true],
    ['\u202Egnp.mp3', 'gnp.mp3'],
    ['x\u2066y\u2069\u0085\uFEFFz.mp3', 'xyz.mp3'],
    ['...hidden.mp3', 'hidden.mp3'],
    ['Réunion 会議 🎉.mp3', 'Réunion 会議 🎉.mp3'],
  ];
  for (const [given, stored, orMalformed] of names) {
    it(`stores the file name ${JSON.stringify(given)} as ${JSON.stringify(stored)}${orMalformed ? ' (or refuses the body as malformed)' : ''}`, async () => {
      const { reply, api } = await multipart(media['.mp3'], given);
      if (orMalformed && reply.status === 400) {
        expect(reply.body.error.message).to.match(/malformed/);
        return stillServing();
      }
      expect(reply.status, reply.text).to.equal(201);
      const rec = reply.body.recording;
      expect(rec.filename).to.equal(stored);
      expect(rec.title).to.not.match(UNSAFE);
      const key = (await collectionOf(srv.running.services.store, 'recordings').findOne({ _id: rec.id }))
        ?.sourceKey;
      expect(key).to.equal(`rec/${rec.id}/source.mp3`);
      for (const f of files(srv.dataDir)) expect(f.startsWith(srv.dataDir + path.sep)).to.equal(true);
      expect(fs.existsSync('/etc/passwd.mp3')).to.equal(false);
      expect(fs.existsSync(path.resolve(srv.dataDir, '../../etc/passwd.mp3'))).to.equal(false);
      await settle(api, rec.id);
      await stillServing();
    });
  }

  it('strips control and bidi characters from title and participants, and keeps path parts out of them', async () => {
    const { reply } = await multipart(media['.mp3'], 'ok.mp3', {
      title: 'Board\u0007 meeting\u001b[31m \u202Eterces\u202C',
      participants: 'Budi\u0000,\u202ESari, Dewi\u0008 ',
    });
    expect(reply.status, reply.text).to.equal(201);
    const rec = reply.body.recording;
    expect(rec.title).to.not.match(UNSAFE);
    expect(rec.title).to.include('Board').and.include('terces');
    expect(rec.participants).to.deep.equal(['Budi', 'Sari', 'Dewi']);
    await stillServing();
  });

  it('answers a malformed multipart body with 400 and keeps serving', async () => {
    const api = await client();
    const cut = await api.req(
      'POST',
      '/api/recordings',
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\nabc',
      {
        'content-type': 'multipart/form-data; boundary=xyz',
      },
    );
    expect([400, 415], cut.text).to.include(cut.status);
    expect(cut.body.error.message).to.match(/[A-Z]/);
    const noBoundary = await api.req('POST', '/api/recordings', 'abc', {
      'content-type': 'multipart/form-data',
    });
    expect(noBoundary.status, noBoundary.text).to.equal(400);
    await stillServing();
  });
});
