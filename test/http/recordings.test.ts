import { expect } from 'chai';
import fs from 'node:fs';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as tus from 'tus-js-client';
import { startServer, makeWorld, until, type TestServer, type World } from '../helpers/server.ts';
import { speechRecording } from '../helpers/media.ts';
import type { Api } from '../helpers/api.ts';

function form(file: string, fields: Record<string, string> = {}, name = 'meeting.m4a'): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', new Blob([fs.readFileSync(file)]), name);
  return fd;
}

async function waitStatus(api: Api, id: string, status: string, ms = 60_000) {
  return until(
    async () => {
      const r = await api.ok('GET', `/api/recordings/${id}`);
      if (r.recording.status === 'failed' && status !== 'failed')
        throw new Error(`recording failed: ${r.recording.error}`);
      return r.recording.status === status ? r.recording : null;
    },
    ms,
    `status ${status}`,
  );
}

/** Approves every segment of the recording through the real transcriber and reviewer endpoints. */
async function transcribeAll(w: World, recordingId: string, text: (i: number) => string) {
  const t = w.transcribers[0];
  for (;;) {
    const c = await t.req('POST', '/api/work/claim');
    if (c.status === 204) break;
    const s = c.body.segment;
    if (s.recordingId !== recordingId) throw new Error('unexpected segment from another recording');
    await t.ok('POST', `/api/segments/${s.id}/submit`, {
      turns: [
        { speaker: s.index % 2 ? 'Speaker 2' : 'Speaker 1', start: s.start + 0.2, text: text(s.index) },
      ],
      version: s.version,
      heardRatio: 1,
    });
  }
  for (;;) {
    const c = await w.reviewer.req('POST', '/api/review/claim');
    if (c.status === 204) break;
    await w.reviewer.ok('POST', `/api/segments/${c.body.segment.id}/approve`, {
      version: c.body.segment.version,
    });
  }
}

describe('client journey: upload, progress, transcript', function () {
  let srv: TestServer;
  let w: World;
  let hook: http.Server;
  const hooks: { body: string; sig: string | undefined }[] = [];
  before(async function () {
    // The receiver below listens on loopback, which only an on-premises setting lets webhooks reach.
    srv = await startServer({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    w = await makeWorld(srv, 1);
    hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        hooks.push({ body, sig: req.headers['notula-signature'] as string | undefined });
        res.writeHead(hooks.length === 1 ? 500 : 204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    await srv.admin.ok('PATCH', `/api/orgs/${w.orgA}`, {
      webhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
      webhookSecret: 'hook-secret-123',
      segmentSeconds: 20,
    });
  });
  after(async () => {
    await srv?.stop();
    hook?.close();
  });

  it('takes a multipart upload through processing to transcribing, with live events, and ends completed with five formats', async () => {
    const file = await speechRecording(50);
    const created = await w.clientA.req(
      'POST',
      '/api/recordings',
      form(file, { title: 'Board <meeting>', participants: 'Budi, Sari', language: 'en' }),
    );
    expect(created.status, created.text).to.equal(201);
    const rec = created.body.recording;
    expect(rec).to.include({ title: 'Board <meeting>', filename: 'meeting.m4a', orgId: w.orgA });
    expect(rec.participants).to.deep.equal(['Budi', 'Sari']);

    // Server-Sent Events: collect the statuses while the ingest runs.
    const seen: string[] = [];
    const ac = new AbortController();
    const es = await fetch(`${srv.url}/api/recordings/${rec.id}/events`, {
      headers: { cookie: w.clientA.cookie! },
      signal: ac.signal,
    });
    expect(es.headers.get('content-type')).to.match(/text\/event-stream/);
    const reading = (async () => {
      const dec = new TextDecoder();
      let buf = '';
      try {
        const reader = es.body!.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buf += dec.decode(value);
          for (const m of buf.matchAll(/event: recording\ndata: (.*)\n\n/g)) {
            const st = JSON.parse(m[1]).status;
            if (seen.at(-1) !== st) seen.push(st);
          }
          buf = buf.slice(buf.lastIndexOf('\n\n') + 2);
        }
      } catch {
        /* aborted */
      }
    })();
    const ready = await waitStatus(w.clientA, rec.id, 'transcribing');
    await until(async () => seen.includes('transcribing'), 5000, 'event for transcribing');
    expect(ready.durationSec).to.be.closeTo(50, 0.5);
    expect(ready.segments.total).to.be.within(2, 5);

    const audio = await w.clientA.req('GET', `/api/recordings/${rec.id}/audio`, undefined, {
      range: 'bytes=0-99',
    });
    expect(audio.status).to.equal(206);
    expect(audio.headers.get('content-range')).to.match(/^bytes 0-99\/\d+$/);
    const size = Number(audio.headers.get('content-range')!.split('/')[1]);
    const past = await w.clientA.req('GET', `/api/recordings/${rec.id}/audio`, undefined, {
      range: `bytes=${size + 10}-`,
    });
    expect(past.status).to.equal(416);
    expect(past.headers.get('content-range')).to.equal(`bytes */${size}`);
    const peaks = await w.clientA.ok('GET', `/api/recordings/${rec.id}/peaks`);
    expect(peaks.peaks.length).to.be.greaterThan(10);

    expect((await w.clientB.req('GET', `/api/recordings/${rec.id}`)).status).to.equal(404);
    expect((await w.clientB.req('GET', `/api/recordings/${rec.id}/audio`)).status).to.equal(404);
    const early = await w.clientA.req('GET', `/api/recordings/${rec.id}/transcript?format=txt`);
    expect(early.status).to.equal(409);
    expect(early.body.error.code).to.equal('not_completed');

    await transcribeAll(w, rec.id, (i) => `Part ${i} says <b>hello</b> [inaudible].`);
    await srv.admin.ok('PUT', `/api/recordings/${rec.id}/speakers`, {
      map: { 'Speaker 1': 'Budi', 'Speaker 2': 'Sari' },
    });
    // The names change in every segment, not only in the merged transcript.
    const view = await srv.admin.ok('GET', `/api/review/recordings/${rec.id}`);
    const names = new Set(
      view.segments.flatMap((s: { turns: { speaker: string }[] }) => s.turns.map((t) => t.speaker)),
    );
    expect([...names].sort()).to.deep.equal(['Budi', 'Sari']);
    await waitStatus(w.clientA, rec.id, 'completed');
    await until(async () => seen.includes('completed'), 5000, 'event for completed');
    ac.abort();
    await reading;
    expect(seen.indexOf('processing')).to.be.lessThan(seen.indexOf('transcribing'));

    const txt = await w.clientA.req('GET', `/api/recordings/${rec.id}/transcript?format=txt`);
    expect(txt.text).to.include('Budi: Part 0 says <b>hello</b> [inaudible].');
    expect(txt.text).to.include('Sari: Part 1');
    const vtt = await w.clientA.req('GET', `/api/recordings/${rec.id}/transcript?format=vtt`);
    expect(vtt.text)
      .to.match(/^WEBVTT/)
      .and.include('<v Budi>')
      .and.include('&lt;b&gt;hello');
    const srt = await w.clientA.req('GET', `/api/recordings/${rec.id}/transcript?format=srt`);
    expect(srt.text).to.match(/^1\r?\n00:00:0/);
    const json = await w.clientA.ok('GET', `/api/recordings/${rec.id}/transcript?format=json`);
    expect(json.speakers).to.include.members(['Budi', 'Sari']);
    const docx = await w.clientA.req('GET', `/api/recordings/${rec.id}/transcript?format=docx`);
    expect(docx.headers.get('content-type')).to.include('wordprocessingml');
    expect(docx.headers.get('content-disposition')).to.match(/attachment; filename=".*\.docx"/);
    const bad = await w.clientA.req('GET', `/api/recordings/${rec.id}/transcript?format=pdf`);
    expect(bad.status).to.equal(400);

    // The webhook: first delivery answered 500, retried with back-off, then delivered; signed.
    const delivered = await until(
      async () => {
        const d = await srv.admin.ok('GET', `/api/webhooks/deliveries?orgId=${w.orgA}`);
        return d.deliveries.find(
          (x: { status: string; recordingId: string }) =>
            x.recordingId === rec.id && x.status === 'delivered',
        );
      },
      30_000,
      'webhook delivered',
    );
    expect(delivered.attempts).to.equal(2);
    const last = hooks.at(-1)!;
    const [t, v1] = last.sig!.split(',').map((p) => p.split('=')[1]);
    expect(createHmac('sha256', 'hook-secret-123').update(`${t}.${last.body}`).digest('hex')).to.equal(v1);
    expect(JSON.parse(last.body)).to.deep.include({ event: 'recording.completed' });

    // Delete: gone for good, audited.
    expect((await w.clientB.req('DELETE', `/api/recordings/${rec.id}`)).status).to.equal(404);
    expect((await w.clientA.req('DELETE', `/api/recordings/${rec.id}`)).status).to.equal(204);
    expect((await w.clientA.req('GET', `/api/recordings/${rec.id}`)).status).to.equal(404);
    expect(
      await srv.running.services.store.collection('segments').countDocuments({ recordingId: rec.id }),
    ).to.equal(0);
    expect(await srv.running.services.blobs.stat(ready.id ? `rec/${rec.id}/peaks.json` : '')).to.equal(null);
    const audit = await srv.admin.ok('GET', '/api/audit?action=recording.delete');
    expect(audit.entries.some((e: { target: string }) => e.target === rec.id)).to.equal(true);
  });

  it('rejects a file that is not audio with 415 naming the problem, and stores nothing', async () => {
    const before = (await w.clientA.ok('GET', '/api/recordings')).recordings.length;
    const fd = new FormData();
    fd.append('file', new Blob(['these are meeting notes, not a recording\n'.repeat(50)]), 'notes.mp3');
    const r = await w.clientA.req('POST', '/api/recordings', fd);
    expect(r.status).to.be.oneOf([415, 422]);
    expect(r.body.error.message).to.match(/text/i);
    expect((await w.clientA.ok('GET', '/api/recordings')).recordings.length).to.equal(before);
    expect(fs.readdirSync(`${srv.dataDir}/uploads/multipart`)).to.deep.equal([]);
  });

  it('resumes a tus upload cut off half-way, also after a server restart, from the last byte the server holds', async function () {
    const file = fs.readFileSync(await speechRecording(40, 'wav'));
    const restartable = await startServer({ DATA_DIR: `${srv.dataDir}-tus` });
    let current = restartable;
    try {
      const world = await makeWorld(current, 1);
      const endpoint = (s: TestServer) => `${s.url}/api/uploads`;
      let recordingId = '';
      let uploadUrl = '';
      await new Promise<void>((resolve, reject) => {
        const up: tus.Upload = new tus.Upload(file, {
          endpoint: endpoint(current),
          chunkSize: 256 * 1024,
          headers: { cookie: world.clientA.cookie! },
          metadata: { filename: 'call.wav', title: 'Resumed call', participants: 'A,B' },
          onAfterResponse: (_req, res) => {
            recordingId ||= res.getHeader('Notula-Recording-Id') ?? '';
          },
          onProgress: (sent) => {
            if (sent > file.length / 2) {
              uploadUrl = up.url!;
              void up.abort().then(resolve);
            }
          },
          onError: reject,
          onSuccess: () => reject(new Error('should have been cut off')),
        });
        up.start();
      });
      expect(recordingId).to.have.length.greaterThan(5);
      expect((await world.clientA.ok('GET', `/api/recordings/${recordingId}`)).recording.status).to.equal(
        'uploading',
      );

      // Restart the server on the same data directory; the partial upload survives.
      await current.stop();
      current = await startServer({ DATA_DIR: `${srv.dataDir}-tus` });
      const client = current.api();
      await client.login(world.clientA.user!.email, 'password-123');
      const path = new URL(uploadUrl, current.url).pathname;
      const head = await client.req('HEAD', path, undefined, { 'tus-resumable': '1.0.0' });
      const offset = Number(head.headers.get('upload-offset'));
      expect(offset)
        .to.be.greaterThan(file.length / 2 - 256 * 1024 - 1)
        .and.lessThan(file.length);
      const other = current.api();
      await other.login(world.clientB.user!.email, 'password-123');
      expect((await other.req('HEAD', path, undefined, { 'tus-resumable': '1.0.0' })).status).to.equal(404);

      let firstByte = -1;
      await new Promise<void>((resolve, reject) => {
        const up = new tus.Upload(file, {
          uploadUrl: `${current.url}${path}`,
          chunkSize: 256 * 1024,
          headers: { cookie: client.cookie! },
          onBeforeRequest: (req) => {
            if (req.getMethod() === 'PATCH' && firstByte < 0)
              firstByte = Number(req.getHeader('Upload-Offset'));
          },
          onSuccess: () => resolve(),
          onError: reject,
        });
        up.start();
      });
      expect(firstByte).to.equal(offset);
      const rec = await waitStatus(client, recordingId, 'transcribing');
      expect(rec.durationSec).to.be.closeTo(40, 0.5);
      expect(rec.title).to.equal('Resumed call');
    } finally {
      await current.stop();
      fs.rmSync(`${srv.dataDir}-tus`, { recursive: true, force: true });
    }
  });

  it('refuses uploads over MAX_UPLOAD_BYTES with 413 before storing them, for tus and multipart', async () => {
    const small = await startServer({ MAX_UPLOAD_BYTES: '100000' });
    try {
      const world = await makeWorld(small, 0);
      const big = await speechRecording(30, 'wav');
      const r = await world.clientA.req('POST', '/api/recordings', form(big));
      expect(r.status).to.equal(413);
      expect(r.body.error.message).to.match(/larger than/);
      // Named as the upload page names sizes (client/lib/format.ts), not in a second style.
      expect(r.body.error.message).to.include('the 98 KiB allowed');
      const t = await world.clientA.req('POST', '/api/uploads', undefined, {
        'tus-resumable': '1.0.0',
        'upload-length': '5000000',
        'upload-metadata': `filename ${Buffer.from('big.wav').toString('base64')}`,
      });
      expect(t.status).to.equal(413);
      expect((await world.clientA.ok('GET', '/api/recordings')).recordings).to.deep.equal([]);
    } finally {
      await small.stop();
    }
  });
});

describe('recordings with silence', function () {
  let srv: TestServer;
  let w: World;
  before(async function () {
    srv = await startServer();
    w = await makeWorld(srv, 1);
  });
  after(() => srv?.stop());

  it('closes segments without speech as [no speech] with no transcriber, and lets a reviewer reopen one', async () => {
    // 12 s of speech, 70 s of silence, 12 s of speech, cut at about 20 s.
    const file = `${srv.dataDir}/quiet.wav`;
    const { execFileSync } = await import('node:child_process');
    const speech = await speechRecording(12, 'wav');
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-i',
      speech,
      '-f',
      'lavfi',
      '-t',
      '70',
      '-i',
      'anullsrc=r=44100:cl=stereo',
      '-i',
      speech,
      '-filter_complex',
      '[0:a][1:a][2:a]concat=n=3:v=0:a=1[o]',
      '-map',
      '[o]',
      file,
    ]);
    const created = await w.clientA.ok(
      'POST',
      '/api/recordings',
      form(file, { segmentSeconds: '20' }, 'quiet.wav'),
    );
    const id = created.recording.id as string;
    const rec = await waitStatus(w.clientA, id, 'transcribing');
    const view = await w.reviewer.ok('GET', `/api/review/recordings/${id}`);
    const closed = view.segments.filter((s: { autoClosed: boolean }) => s.autoClosed);
    expect(
      closed.length,
      JSON.stringify(
        view.segments.map((s: { start: number; end: number; status: string }) => [s.start, s.end, s.status]),
      ),
    ).to.be.greaterThan(0);
    for (const s of closed) {
      expect(s.status).to.equal('approved');
      expect(s.turns[0].text).to.equal('[no speech]');
      expect(s.start).to.be.greaterThan(10);
      expect(s.end).to.be.lessThan(84);
    }
    expect(rec.segments.approved).to.equal(closed.length);
    const reopened = await w.reviewer.ok('POST', `/api/segments/${closed[0].id}/reopen`);
    expect(reopened.segment).to.include({ status: 'open', autoClosed: false });
    expect((await w.reviewer.req('POST', `/api/segments/${closed[0].id}/reopen`)).status).to.equal(409);
    const after = await w.clientA.ok('GET', `/api/recordings/${id}`);
    expect(after.recording.segments.approved).to.equal(closed.length - 1);
  });
});
