/**
 * Bench setup through the real API: an organisation, a client, transcribers and polling clients,
 * and enough uploaded audio that every transcriber always finds an open segment.
 */
import fs from 'node:fs';
import type http from 'node:http';
import { Client } from './http.ts';

export interface Transcriber {
  name: string;
  userId: string;
  client: Client;
}

export interface World {
  orgId: string;
  transcribers: Transcriber[];
  pollers: Client[];
  recordingIds: string[];
  openSegments: number;
}

export interface SetupOptions {
  url: URL;
  agent: http.Agent;
  admin: { email: string; password: string };
  transcribers: number;
  pollers: number;
  /** The file to upload, `copies` times. */
  audioFile: string;
  copies: number;
  segmentSeconds: number;
  timeoutMs: number;
  say: (line: string) => void;
}

const PASSWORD = 'bench-password-1';

interface RecordingBody {
  recording: { id: string; status: string; error?: string; segments: { total: number; open: number } };
}

export async function ok<T>(c: Client, method: string, path: string, body?: unknown): Promise<T> {
  const r = await c.req(method, path, body);
  if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${r.text}`);
  return r.body as T;
}

/** Creates an account through the API and signs it in. */
export async function user(
  o: Pick<SetupOptions, 'url' | 'agent'>,
  admin: Client,
  role: string,
  name: string,
  orgId?: string,
): Promise<Transcriber> {
  const email = `${name}@bench.notula.test`;
  const made = await ok<{ user: { id: string } }>(admin, 'POST', '/api/users', {
    email,
    password: PASSWORD,
    role,
    ...(orgId ? { orgId } : {}),
  });
  const client = new Client(o.url, o.agent);
  await client.login(email, PASSWORD);
  return { name, userId: made.user.id, client };
}

/** Runs `fn` over `items`, `width` at a time (password hashing is slow; the server has one core). */
export async function eachLimited<T, R>(items: T[], width: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

async function upload(o: SetupOptions, owner: Client, n: number): Promise<string> {
  const form = new FormData();
  form.set('title', `Bench meeting ${n + 1}`);
  form.set('segmentSeconds', String(o.segmentSeconds));
  form.set('file', await fs.openAsBlob(o.audioFile, { type: 'audio/wav' }), `bench-${n + 1}.wav`);
  const res = await fetch(new URL('/api/recordings', o.url), {
    method: 'POST',
    body: form,
    headers: { cookie: owner.cookie ?? '' },
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`upload ${n + 1} → ${res.status} ${text}`);
  return (JSON.parse(text) as RecordingBody).recording.id;
}

export async function setup(o: SetupOptions): Promise<World> {
  const admin = new Client(o.url, o.agent);
  await admin.login(o.admin.email, o.admin.password);
  const org = await ok<{ org: { id: string } }>(admin, 'POST', '/api/orgs', { name: 'Bench Org' });
  const orgId = org.org.id;
  const owner = await user(o, admin, 'client', 'client-0', orgId);

  // Uploads first: ingest runs in the server's workers while the accounts are being made.
  const recordingIds: string[] = [];
  for (let i = 0; i < o.copies; i++) recordingIds.push(await upload(o, owner.client, i));
  o.say(
    `uploaded ${o.copies} recording(s); creating ${o.transcribers} transcribers and ${o.pollers} polling clients`,
  );

  const names = Array.from(
    { length: o.transcribers },
    (_, i) => `transcriber-${String(i + 1).padStart(2, '0')}`,
  );
  const transcribers = await eachLimited(names, 4, (n) => user(o, admin, 'transcriber', n));
  const pollers = [owner.client];
  for (let i = 1; i < o.pollers; i++)
    pollers.push((await user(o, admin, 'client', `client-${i}`, orgId)).client);

  const deadline = Date.now() + o.timeoutMs;
  let lastLine = '';
  for (;;) {
    let open = 0;
    let ready = 0;
    const states: string[] = [];
    for (const id of recordingIds) {
      const r = (await ok<RecordingBody>(owner.client, 'GET', `/api/recordings/${id}`)).recording;
      if (r.status === 'failed')
        throw new Error(`recording ${id} failed to ingest: ${r.error ?? 'no reason given'}`);
      if (r.status === 'transcribing') ready++;
      open += r.segments.open;
      states.push(r.status);
    }
    // Wait for every recording: an ingest still running would compete with the load for the CPU.
    if (ready === recordingIds.length) {
      return { orgId, transcribers, pollers, recordingIds, openSegments: open };
    }
    const line = `waiting for ingest: ${states.join(', ')}; ${open} open segments`;
    if (line !== lastLine) o.say(line);
    lastLine = line;
    if (Date.now() > deadline)
      throw new Error(`ingest did not finish within ${o.timeoutMs / 1000} s (${line})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
