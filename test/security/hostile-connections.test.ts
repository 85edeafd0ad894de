import { expect } from 'chai';
import net from 'node:net';
import { startServer, until, type TestServer } from '../helpers/server.ts';

/** A raw connection: what it received, and whether (and when) the server closed it. */
interface Raw {
  socket: net.Socket;
  received: () => string;
  closed: Promise<number>;
}

function connect(url: string): Promise<Raw> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = net.connect(Number(port), hostname, () => {
      const t0 = Date.now();
      const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - t0)));
      resolve({ socket, received: () => data, closed });
    });
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

/** Resolves with the close time, or rejects after `ms`: the server must have cut the connection. */
function closedWithin(raw: Raw, ms: number): Promise<number> {
  return Promise.race([
    raw.closed,
    new Promise<number>((_, reject) =>
      setTimeout(() => reject(new Error(`the connection was still open after ${ms} ms`)), ms).unref(),
    ),
  ]);
}

function head(method: string, path: string, headers: Record<string, string | number>): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

describe('hostile connections: stalled bodies, stalled headers, connection floods', () => {
  let srv: TestServer;
  before(async () => {
    // Short limits, so the network behaviour under test happens within a second or two.
    srv = await startServer({ REQUEST_TIMEOUT_SECONDS: '1', UPLOAD_IDLE_SECONDS: '1' });
  });
  after(() => srv?.stop());

  const cookie = (): string => srv.admin.cookie!;

  it('answers 408 and closes a connection whose JSON body stalls after 10 bytes', async () => {
    const raw = await connect(srv.url);
    raw.socket.write(
      head('POST', '/api/orgs', {
        'Content-Type': 'application/json',
        'Content-Length': 100,
        Cookie: cookie(),
      }) + '{"name": "',
    );
    const ms = await closedWithin(raw, 5000);
    expect(ms).to.be.below(5000);
    expect(raw.received()).to.match(/^HTTP\/1\.1 408 /);
    expect(raw.received()).to.include('request_timeout');
  });

  it('closes a connection whose body stalls after the route answered without reading it', async () => {
    const raw = await connect(srv.url);
    raw.socket.write(head('POST', '/api/work/claim', { 'Content-Length': 100 }) + '0123456789');
    await closedWithin(raw, 5000);
    expect(raw.received()).to.match(/^HTTP\/1\.1 401 /);
  });

  it('closes a connection whose headers never finish', async () => {
    const raw = await connect(srv.url);
    raw.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    await closedWithin(raw, 5000);
  });

  it('cuts a tus PATCH that stalls, and keeps what arrived for resuming', async () => {
    const orgId = (await srv.admin.ok('POST', '/api/orgs', { name: 'Stall Org' })).org.id;
    const created = await srv.admin.req('POST', '/api/uploads', undefined, {
      'Tus-Resumable': '1.0.0',
      'Upload-Length': '1000',
      'Upload-Metadata': `filename ${Buffer.from('a.wav').toString('base64')},orgId ${Buffer.from(orgId).toString('base64')}`,
    });
    expect(created.status, created.text).to.equal(201);
    const id = created.headers.get('notula-recording-id')!;
    const raw = await connect(srv.url);
    raw.socket.write(
      head('PATCH', `/api/uploads/${id}`, {
        'Tus-Resumable': '1.0.0',
        'Upload-Offset': 0,
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': 1000,
        Cookie: cookie(),
      }) + 'x'.repeat(10),
    );
    await closedWithin(raw, 5000);
    const state = await srv.admin.req('HEAD', `/api/uploads/${id}`, undefined, { 'Tus-Resumable': '1.0.0' });
    expect(state.status).to.equal(200);
    expect(Number(state.headers.get('upload-offset'))).to.be.at.most(10);
  });

  it('lets a tus PATCH run past REQUEST_TIMEOUT_SECONDS while its bytes keep coming', async () => {
    const orgId = (await srv.admin.ok('POST', '/api/orgs', { name: 'Slow Org' })).org.id;
    const created = await srv.admin.req('POST', '/api/uploads', undefined, {
      'Tus-Resumable': '1.0.0',
      'Upload-Length': '4000',
      'Upload-Metadata': `filename ${Buffer.from('a.wav').toString('base64')},orgId ${Buffer.from(orgId).toString('base64')}`,
    });
    expect(created.status, created.text).to.equal(201);
    const id = created.headers.get('notula-recording-id')!;
    const raw = await connect(srv.url);
    raw.socket.write(
      head('PATCH', `/api/uploads/${id}`, {
        'Tus-Resumable': '1.0.0',
        'Upload-Offset': 0,
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': 2000,
        Cookie: cookie(),
      }),
    );
    // 2 000 bytes over ~1.6 s: longer than the 1 s request timeout, never silent for as long as the idle limit.
    for (let i = 0; i < 8; i++) {
      raw.socket.write('y'.repeat(250));
      await new Promise((r) => setTimeout(r, 200));
    }
    const answered = Date.now();
    while (!/\r\n\r\n/.test(raw.received()) && Date.now() - answered < 5000)
      await new Promise((r) => setTimeout(r, 20));
    expect(raw.received()).to.match(/^HTTP\/1\.1 204 /);
    raw.socket.destroy();
  });

  it('cuts a multipart upload that stalls', async () => {
    const raw = await connect(srv.url);
    raw.socket.write(
      head('POST', '/api/recordings', {
        'Content-Type': 'multipart/form-data; boundary=xyz',
        'Content-Length': 100_000,
        Cookie: cookie(),
      }) + '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\nabc',
    );
    await closedWithin(raw, 5000);
  });

  it('still serves after all of the above', async () => {
    expect((await srv.api().req('GET', '/healthz')).status).to.equal(200);
  });
});

describe('hostile connections: more than MAX_CONNECTIONS at once', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startServer({ MAX_CONNECTIONS: '4' });
  });
  after(() => srv?.stop());

  it('refuses connections beyond the cap and serves again once some close', async () => {
    const raws: Raw[] = [];
    for (let i = 0; i < 10; i++) raws.push(await connect(srv.url));
    for (const r of raws) r.socket.write(head('GET', '/healthz', {}));
    // The cap holds whatever connections the test's own client keeps alive: at most 4 are served.
    const outcome = await Promise.all(
      raws.map(
        (r) =>
          new Promise<'served' | 'refused'>((resolve) => {
            const check = (): void => {
              if (/^HTTP\/1\.1 200 /.test(r.received())) resolve('served');
            };
            r.socket.on('data', check);
            check();
            r.closed.then(() => resolve(/^HTTP\/1\.1 200 /.test(r.received()) ? 'served' : 'refused'));
          }),
      ),
    );
    const served = outcome.filter((o) => o === 'served').length;
    expect(served).to.be.at.least(1).and.at.most(4);
    expect(outcome.filter((o) => o === 'refused').length).to.equal(10 - served);
    for (const r of raws) r.socket.destroy();
    await Promise.all(raws.map((r) => r.closed));
    // The server counts a closed connection out when it sees the close, a moment after the test does.
    const servedAgain = await until(
      async () => {
        const again = await connect(srv.url);
        again.socket.write(head('GET', '/healthz', { Connection: 'close' }));
        await closedWithin(again, 5000);
        return /^HTTP\/1\.1 200 /.test(again.received());
      },
      5000,
      'a new connection served',
    );
    expect(servedAgain).to.equal(true);
  });
});
