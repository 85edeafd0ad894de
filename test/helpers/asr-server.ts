/**
 * A small speech-to-text server for tests that speaks the OpenAI-compatible protocol Notula's ASR
 * engine uses: `POST /v1/audio/transcriptions`, multipart/form-data (parsed for real with busboy),
 * answering what the test's `answer` returns. Every request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';

export interface AsrCall {
  path: string;
  authorization: string | null;
  /** Text fields; repeated ones (`timestamp_granularities[]`) in order. */
  fields: Record<string, string[]>;
  file: { name: string; bytes: number } | null;
}

export interface AsrAnswer {
  status: number;
  body: unknown;
}

export interface FakeAsr {
  /** The base URL to give as ASR_URL (ends in /v1). */
  url: string;
  calls: AsrCall[];
  /** Most requests it was answering at once. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export async function startFakeAsr(
  answer: (call: AsrCall) => AsrAnswer | Promise<AsrAnswer>,
): Promise<FakeAsr> {
  const calls: AsrCall[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const call: AsrCall = {
      path: req.url ?? '',
      authorization: req.headers.authorization ?? null,
      fields: {},
      file: null,
    };
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const reply = async (): Promise<void> => {
      calls.push(call);
      const a =
        req.method === 'POST' && call.path === '/v1/audio/transcriptions'
          ? await answer(call)
          : { status: 404, body: { error: 'not found' } };
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers });
    } catch {
      res.writeHead(400).end('not multipart');
      return;
    }
    bb.on('field', (name, value) => (call.fields[name] ??= []).push(value));
    bb.on('file', (_name, stream, info) => {
      let bytes = 0;
      stream.on('data', (c: Buffer) => (bytes += c.length));
      stream.on('end', () => (call.file = { name: info.filename ?? '', bytes }));
    });
    bb.on('close', () => void reply());
    req.pipe(bb);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
