import { expect } from 'chai';
import fs from 'node:fs';
import * as tus from 'tus-js-client';
import { ChildServer } from '../helpers/child-server.ts';
import { makeTempDir } from '../helpers/store.ts';
import { speechRecording } from '../helpers/media.ts';
import { until } from '../helpers/server.ts';
import type { Api } from '../helpers/api.ts';

function form(file: string, fields: Record<string, string> = {}): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', new Blob([fs.readFileSync(file)]), 'meeting.m4a');
  return fd;
}

async function status(
  api: Api,
  id: string,
): Promise<{ status: string; progress: number; segments: { total: number }; error?: string }> {
  return (await api.ok('GET', `/api/recordings/${id}`)).recording;
}

describe('crashes (real processes, SIGKILL)', function () {
  this.timeout(240_000);
  let dataDir: string;
  let srv: ChildServer;
  let client: string;
  let transcribers: string[];
  let reviewer: string;

  before(async function () {
    if (process.env.MONGODB_URI) this.skip();
    dataDir = makeTempDir('notula-crash-');
    // Short job leases so a killed worker's job is taken over within the test.
    srv = new ChildServer(dataDir, { JOB_LEASE_SECONDS: '2' });
    await srv.start();
    const admin = await srv.admin();
    const { org } = await admin.ok('POST', '/api/orgs', { name: 'Crash Co' });
    await admin.ok('PATCH', `/api/orgs/${org.id}`, { segmentSeconds: 20 });
    client = 'client@crash.test';
    await admin.ok('POST', '/api/users', {
      email: client,
      password: 'password-123',
      role: 'client',
      orgId: org.id,
    });
    transcribers = ['t1@crash.test', 't2@crash.test', 't3@crash.test'];
    for (const t of transcribers)
      await admin.ok('POST', '/api/users', { email: t, password: 'password-123', role: 'transcriber' });
    reviewer = 'r@crash.test';
    await admin.ok('POST', '/api/users', { email: reviewer, password: 'password-123', role: 'reviewer' });
  });
  after(async () => {
    await srv?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes an upload after the server was killed mid-upload', async () => {
    const file = fs.readFileSync(await speechRecording(40, 'wav'));
    let c = await srv.as(client);
    let recordingId = '';
    let uploadUrl = '';
    await new Promise<void>((resolve, reject) => {
      const up: tus.Upload = new tus.Upload(file, {
        endpoint: `${srv.url}/api/uploads`,
        chunkSize: 128 * 1024,
        headers: { cookie: c.cookie! },
        metadata: { filename: 'killed.wav' },
        retryDelays: [],
        onAfterResponse: (_req, res) => {
          recordingId ||= res.getHeader('Notula-Recording-Id') ?? '';
        },
        onProgress: (sent) => {
          if (sent > file.length / 2 && !uploadUrl) {
            uploadUrl = up.url!;
            void srv.kill().then(resolve);
          }
        },
        onError: () => resolve(),
        onSuccess: () => reject(new Error('the upload should have been cut off')),
      });
      up.start();
    });
    await srv.kill();
    await srv.start();
    c = await srv.as(client);
    expect((await status(c, recordingId)).status).to.equal('uploading');
    const path = new URL(uploadUrl).pathname;
    await new Promise<void>((resolve, reject) => {
      new tus.Upload(file, {
        uploadUrl: `${srv.url}${path}`,
        chunkSize: 128 * 1024,
        headers: { cookie: c.cookie! },
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
    const rec = await until(
      async () => {
        const r = await status(c, recordingId);
        return r.status === 'transcribing' ? r : null;
      },
      60_000,
      'resumed upload ingested',
    );
    expect(rec.segments.total).to.be.greaterThan(0);
  });

  it('retries an ingest killed half-way and ends with exactly one set of segments', async () => {
    let c = await srv.as(client);
    const created = await c.ok(
      'POST',
      '/api/recordings',
      form(await speechRecording(900), { title: 'Long meeting' }),
    );
    const id = created.recording.id as string;
    await until(async () => (await status(c, id)).status === 'processing', 30_000, 'processing');
    await new Promise((r) => setTimeout(r, 300));
    expect((await status(c, id)).status).to.equal('processing');
    await srv.kill();
    await srv.start();
    c = await srv.as(client);
    const rec = await until(
      async () => {
        const r = await status(c, id);
        if (r.status === 'failed') throw new Error(r.error);
        return r.status === 'transcribing' ? r : null;
      },
      120_000,
      'ingest retried',
    );
    // One set: indexes 0..n-1 exactly once, tiling [0, duration).
    const admin = await srv.admin();
    const view = await admin.ok('GET', `/api/review/recordings/${id}`);
    const segs = view.segments as { index: number; start: number; end: number }[];
    expect(segs.map((s) => s.index)).to.deep.equal(segs.map((_, i) => i));
    expect(segs.length).to.equal(rec.segments.total);
    expect(segs[0].start).to.equal(0);
    for (let i = 1; i < segs.length; i++) expect(segs[i].start).to.equal(segs[i - 1].end);
    expect(segs.at(-1)!.end).to.be.closeTo(900, 0.5);
    expect(fs.existsSync(`${dataDir}/tmp`) ? fs.readdirSync(`${dataDir}/tmp`) : []).to.deep.equal([]);
  });

  it('keeps every acknowledged draft save of a burst cut short by SIGKILL', async () => {
    const workers = await Promise.all(transcribers.map((t) => srv.as(t)));
    const held: { id: string; version: number; start: number }[] = [];
    for (const w of workers) {
      const r = await w.req('POST', '/api/work/claim');
      expect(r.status).to.equal(200);
      held.push(r.body.segment);
    }
    const acked = held.map((s) => ({
      id: s.id as string,
      version: s.version as number,
      text: '',
      inflight: '',
    }));
    let stop = false;
    let killing = false;
    const loops = workers.map(async (w, i) => {
      const a = acked[i];
      const start = held[i].start as number;
      for (let n = 0; !stop; n++) {
        const text = `save ${n} of segment ${a.id}`;
        a.inflight = text;
        try {
          const r = await w.req('PUT', `/api/segments/${a.id}/draft`, {
            turns: [{ speaker: 'A', start, text }],
            version: a.version,
          });
          if (r.status !== 200) throw new Error(`save answered ${r.status} ${r.text}`);
          a.version = r.body.version;
          a.text = text;
        } catch (e) {
          // Once the kill is on its way, a refused or reset connection is the point of the test.
          if (!killing) throw e;
          break;
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    killing = true;
    await srv.kill();
    stop = true;
    await Promise.all(loops);
    expect(acked.every((a) => a.version > 5)).to.equal(true);
    await srv.start();
    for (let i = 0; i < workers.length; i++) {
      const w = await srv.as(transcribers[i]);
      const seg = (await w.ok('GET', `/api/segments/${acked[i].id}`)).segment;
      const a = acked[i];
      // The last acknowledged save is there; at most the one in flight when the server died went further.
      expect(seg.version).to.be.within(a.version, a.version + 1);
      expect(seg.turns[0].text).to.equal(seg.version === a.version ? a.text : a.inflight);
      await w.ok('POST', `/api/segments/${a.id}/release`);
    }
  });

  it('completes a recording exactly once when the server is killed as its last segment is approved', async () => {
    let c = await srv.as(client);
    const created = await c.ok(
      'POST',
      '/api/recordings',
      form(await speechRecording(50), { title: 'Merge crash', participants: 'Ana' }),
    );
    const id = created.recording.id as string;
    await until(async () => (await status(c, id)).status === 'transcribing', 60_000, 'transcribing');
    const t = await srv.as(transcribers[0]);
    const rv = await srv.as(reviewer);
    for (;;) {
      const r = await t.req('POST', '/api/work/claim');
      if (r.status === 204) break;
      const s = r.body.segment;
      const turns = [
        {
          speaker: 'Ana',
          start: s.start,
          text: `words of ${s.recordingId === id ? 'merge' : 'other'} segment ${s.index}`,
        },
      ];
      await t.ok('POST', `/api/segments/${s.id}/submit`, { turns, version: s.version });
    }
    // A reviewer holds one segment at a time: approve as we go, and kill the server right after
    // the approval of this recording's last segment, while its merge is queued or running.
    const total = (await status(c, id)).segments.total;
    let approvedHere = 0;
    for (;;) {
      const r = await rv.req('POST', '/api/review/claim');
      expect(r.status, 'a submitted segment is waiting').to.equal(200);
      const s = r.body.segment;
      await rv.ok('POST', `/api/segments/${s.id}/approve`, { version: s.version });
      if (s.recordingId === id && ++approvedHere === total) break;
    }
    await srv.kill();
    await srv.start();
    c = await srv.as(client);
    await until(async () => (await status(c, id)).status === 'completed', 60_000, 'completed after restart');
    const txt = await c.req('GET', `/api/recordings/${id}/transcript?format=txt`);
    expect(txt.status).to.equal(200);
    expect(txt.text).to.include('Ana: words of merge segment 0');
    // If the kill fell between "completed" and its announcement, the merge job is retried once its
    // lease (2 s here) runs out and announces then: wait past that, then count.
    const admin = await srv.admin();
    const announced = async () => {
      const audit = await admin.ok('GET', '/api/audit?action=recording.completed&limit=1000');
      return audit.entries.filter((e: { target: string }) => e.target === id).length as number;
    };
    await until(async () => (await announced()) > 0, 30_000, 'completion announced');
    // Indexed for search before it is announced, also when the kill fell in between.
    const found = await c.ok('GET', `/api/search?q=${encodeURIComponent('"words of merge segment 0"')}`);
    expect(found.hits.map((h: { recordingId: string }) => h.recordingId)).to.deep.equal([id]);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await announced()).to.equal(1);
  });
});
