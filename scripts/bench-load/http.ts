/**
 * A lean keep-alive HTTP client for the load test: node:http with one shared agent (fetch adds a
 * few hundred microseconds per request of its own, which would show up in the latencies), a
 * session cookie per virtual user, and the time of every exchange until the body is read.
 */
import http from 'node:http';

export interface Reply {
  status: number;
  /** Parsed JSON body, or undefined when the reply is not JSON. */
  body: unknown;
  text: string;
  /** Request written → body fully read, in ms. */
  ms: number;
}

export class NetworkError extends Error {}

export class Client {
  /** The session cookie (`notula_session=…`) once signed in. */
  cookie: string | null = null;

  constructor(
    private readonly base: URL,
    private readonly agent: http.Agent,
  ) {}

  async login(email: string, password: string): Promise<void> {
    const r = await this.req('POST', '/api/auth/login', { email, password });
    if (r.status !== 200) throw new Error(`login as ${email} failed: ${r.status} ${r.text}`);
  }

  req(method: string, path: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    if (this.cookie) headers.cookie = this.cookie;
    return new Promise<Reply>((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const rq = http.request(
        { host: this.base.hostname, port: this.base.port, method, path, headers, agent: this.agent },
        (res) => {
          for (const c of res.headers['set-cookie'] ?? []) {
            const pair = c.split(';')[0]!;
            if (pair.startsWith('notula_session=')) this.cookie = pair.endsWith('=') ? null : pair;
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => reject(new NetworkError(e.message)));
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - t0) / 1e6;
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            if ((res.headers['content-type'] ?? '').includes('json') && text) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = undefined;
              }
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, text, ms });
          });
        },
      );
      rq.on('error', (e) => reject(new NetworkError(e.message)));
      rq.end(payload ?? undefined);
    });
  }
}

export function keepAliveAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });
}
