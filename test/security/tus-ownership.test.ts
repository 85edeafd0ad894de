/**
 * A tus upload is touched only through its own URL by its own organisation: whatever else the URL
 * carries (query, extra segments, encoded slashes, dot segments, matrix parameters), the upload
 * that HEAD, PATCH and DELETE act on is the one that was authorised.
 */
import { expect } from 'chai';
import http from 'node:http';
import { makeWorld, startServer, type TestServer, type World } from '../helpers/server.ts';
import type { Api } from '../helpers/api.ts';

const LENGTH = 1000;
const b64 = (s: string): string => Buffer.from(s).toString('base64');

interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with the path sent exactly as written: no client-side normalisation of dots or slashes. */
function raw(
  srv: TestServer,
  method: string,
  rawPath: string,
  cookie: string | null,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<RawReply> {
  const { port } = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: rawPath,
        headers: { 'tus-resumable': '1.0.0', ...(cookie ? { cookie } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function createUpload(srv: TestServer, who: Api, title: string): Promise<string> {
  const r = await raw(srv, 'POST', '/api/uploads', who.cookie, {
    'upload-length': String(LENGTH),
    'upload-metadata': `filename ${b64(`${title}.wav`)},title ${b64(title)}`,
  });
  expect(r.status, r.body).to.equal(201);
  return String(r.headers['notula-recording-id']);
}

describe('tus uploads: only the authorised upload is ever touched', () => {
  let srv: TestServer;
  let w: World;

  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 0);
  });
  after(async () => srv?.stop());

  /** Org A's unfinished upload is as it was: still uploading, nothing received, its metadata private. */
  async function victimIntact(victim: string): Promise<void> {
    const rec = await w.clientA.req('GET', `/api/recordings/${victim}`);
    expect(rec.status, 'the victim recording still exists').to.equal(200);
    expect(rec.body.recording.status).to.equal('uploading');
    const head = await raw(srv, 'HEAD', `/api/uploads/${victim}`, w.clientA.cookie);
    expect(head.status).to.equal(200);
    expect(head.headers['upload-offset']).to.equal('0');
  }

  const disguises = (mine: string, victim: string): string[] => [
    `/api/uploads/${mine}?x=/${victim}`,
    `/api/uploads/${mine}?x=%2F${victim}`,
    `/api/uploads/${mine}?/${victim}`,
    `/api/uploads/${mine}/?x=/${victim}`,
    `/api/uploads/${mine};x=/${victim}`,
    `/api/uploads/${mine}%2F${victim}`,
    `/api/uploads/${mine}%2F..%2F${victim}`,
    `/api/uploads/${mine}/../${victim}`,
    `/api/uploads/${mine}/${victim}`,
    `/api/uploads/./${victim}`,
    `/api/uploads//${victim}`,
  ];

  it("HEAD through a disguised URL never reveals another organisation's upload", async () => {
    const victim = await createUpload(srv, w.clientA, 'VICTIMTITLE');
    const mine = await createUpload(srv, w.clientB, 'minetitle');
    for (const url of disguises(mine, victim)) {
      const r = await raw(srv, 'HEAD', url, w.clientB.cookie);
      const meta = String(r.headers['upload-metadata'] ?? '');
      expect(meta, `${url} leaked the victim's metadata`).to.not.include(b64('VICTIMTITLE'));
      if (r.status === 200) expect(meta, url).to.include(b64('minetitle'));
    }
    await victimIntact(victim);
  });

  it("PATCH through a disguised URL never writes into another organisation's upload", async () => {
    const victim = await createUpload(srv, w.clientA, 'VICTIMTITLE');
    for (const url of disguises('MINE', victim)) {
      // A fresh upload of B's each time: a PATCH that lands on it finishes it.
      const mine = await createUpload(srv, w.clientB, 'minetitle');
      const r = await raw(
        srv,
        'PATCH',
        url.replace('MINE', mine),
        w.clientB.cookie,
        { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        Buffer.alloc(LENGTH, 7),
      );
      expect(r.status, `${url}: ${r.body}`).to.not.equal(500);
      await victimIntact(victim);
    }
    const audit = await srv.running.services.audit.list({ limit: 200 });
    const intoA = audit.filter((e) => e.target === victim && e.actorId === w.clientB.user!.id);
    expect(intoA, 'audit entries of B acting on A').to.deep.equal([]);
  });

  it("DELETE through a disguised URL never removes another organisation's upload", async () => {
    const victim = await createUpload(srv, w.clientA, 'VICTIMTITLE');
    for (const url of disguises('MINE', victim)) {
      const mine = await createUpload(srv, w.clientB, 'minetitle');
      const r = await raw(srv, 'DELETE', url.replace('MINE', mine), w.clientB.cookie);
      expect(r.status, `${url}: ${r.body}`).to.not.equal(500);
      await victimIntact(victim);
    }
  });

  it("another organisation's upload is not there at all, even by its plain URL", async () => {
    const victim = await createUpload(srv, w.clientA, 'VICTIMTITLE');
    for (const method of ['HEAD', 'PATCH', 'DELETE']) {
      const r = await raw(srv, method, `/api/uploads/${victim}`, w.clientB.cookie, {
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      });
      expect(r.status, `${method}: ${r.body}`).to.equal(404);
    }
    await victimIntact(victim);
  });

  it('the owner still resumes its own upload by its plain URL', async () => {
    const mine = await createUpload(srv, w.clientB, 'minetitle');
    const r = await raw(
      srv,
      'PATCH',
      `/api/uploads/${mine}`,
      w.clientB.cookie,
      { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      Buffer.alloc(100, 1),
    );
    expect(r.status, r.body).to.equal(204);
    expect(r.headers['upload-offset']).to.equal('100');
    const head = await raw(srv, 'HEAD', `/api/uploads/${mine}`, w.clientB.cookie);
    expect(head.headers['upload-offset']).to.equal('100');
  });
});
