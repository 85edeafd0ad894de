/**
 * The load phase: virtual transcribers (claim → draft saves, each with the version of the previous
 * reply → submit → claim again) and clients polling their recordings, for a bounded time. Every
 * acknowledged write and every claim is logged here so the store can be checked afterwards.
 */
import { NetworkError, type Client, type Reply } from './http.ts';
import type { Recorder } from './stats.ts';
import type { Transcriber } from './setup.ts';

/** One holding of a segment as the client saw it. */
export interface Holding {
  segmentId: string;
  userId: string;
  /** Claim reply received (the server had granted the lease by then). */
  claimedAt: number;
  /** Submit request sent (the lease was certainly still ours until then); null while held. */
  releasedAt: number | null;
}

/** Acknowledged writes to one segment. */
export interface SegmentAcks {
  /** Versions the server acknowledged for draft saves. */
  saveVersions: number[];
  /** The newest acknowledged write: its version, text and kind. */
  last: { version: number; text: string; kind: 'save' | 'submit'; by: string } | null;
}

export interface LoadOptions {
  seconds: number;
  savesPerSegment: number;
  thinkMs: number;
  pollMs: number;
  recordingIds: string[];
  rec: Recorder;
  /** Called every second with the saves acknowledged so far. */
  onTick?: (elapsedSec: number, saves: number) => void;
  /** Holdings and acknowledgements of earlier rounds against the same server, to carry on. */
  carry?: Pick<LoadResult, 'holdings' | 'acks'>;
}

export interface LoadResult {
  elapsedSec: number;
  saves: number;
  submits: number;
  claims: number;
  /** Claims answered 204 (nothing open): the bench ran short of segments. */
  emptyClaims: number;
  holdings: Holding[];
  acks: Map<string, SegmentAcks>;
}

interface SegmentBody {
  segment: { id: string; start: number; version: number; turns: { text: string }[] };
}

const WORDS = [
  'so',
  'the',
  'budget',
  'for',
  'next',
  'quarter',
  'is',
  'approved',
  'and',
  'we',
  'will',
  'hire',
  'two',
  'people',
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function errorCode(r: Reply): string {
  const b = r.body as { error?: { code?: string } } | undefined;
  return b?.error?.code ?? r.text.slice(0, 60);
}

export async function runLoad(
  transcribers: Transcriber[],
  pollers: Client[],
  o: LoadOptions,
): Promise<LoadResult> {
  // A transcriber still holding a segment from an earlier round gets it back from its next claim.
  const holdings: Holding[] = o.carry?.holdings ?? [];
  const acks = o.carry?.acks ?? new Map<string, SegmentAcks>();
  /** Each transcriber's open holding, by user. */
  const held = new Map<string, Holding>(
    holdings.filter((h) => h.releasedAt === null).map((h) => [h.userId, h]),
  );
  // Everyone opens their page first (GET /api/me), all at once, as a browser does before anyone
  // presses Claim: the load then runs on kept-alive connections, as browsers' requests do. (Node
  // accepts one new connection per turn of its event loop, so fifty connections opened in the
  // same instant under full load would measure connection set-up, not claims.)
  const opened = await Promise.all(
    [...transcribers.map((t) => t.client), ...pollers].map((c) => c.req('GET', '/api/me')),
  );
  const refused = opened.find((r) => r.status !== 200);
  if (refused)
    throw new Error(`GET /api/me before the load: ${refused.status} ${refused.text.slice(0, 200)}`);
  const t0 = performance.now();
  const deadline = t0 + o.seconds * 1000;
  const running = () => performance.now() < deadline;
  let saves = 0;
  let submits = 0;
  let claims = 0;
  let emptyClaims = 0;

  /** One exchange, timed under `kind`; null after a network error (counted). */
  const call = async (
    c: Client,
    kind: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Reply | null> => {
    try {
      const r = await c.req(method, path, body);
      o.rec.add(kind, r.ms);
      return r;
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      o.rec.error(`${kind}: network error (${e.message})`);
      return null;
    }
  };
  const ackOf = (id: string): SegmentAcks => {
    let a = acks.get(id);
    if (!a) acks.set(id, (a = { saveVersions: [], last: null }));
    return a;
  };

  const transcribe = async (t: Transcriber): Promise<void> => {
    let w = 0;
    while (running()) {
      const r = await call(t.client, 'claim', 'POST', '/api/work/claim');
      if (!r) continue;
      if (r.status === 204) {
        emptyClaims++;
        await sleep(200);
        continue;
      }
      if (r.status !== 200) {
        o.rec.error(`claim: ${r.status} ${errorCode(r)}`);
        await sleep(100);
        continue;
      }
      claims++;
      const seg = (r.body as SegmentBody).segment;
      // The segment this transcriber held when the last round stopped comes back: the same holding.
      let holding = held.get(t.userId);
      if (holding?.segmentId !== seg.id) {
        holding = { segmentId: seg.id, userId: t.userId, claimedAt: Date.now(), releasedAt: null };
        holdings.push(holding);
      }
      held.set(t.userId, holding);
      const a = ackOf(seg.id);
      let version = seg.version;
      // A segment claimed again after an error comes back with its draft: carry on typing it.
      let text = seg.turns[0]?.text ?? '';
      let done = 0;
      let failed = false;
      while (done < o.savesPerSegment && running()) {
        if (o.thinkMs > 0) {
          await sleep(Math.min(o.thinkMs, deadline - performance.now()));
          if (!running()) break;
        }
        text = text ? `${text} ${WORDS[w++ % WORDS.length]}` : 'Okay';
        const turns = [{ speaker: 'Speaker 1', start: seg.start, text }];
        const s = await call(t.client, 'save', 'PUT', `/api/segments/${seg.id}/draft`, { turns, version });
        if (!s || s.status !== 200) {
          if (s) o.rec.error(`save: ${s.status} ${errorCode(s)}`);
          failed = true;
          break;
        }
        version = (s.body as { version: number }).version;
        a.saveVersions.push(version);
        a.last = { version, text, kind: 'save', by: t.userId };
        saves++;
        done++;
      }
      if (failed || !running()) continue;
      const turns = [{ speaker: 'Speaker 1', start: seg.start, text }];
      holding.releasedAt = Date.now();
      const s = await call(t.client, 'submit', 'POST', `/api/segments/${seg.id}/submit`, { turns, version });
      if (!s || s.status !== 200) {
        if (s) o.rec.error(`submit: ${s.status} ${errorCode(s)}`);
        holding.releasedAt = null;
        continue;
      }
      a.last = { version: (s.body as SegmentBody).segment.version, text, kind: 'submit', by: t.userId };
      held.delete(t.userId);
      submits++;
    }
  };

  const poll = async (c: Client, n: number): Promise<void> => {
    // Spread the pollers over the interval rather than have them all fire at once.
    await sleep((o.pollMs * n) / Math.max(1, pollers.length));
    let i = n;
    while (running()) {
      const next = performance.now() + o.pollMs;
      const l = await call(c, 'poll list', 'GET', '/api/recordings');
      if (l && l.status !== 200) o.rec.error(`poll list: ${l.status} ${errorCode(l)}`);
      const id = o.recordingIds[i++ % o.recordingIds.length]!;
      const g = await call(c, 'poll status', 'GET', `/api/recordings/${id}`);
      if (g && g.status !== 200) o.rec.error(`poll status: ${g.status} ${errorCode(g)}`);
      const wait = Math.min(next, deadline) - performance.now();
      if (wait > 0) await sleep(wait);
    }
  };

  const ticker = setInterval(() => o.onTick?.((performance.now() - t0) / 1000, saves), 1000);
  try {
    await Promise.all([...transcribers.map(transcribe), ...pollers.map(poll)]);
  } finally {
    clearInterval(ticker);
  }
  return { elapsedSec: (performance.now() - t0) / 1000, saves, submits, claims, emptyClaims, holdings, acks };
}
